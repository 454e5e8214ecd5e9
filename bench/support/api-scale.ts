import { isDeepStrictEqual } from 'node:util';
import type { CommandCount } from '../../test/support/command-log.js';
import { dashboardDigest, listDigest, receivablesDigest } from './answers.js';
import { startApiWorld, type ApiWorld, type Caller } from './api-world.js';
import { lakeDashboard } from './lake-dashboard.js';
import { httpLoad, rawLoad, tooSlowForTime, type Load, type LoadOptions } from './load.js';
import { RawRoutes } from './raw-routes.js';

/** The deep page of the list: page 200 at the default 50 a page, or the last page when there are fewer. */
const DEEP_PAGE = 200;
const PAGE_SIZE = 50;

export interface RouteResult {
  route: string;
  path: string;
  caller: Caller['name'];
  /** What one request sends to the database. */
  commands: CommandCount;
  http: Load;
  raw: Load;
  /** Why the raw driver's answer differs from the route's; null when they are the same. */
  mismatch: string | null;
  /** The dashboard only: why the route's answer differs from the one computed from data_lake_serving itself. */
  lakeMismatch?: string | null;
}

export interface ScaleResult {
  leads: number;
  engine: string;
  records: Record<string, number>;
  rollups: Record<string, number>;
  /** Odoo users in the manager's scope. */
  managerScope: number;
  /** What the full sync that filled the database sent to it. */
  syncCommands: CommandCount;
  /** GET /api/auth/me as the admin: authenticated, one user lookup, no sales data. */
  trivial: Load;
  routes: RouteResult[];
}

interface Route {
  name: string;
  path: string;
  digest: (answer: unknown) => object;
  raw: () => Promise<object>;
  /** Another way to the same answer, checked once. */
  lake?: () => Promise<object>;
}

export async function measureScale(leads: number, pageSize: string, options: LoadOptions): Promise<ScaleResult> {
  const world = await startApiWorld(leads, pageSize);
  try {
    const raw = new RawRoutes(world.db);
    console.log('Measuring GET /api/auth/me as admin...');
    const trivial = await measureHttp(world, world.admin, '/api/auth/me', options, false);
    const routes: RouteResult[] = [];
    for (const caller of [world.admin, world.manager]) {
      for (const route of await routesOf(world, caller, raw)) routes.push(await measureRoute(world, caller, route, options));
    }
    const managerScope = world.manager.owners?.length ?? 0;
    return { leads, engine: world.engine, records: world.records, rollups: world.rollups, managerScope, syncCommands: world.syncCommands, trivial, routes };
  } finally {
    await world.close();
  }
}

async function routesOf(world: ApiWorld, caller: Caller, raw: RawRoutes): Promise<Route[]> {
  const { total } = listDigest(await getJson(world, caller, '/api/opportunities'));
  const deepPage = Math.max(1, Math.min(DEEP_PAGE, Math.ceil(total / PAGE_SIZE)));
  return [
    { name: 'opportunities, first page', path: '/api/opportunities', digest: listDigest, raw: () => raw.opportunities(caller.owners, 1) },
    { name: 'opportunities, deep page', path: `/api/opportunities?page=${deepPage}`, digest: listDigest, raw: () => raw.opportunities(caller.owners, deepPage) },
    {
      name: 'dashboard',
      path: '/api/sales/dashboard/real',
      digest: dashboardDigest,
      raw: () => raw.dashboard(caller.owners),
      lake: () => lakeDashboard(raw.lake, caller.owners),
    },
    { name: 'receivables', path: '/api/receivables', digest: receivablesDigest, raw: () => raw.receivables(caller.owners) },
  ];
}

/** Checks once that the raw driver gives the route's answer, then measures both the same way. */
async function measureRoute(world: ApiWorld, caller: Caller, route: Route, options: LoadOptions): Promise<RouteResult> {
  console.log(`Measuring ${route.path} as ${caller.name}...`);
  const started = performance.now();
  const answer = route.digest(await getJson(world, caller, route.path));
  const slow = tooSlowForTime(performance.now() - started, options);
  const commands = await world.commands(() => getJson(world, caller, route.path));
  const mismatch = difference(answer, await route.raw());
  const lakeMismatch = route.lake ? difference(answer, await route.lake()) : undefined;
  const http = await measureHttp(world, caller, route.path, options, slow);
  global.gc?.();
  const raw = await rawLoad(route.raw, options, slow);
  return { route: route.name, path: route.path, caller: caller.name, commands, http, raw, mismatch, lakeMismatch };
}

function measureHttp(world: ApiWorld, caller: Caller, path: string, options: LoadOptions, slow: boolean): Promise<Load> {
  global.gc?.();
  return httpLoad(`${world.baseUrl}${path}`, caller.authorization, options, slow, () => world.settled());
}

async function getJson(world: ApiWorld, caller: Caller, path: string): Promise<unknown> {
  const response = await fetch(`${world.baseUrl}${path}`, { headers: { authorization: caller.authorization } });
  if (!response.ok) throw new Error(`GET ${path} as ${caller.name}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** The fields of two digests that differ, shown; null when there are none. */
function difference(route: object, raw: object): string | null {
  const [a, b] = [route as Record<string, unknown>, raw as Record<string, unknown>];
  const show = (value: unknown) => JSON.stringify(value).slice(0, 300);
  const fields = Object.keys(a).filter((key) => !isDeepStrictEqual(a[key], b[key]));
  return fields.length === 0 ? null : fields.map((key) => `${key}: route ${show(a[key])}, raw ${show(b[key])}`).join('; ');
}
