// npm run bench:load [-- --leads 20000 --connections 100 --seconds 60]: mixed traffic (dashboard, lists,
// detail, me) from many concurrent clients while full syncs run, against the same sync on an idle service.
import 'reflect-metadata';
import os from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startApiWorld, type ApiWorld, type Caller } from './support/api-world.js';
import { out } from './support/report.js';

const { values } = parseArgs({
  options: {
    leads: { type: 'string', default: '20000' },
    connections: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '60' },
    'page-size': { type: 'string', default: '2000' },
  },
});
const connections = Number(values.connections);
const seconds = Number(values.seconds);
/** A request unanswered this long counts as an error (FerretDB, the local database, is slow under load). */
const TIMEOUT_SECONDS = 120;

interface Traffic {
  name: string;
  caller: Caller;
  path: string;
}

interface Measured extends Traffic {
  connections: number;
  requests: number;
  /** Sent but not answered when the time was up (autocannon drops them: neither answered nor an error). */
  unanswered: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  statusCodes: Record<string, { count: number }>;
}

const world = await startApiWorld(Number(values.leads), values['page-size']);
try {
  console.log('Full sync on the idle service...');
  const idle = await world.sync(true);
  const traffic = await mixOf(world);

  console.log(`${seconds} s of mixed traffic from ${connections} clients while full syncs run back to back...`);
  const loaded: number[] = [];
  let trafficOn = true;
  const syncs = (async () => {
    while (trafficOn) loaded.push((await world.sync(true)).seconds);
  })();
  const measured = await Promise.all(split(traffic, connections).map(([route, share]) => measure(world, route, share)));
  trafficOn = false;
  await syncs;
  await world.settled();

  report(idle.seconds, idle.records, loaded, measured);
} finally {
  await world.close();
}

/** What a sales frontend asks for: the dashboard and lists for a manager, lists and details for an admin, and who am I. */
async function mixOf(world: ApiWorld): Promise<Traffic[]> {
  const list = await fetch(`${world.baseUrl}/api/opportunities?page_size=1`, { headers: { authorization: world.admin.authorization } });
  const [first] = ((await list.json()) as { items: { id: number }[] }).items;
  return [
    { name: 'dashboard', caller: world.manager, path: '/api/sales/dashboard/real' },
    { name: 'opportunities list', caller: world.manager, path: '/api/opportunities?page_size=50' },
    { name: 'opportunities list', caller: world.admin, path: '/api/opportunities?page=3&page_size=50&sort=expected_revenue' },
    { name: 'opportunity detail', caller: world.admin, path: `/api/opportunities/${first.id}` },
    { name: 'receivables', caller: world.manager, path: '/api/receivables?page_size=50' },
    { name: 'me', caller: world.manager, path: '/api/auth/me' },
  ];
}

/** The clients shared out among the routes as evenly as they go. */
function split(traffic: Traffic[], total: number): [Traffic, number][] {
  return traffic.map((route, i) => [route, Math.floor(total / traffic.length) + (i < total % traffic.length ? 1 : 0)]);
}

async function measure(world: ApiWorld, route: Traffic, share: number): Promise<Measured> {
  const result = await autocannon({
    url: `${world.baseUrl}${route.path}`,
    connections: share,
    duration: seconds,
    timeout: TIMEOUT_SECONDS,
    headers: { authorization: route.caller.authorization },
    workers: 1,
  });
  return {
    ...route,
    connections: share,
    requests: result.requests.total,
    unanswered: result.requests.sent - result.requests.total,
    perSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors,
    statusCodes: result.statusCodeStats as Record<string, { count: number }>,
  };
}

function report(idleSeconds: number, records: number, loaded: number[], measured: Measured[]): void {
  const total = measured.reduce((sum, m) => sum + m.requests, 0);
  const errors = measured.reduce((sum, m) => sum + m.errors, 0);
  const firstLoaded = loaded[0];
  out(`\n### Load: ${connections} clients, ${seconds} s, during full syncs (${values.leads} leads, ${records} records)\n`);
  out('| route | caller | clients | answered | unanswered at the end | req/s | p50 ms | p99 ms | errors |');
  out('|---|---|---|---|---|---|---|---|---|');
  for (const m of measured) {
    const cells = [`${m.name} \`${m.path}\``, m.caller.name, m.connections, m.requests, m.unanswered, m.perSecond.toFixed(1), m.p50, m.p99, m.errors];
    out(`| ${cells.join(' | ')} |`);
  }
  const unanswered = measured.reduce((sum, m) => sum + m.unanswered, 0);
  out(`| all | | ${connections} | ${total} | ${unanswered} | ${(total / seconds).toFixed(1)} | | | ${errors} (aim 0) |`);
  out('');
  out('| sync | figure |\n|---|---|');
  out(`| full sync, idle service | ${idleSeconds.toFixed(1)} s |`);
  out(`| full syncs under load | ${loaded.map((s) => `${s.toFixed(1)} s`).join(', ')} |`);
  out(`| first sync under load / idle | ${(firstLoaded / idleSeconds).toFixed(2)}x |`);
  out(`| machine | ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version} |`);
  const failing = measured.filter((m) => m.errors > 0);
  for (const m of failing) out(`\n!!! ${m.path} as ${m.caller.name}: ${m.errors} errors, status codes ${JSON.stringify(m.statusCodes)}`);
  if (failing.length > 0) process.exitCode = 1;
}
