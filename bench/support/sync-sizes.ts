import { spawn } from 'node:child_process';
import { mb } from './memory-sampler.js';
import { out } from './report.js';

/** What the sync benchmark of one size sends back. */
interface SizeResult {
  leads: number;
  rss: number;
  heapUsed: number;
  heldAfter: number;
}

/**
 * Runs the sync benchmark once per size, each in a fresh process (a process's resident memory does not shrink back,
 * so sizes run one after another in one process would not compare), then prints how the full sync's peak memory
 * grows from the smallest size to each larger one.
 */
export async function benchEachSize(script: string, sizes: number[], args: string[]): Promise<void> {
  const results: SizeResult[] = [];
  for (const leads of sizes) {
    const result = await benchOneSize(script, ['--leads', String(leads), ...args]);
    if (!result) {
      process.exitCode = 1;
      return;
    }
    results.push(result);
  }
  const [smallest, ...larger] = results;
  out(`\n### Sync memory by size\n`);
  out(`| measure | ${results.map((r) => `${r.leads} leads`).join(' | ')} | ${larger.map((r) => `${r.leads} / ${smallest.leads}`).join(' | ')} |`);
  out(`|---|${results.map(() => '---').join('|')}|${larger.map(() => '---').join('|')}|`);
  const row = (name: string, value: (r: SizeResult) => number, aim: string) =>
    out(`| ${name} | ${results.map((r) => mb(value(r))).join(' | ')} | ${larger.map((r) => `${(value(r) / value(smallest)).toFixed(2)}${aim}`).join(' | ')} |`);
  row('peak RSS of the full sync', (r) => r.rss, ' (aim <= 1.10)');
  row('peak JavaScript heap in use', (r) => r.heapUsed, '');
  row('JavaScript heap held after it (after a full collection)', (r) => r.heldAfter, '');
}

function benchOneSize(script: string, args: string[]): Promise<SizeResult | undefined> {
  const child = spawn(process.execPath, [...process.execArgv, script, ...args], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  let result: SizeResult | undefined;
  child.on('message', (message: SizeResult) => (result = message));
  return new Promise((resolve) => {
    child.once('close', (code) => {
      if (code !== 0) console.error(`bench:sync ${args.join(' ')} exited with ${code}`);
      resolve(code === 0 ? result : undefined);
    });
  });
}
