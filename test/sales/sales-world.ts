import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import type { ReadRecord } from '../fake-odoo/orm-read.js';
import { startOdooWorld, type OdooWorld } from '../support/odoo-world.js';
import { bearer, createUser } from '../support/users.js';

type Headers = { authorization: string };

/** One caller of the sales routes and the Odoo users whose records they must see (null: everything). */
export interface Caller {
  headers: Headers;
  odooUserIds: Set<number> | null;
}

export interface SalesWorld {
  app: NestFastifyApplication;
  fake: FakeOdooServer;
  admin: Caller;
  /** A manager with a two-level team below them (team leaders, then their reps). */
  manager: Caller;
  /** A sales representative with nobody below them. */
  rep: Caller;
  /** A user not linked to Odoo. */
  unlinked: Caller;
  /** Closes the app, then stops the fake Odoo. */
  stop: () => Promise<void>;
}

export const idOf = (value: unknown): number | null => (Array.isArray(value) ? (value[0] as number) : null);

/** The app with the fake Odoo (400 leads) synced into its database, and one caller of each kind. */
export async function startSalesWorld(): Promise<SalesWorld> {
  Object.assign(process.env, { ODOO_RETRIES: '0' });
  const world = await startOdooWorld({ leads: 400 }, 'synced');
  const { fake } = world;
  const employees = fake.records('hr.employee');
  const manager = employees.find((e) => e.user_id && depthBelow(employees, e.id) === 2)!;
  const rep = employees.find(
    (e) => e.user_id && e.active && depthBelow(employees, e.id) === 0 && fake.records('crm.lead').some((l) => idOf(l.user_id) === idOf(e.user_id)),
  )!;
  return salesWorldOf(world, manager, rep);
}

/** The callers of a synced Odoo world: its admin, the users of two hr.employee records, and a user not linked to Odoo. */
export async function salesWorldOf({ app, fake, admin, stop }: OdooWorld, manager: ReadRecord, rep: ReadRecord): Promise<SalesWorld> {
  const employees = fake.records('hr.employee');
  const linked = async (employee: ReadRecord): Promise<Caller> => {
    const user = await createUser(app, { odoo_user_id: idOf(employee.user_id), odoo_employee_id: employee.id, odoo_matched: true });
    return { headers: await bearer(app, user), odooUserIds: teamUsers(employees, employee.id) };
  };
  const unlinkedUser = await createUser(app);
  return {
    app,
    fake,
    admin: { headers: admin, odooUserIds: null },
    manager: await linked(manager),
    rep: await linked(rep),
    unlinked: { headers: await bearer(app, unlinkedUser), odooUserIds: new Set() },
    stop,
  };
}

/** How many levels of reports an employee has below them (parent_id tree). */
function depthBelow(employees: ReadRecord[], id: number): number {
  const reports = employees.filter((e) => idOf(e.parent_id) === id);
  return reports.length === 0 ? 0 : 1 + Math.max(...reports.map((r) => depthBelow(employees, r.id)));
}

/**
 * The res.users of an employee and of everyone below them, computed from Odoo's parent_id. Real data has loops:
 * Odoo 19's demo administrator is their own manager.
 */
export function teamUsers(employees: ReadRecord[], id: number): Set<number> {
  const users = new Set<number>();
  const visited = new Set<number>();
  const visit = (employeeId: number) => {
    if (visited.has(employeeId)) return;
    visited.add(employeeId);
    const employee = employees.find((e) => e.id === employeeId)!;
    const userId = idOf(employee.user_id);
    if (userId !== null) users.add(userId);
    for (const report of employees.filter((e) => idOf(e.parent_id) === employeeId)) visit(report.id);
  };
  visit(id);
  return users;
}

/** Whether a caller sees a record owned by this Odoo user. */
export function sees(caller: Caller, ownerId: number | null): boolean {
  return caller.odooUserIds === null || (ownerId !== null && caller.odooUserIds.has(ownerId));
}

export const cents = (amount: unknown): number => Math.round(((amount as number) || 0) * 100);

/** Per-currency cents as the API shows money: units, zero amounts left out, codes sorted. */
export function money(byCurrency: Map<string, number>): Record<string, number> {
  return Object.fromEntries(
    [...byCurrency.entries()]
      .filter(([, amount]) => amount !== 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, amount]) => [code, amount / 100]),
  );
}

export function add(target: Map<string, number>, currency: string, amount: number): void {
  target.set(currency, (target.get(currency) ?? 0) + amount);
}

export async function getJson(world: SalesWorld, caller: Caller, url: string) {
  const res = await world.app.inject({ method: 'GET', url, headers: caller.headers });
  if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** An item of a JSON answer, asserted field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonItem = { id: number } & Record<string, any>;

/** Every item of a paginated route, page by page (at most 200 per page). */
export async function allItems(world: SalesWorld, caller: Caller, url: string): Promise<JsonItem[]> {
  const items: JsonItem[] = [];
  for (let page = 1; ; page++) {
    const body = await getJson(world, caller, `${url}${url.includes('?') ? '&' : '?'}page=${page}&page_size=200`);
    items.push(...body.items);
    if (items.length >= body.total || body.items.length === 0) return items;
  }
}

export const today = () => new Date().toISOString().slice(0, 10);
