// npm run bench:api [-- --leads 100000,1000000 --connections 10 --seconds 10]: throughput and latency of the
// sales routes over data synced through the real path, for an admin and a manager, against a trivial
// authenticated route and the raw MongoDB driver running the same queries; then how p50 grows with the data.
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { ScaleResult } from './support/api-scale.js';
import { printHeader, printScale, printSummary } from './support/api-report.js';
import { out } from './support/report.js';

const RESULT = 'API_BENCH_RESULT ';

const { values } = parseArgs({
  options: {
    leads: { type: 'string', default: '100000,1000000' },
    connections: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '10' },
    'page-size': { type: 'string', default: '2000' },
    // Internal: measure this one scale and print its result (see runScale).
    scale: { type: 'string' },
  },
});
const options = { connections: Number(values.connections), seconds: Number(values.seconds) };

if (values.scale) {
  const { measureScale } = await import('./support/api-scale.js');
  const result = await measureScale(Number(values.scale), values['page-size'], options);
  console.log(`${RESULT}${JSON.stringify(result)}`);
} else {
  const scales = values.leads.split(',').map(Number);
  if (scales.some((leads) => !Number.isInteger(leads) || leads <= 0)) throw new Error(`--leads: a comma list of positive integers, not ${values.leads}`);
  const cpus = `${os.cpus().length} cores (${os.cpus()[0]?.model})`;
  printHeader(options, `${cpus}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, load average ${os.loadavg()[0].toFixed(2)} at start`);
  const results: ScaleResult[] = [];
  // Each scale's table as soon as it is measured: a long run interrupted keeps what it measured.
  for (const leads of scales) {
    results.push(await runScale(leads));
    printScale(results[results.length - 1]);
  }
  printSummary(results);
  out(`Load average at the end: ${os.loadavg()[0].toFixed(2)}.`);
}

/**
 * One scale in a child process: AppModule reads and validates the environment once, when first imported, so
 * each scale's own database needs a process of its own (which also hands back the previous scale's memory).
 */
function runScale(leads: number): Promise<ScaleResult> {
  const args = ['--scale', String(leads), '--connections', values.connections, '--seconds', values.seconds, '--page-size', values['page-size']];
  const child = spawn(process.execPath, [...process.execArgv, import.meta.filename, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let result: ScaleResult | undefined;
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith(RESULT)) result = JSON.parse(line.slice(RESULT.length)) as ScaleResult;
    else console.log(line);
  });
  return new Promise((resolve, reject) => {
    child.once('close', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`the ${leads}-lead measurement exited with ${code}`))));
  });
}
