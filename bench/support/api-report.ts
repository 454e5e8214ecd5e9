import type { CommandCount } from '../../test/support/command-log.js';
import type { Load, LoadOptions } from './load.js';
import { out } from './report.js';
import type { RouteResult, ScaleResult } from './api-scale.js';

export function printHeader(options: LoadOptions, machine: string): void {
  out(`API benchmark: ${options.connections} connections, ${options.seconds} s per measurement; machine: ${machine}\n`);
}

/** The growth from the smallest to the largest scale, and anything that makes the figures untrustworthy. */
export function printSummary(results: ScaleResult[]): void {
  if (results.length > 1) printGrowth(results[0], results[results.length - 1]);
  printProblems(results);
}

export function printScale(result: ScaleResult): void {
  const records = counts(result.records);
  const { trivial } = result;
  out(`\n### ${result.leads} leads, database ${result.engine}\n`);
  out(`Live records: ${records}. Manager's scope: ${result.managerScope} Odoo users.`);
  out(`Dashboard sums (sales_rollups rows): ${counts(result.rollups) || 'none'}.`);
  out(`The full sync that filled the database: ${commandsOf(result.syncCommands)}.`);
  out(`Trivial authenticated route, GET /api/auth/me as admin (JWT check and one user lookup): ${rateOf(trivial)} req/s, p50 ${ms(trivial.p50)} ms, p99 ${ms(trivial.p99)} ms.`);
  out('raw: the reads the service runs for the same answer (the dashboard: its sums in sales_rollups), through the MongoDB driver,');
  out('in as many concurrent loops as connections. "from the lake": the dashboard recomputed from data_lake_serving agrees.');
  out('commands: what one request sends to the database (getMores apart: their number follows the server\'s batch size), docs: the documents returned.\n');
  out('| route | caller | path | commands | docs | req/s | p50 ms | p99 ms | raw req/s | raw p50 ms | raw p99 ms | / trivial | / raw (aim >= 0.7) | same answer |');
  out('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of result.routes) {
    const { http, raw } = row;
    const cells = [
      row.route,
      row.caller,
      `\`${row.path}\``,
      commandCell(row.commands),
      String(row.commands.documents),
      rateOf(http),
      ms(http.p50),
      ms(http.p99),
      rateOf(raw),
      ms(raw.p50),
      ms(raw.p99),
      ratio(http.perSecond / result.trivial.perSecond),
      ratio(http.perSecond / raw.perSecond),
      sameAnswer(row),
    ];
    out(`| ${cells.join(' | ')} |`);
  }
  if (result.routes.some((row) => row.http.fixedCount || row.raw.fixedCount) || result.trivial.fixedCount) {
    out('\n\\* too slow for a timed measurement (fewer than 3 answers per connection): 3 requests per connection, each awaited.');
  }
  out('');
}

/** Each route's p50 at the smallest and the largest scale (aim: the list flat, the dashboard far below the record ratio). */
function printGrowth(small: ScaleResult, large: ScaleResult): void {
  const scale = large.records.opportunity / small.records.opportunity;
  out(`### Growth of p50 from ${small.leads} to ${large.leads} leads (${ratio(scale)}x the opportunities)\n`);
  out(`| route | caller | p50 ms at ${small.leads} | p50 ms at ${large.leads} | growth | raw p50 growth | commands at ${small.leads} / ${large.leads} | docs at ${small.leads} / ${large.leads} |`);
  out('|---|---|---|---|---|---|---|---|');
  for (const row of small.routes) {
    const other = large.routes.find((candidate) => candidate.route === row.route && candidate.caller === row.caller);
    if (!other) continue;
    const cells = [
      row.route,
      row.caller,
      ms(row.http.p50),
      ms(other.http.p50),
      `${ratio(other.http.p50 / row.http.p50)}x`,
      `${ratio(other.raw.p50 / row.raw.p50)}x`,
      `${commandCell(row.commands)} / ${commandCell(other.commands)}`,
      `${row.commands.documents} / ${other.commands.documents}`,
    ];
    out(`| ${cells.join(' | ')} |`);
  }
  out('');
}

function printProblems(results: ScaleResult[]): void {
  const problems = results.flatMap((result) => [
    ...result.trivial.failures.map((failure) => `${result.leads} leads, GET /api/auth/me: ${failure}`),
    ...result.routes.flatMap((row) => problemsOf(result.leads, row)),
  ]);
  if (problems.length === 0) {
    out('Every request succeeded (no non-2xx answer, no error), and every raw baseline gave the route\'s answer.');
    return;
  }
  out('!!!!!!!! PROBLEMS: the figures above are not to be trusted !!!!!!!!');
  for (const problem of problems) out(`!!! ${problem}`);
  process.exitCode = 1;
}

function problemsOf(leads: number, row: RouteResult): string[] {
  const where = `${leads} leads, ${row.path} as ${row.caller}`;
  return [
    ...row.http.failures.map((failure) => `${where}: ${failure}`),
    ...row.raw.failures.map((failure) => `${where}, raw driver: ${failure}`),
    ...(row.mismatch === null ? [] : [`${where}: the raw driver's answer differs: ${row.mismatch}`]),
    ...(row.lakeMismatch ? [`${where}: the answer computed from data_lake_serving differs: ${row.lakeMismatch}`] : []),
  ];
}

function sameAnswer(row: RouteResult): string {
  const raw = row.mismatch === null ? 'yes' : '**NO**';
  if (row.lakeMismatch === undefined) return raw;
  return `${raw}; from the lake: ${row.lakeMismatch === null ? 'yes' : '**NO**'}`;
}

const commandCell = (sent: CommandCount) => `${sent.commands}${sent.getMores ? ` + ${sent.getMores} getMore` : ''}`;
const commandsOf = (sent: CommandCount) => `${commandCell(sent)} commands, ${sent.documents} documents returned`;
const counts = (byName: Record<string, number>) =>
  Object.entries(byName)
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
const rateOf = (load: Load) => `${rate(load)}${load.fixedCount ? '\\*' : ''}`;
const rate = (load: Load) => (load.perSecond >= 100 ? load.perSecond.toFixed(0) : load.perSecond.toFixed(1));
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '-');
const ratio = (value: number) => (!Number.isFinite(value) ? '-' : value >= 0.1 ? value.toFixed(2) : value.toPrecision(2));
