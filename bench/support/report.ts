import { appendFileSync } from 'node:fs';

/** A line of a benchmark's report: printed, and added to the file `npm run bench` collects (BENCH_REPORT). */
export function out(line = ''): void {
  console.log(line);
  if (process.env.BENCH_REPORT) appendFileSync(process.env.BENCH_REPORT, `${line}\n`);
}
