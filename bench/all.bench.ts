// npm run bench [-- --sync-leads N --api-leads N,M --load-leads N --webhooks N]: the sync, API, load and webhook
// benchmarks one after another, and one markdown report of every figure they print (bench-report.md). The default
// sizes are the issues' with MONGO_URL; on the local FerretDB, which scans for most reads, smaller ones that end
// within an hour (the sync's two sizes are the on both: its memory is compared between them).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const onMongoDb = Boolean(process.env.MONGO_URL);
const { values } = parseArgs({
  options: {
    'sync-leads': { type: 'string', default: '20000,40000' },
    'api-leads': { type: 'string', default: onMongoDb ? '100000,1000000' : '500,2000' },
    'load-leads': { type: 'string', default: onMongoDb ? '20000' : '2000' },
    webhooks: { type: 'string', default: '1000' },
    report: { type: 'string', default: 'bench-report.md' },
  },
});

const report = path.resolve(values.report);
const started = new Date();
writeFileSync(
  report,
  [
    '# Benchmarks',
    '',
    `Run ${started.toISOString()} by \`npm run bench\` on ${os.cpus().length} cores (${os.cpus()[0]?.model}), ` +
      `${(os.totalmem() / 2 ** 30).toFixed(0)} GB, ${os.type()} ${os.release()}, Node ${process.version}; ` +
      `load average ${os.loadavg()[0].toFixed(2)} at start. Database: ${onMongoDb ? 'MONGO_URL' : 'the local test database, FerretDB (see each section), so at small sizes'}.`,
    '',
    '## Sync (`npm run bench:sync`)',
    '',
  ].join('\n'),
);

const failures: string[] = [];
await run('sync', ['--leads', values['sync-leads']]);
section('## Sales API (`npm run bench:api`)');
await run('api', ['--leads', values['api-leads']]);
section('## Under load (`npm run bench:load`)');
await run('load', ['--leads', values['load-leads']]);
section('## Webhooks (`npm run bench:webhooks`)');
await run('webhooks', ['--webhooks', values.webhooks]);
section(`Finished ${new Date().toISOString()}, ${((Date.now() - started.getTime()) / 60_000).toFixed(0)} min after the start; load average ${os.loadavg()[0].toFixed(2)}.`);
if (failures.length > 0) {
  section(`Failed: ${failures.join(', ')} (see the console output).`);
  process.exitCode = 1;
}
console.log(`\nReport written to ${report}`);

function section(title: string): void {
  writeFileSync(report, `\n${title}\n\n`, { flag: 'a' });
}

/** One benchmark in a process of its own, with this one's Node flags (production's), adding its figures to the report. */
function run(name: string, args: string[]): Promise<void> {
  const script = path.join(import.meta.dirname, `${name}.bench.js`);
  const child = spawn(process.execPath, [...process.execArgv, '--expose-gc', script, ...args], { stdio: 'inherit', env: { ...process.env, BENCH_REPORT: report } });
  return new Promise((resolve) => {
    child.once('close', (code) => {
      if (code !== 0) failures.push(`bench:${name} exited with ${code}`);
      resolve();
    });
  });
}
