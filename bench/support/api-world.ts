import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MongoClient, type Collection, type Db, type Document } from 'mongodb';
import { CommandLog, type CommandCount } from '../../test/support/command-log.js';
import { benchDatabase } from './bench-database.js';
import { startFakeOdooProcess, type FakeOdooProcess } from './fake-odoo-process.js';

/** A signed-in caller, and the Odoo users whose records they see (null: everything). */
export interface Caller {
  name: 'admin' | 'manager';
  authorization: string;
  owners: number[] | null;
}

/** The real app serving synced data on a port, the raw driver on the same database, and two callers. */
export interface ApiWorld {
  baseUrl: string;
  engine: string;
  /** Live records per entity type. */
  records: Record<string, number>;
  /** Rows of the dashboard's sums (sales_rollups) per kind. */
  rollups: Record<string, number>;
  /** The same database, through the raw driver. */
  db: Db;
  admin: Caller;
  manager: Caller;
  /** Resolves once the app has answered every request it received. */
  settled(): Promise<void>;
  /** What `work` sends to the database (nothing else may run meanwhile). */
  commands(work: () => Promise<unknown>): Promise<CommandCount>;
  /** The commands of the full sync the world started with. */
  syncCommands: CommandCount;
  /** Runs a sync through SyncRunner, as the trigger route does, and answers how long it took. */
  sync(full: boolean): Promise<{ seconds: number; records: number }>;
  close(): Promise<void>;
}

interface Employee {
  id: number;
  userId: number | null;
  managerId: number | null;
  emails: string[];
}

/**
 * A fresh database, a fake Odoo with `leads` leads, and the app (configured as main.ts does, background sync
 * off) listening on a free port, after a full sync through SyncRunner.
 */
export async function startApiWorld(leads: number, pageSize: string): Promise<ApiWorld> {
  const database = await benchDatabase();
  let fake: FakeOdooProcess | undefined;
  try {
    const synced = await syncedApp(database, leads, pageSize);
    const { app, baseUrl, settled, log } = synced;
    fake = synced.fake;
    const client = await MongoClient.connect(database.url);
    const db = client.db(database.name);
    const lake = db.collection('data_lake_serving');
    const { admin, manager } = await signIn(app, baseUrl, await loadEmployees(lake));
    return {
      baseUrl,
      engine: database.engine,
      records: await countRecords(lake),
      rollups: await countRollups(db),
      db,
      admin,
      manager,
      settled,
      commands: (work) => log.count(work),
      syncCommands: synced.syncCommands,
      sync: (full) => sync(app, full),
      close: async () => {
        await db.dropDatabase();
        await client.close();
        await app.close();
        await synced.fake.stop();
        await database.local?.stop();
      },
    };
  } catch (error) {
    // The database server and the fake Odoo are processes of their own: they must not outlive a failed run.
    await fake?.stop();
    await database.local?.stop();
    throw error;
  }
}

async function syncedApp(database: { url: string; name: string }, leads: number, pageSize: string) {
  console.log(`Generating ${leads} leads in a fake Odoo process...`);
  const fake = await startFakeOdooProcess(leads);
  try {
    Object.assign(process.env, {
      MONGO_URL: database.url,
      DB_NAME: database.name,
      SYNC_ENABLED: 'false',
      SYNC_PAGE_SIZE: pageSize,
      NODE_ENV: 'development',
      // A line per request would flood the benchmark's output.
      LOG_LEVEL: 'warn',
    });
    const { AppModule } = await import('../../src/app.module.js');
    const { configureApp, createFastifyAdapter } = await import('../../src/app.setup.js');
    const { validateEnvironment } = await import('../../src/config/environment.js');
    const { IntegrationsService } = await import('../../src/integrations/integrations.service.js');

    const env = validateEnvironment(process.env);
    const app = await NestFactory.create<NestFastifyApplication>(AppModule, createFastifyAdapter(env), { rawBody: true, logger: ['error', 'warn'] });
    await configureApp(app, env);
    const settled = countRequests(app);
    await app.listen(0, '127.0.0.1');
    await app.get(IntegrationsService).configureOdoo({ url: fake.url, database: fake.database, username: fake.login, api_key: fake.apiKey });
    const log = new CommandLog(app);
    let synced = { seconds: 0, records: 0 };
    const syncCommands = await log.count(async () => (synced = await sync(app, true)));
    console.log(`Full sync: ${synced.records} records in ${synced.seconds.toFixed(1)} s, ${syncCommands.commands} commands`);
    return { app, baseUrl: await app.getUrl(), settled, fake, log, syncCommands };
  } catch (error) {
    await fake.stop();
    throw error;
  }
}

/**
 * Counts requests from arrival to the moment their answer is handed to Fastify: autocannon drops its
 * connections at the end of a run while the app may still be working on them.
 */
function countRequests(app: NestFastifyApplication) {
  let count = 0;
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (_request, _reply, done) => {
    count++;
    done();
  });
  fastify.addHook('onSend', (_request, _reply, payload, done) => {
    count--;
    done(null, payload);
  });
  return async () => {
    const giveUp = Date.now() + 600_000;
    while (count > 0 && Date.now() < giveUp) await new Promise((resolve) => setTimeout(resolve, 10));
    if (count > 0) console.warn(`${count} requests still unanswered after 10 minutes; going on`);
  };
}

/** A completed sync's duration and the records it read; throws if it did not complete. */
async function sync(app: NestFastifyApplication, full: boolean): Promise<{ seconds: number; records: number }> {
  const { SyncRunner } = await import('../../src/sync/sync-runner.service.js');
  const { SyncLogsService } = await import('../../src/sync/sync-logs.service.js');
  const started = performance.now();
  const id = await app.get(SyncRunner).start('manual', null, { full });
  await app.get(SyncRunner).idle();
  const log = await app.get(SyncLogsService).find(id);
  if (log?.status !== 'completed') throw new Error(`sync ${id} ${log?.status}: ${log?.error_message}`);
  const records = Object.values(log.stats as Record<string, { fetched: number }>).reduce((sum, s) => sum + s.fetched, 0);
  return { seconds: (performance.now() - started) / 1000, records };
}

async function loadEmployees(lake: Collection): Promise<Employee[]> {
  const projection = { serving_id: 1, odoo_user_id: 1, manager_employee_id: 1, emails: 1 };
  const records = await lake.find({ entity_type: 'user', is_active: true }, { projection }).toArray();
  return records.map((record: Document) => ({
    id: Number(record.serving_id),
    userId: (record.odoo_user_id as number | null) ?? null,
    managerId: (record.manager_employee_id as number | null) ?? null,
    emails: (record.emails as string[] | undefined) ?? [],
  }));
}

/** An admin, and a user linked (by email, through OdooLinkService) to the manager picked below; both log in. */
async function signIn(app: NestFastifyApplication, baseUrl: string, employees: Employee[]) {
  const { PasswordService } = await import('../../src/users/passwords/password.service.js');
  const { UsersService } = await import('../../src/users/users.service.js');
  const { OdooLinkService } = await import('../../src/users/odoo-link.service.js');
  const password = randomBytes(12).toString('hex');
  const password_hash = await app.get(PasswordService).hash(password);
  const users = app.get(UsersService);

  await users.create({ email: 'bench-admin@example.com', name: 'Bench admin', role: 'admin', password_hash });
  const employee = pickManager(employees);
  const email = employee.emails[0];
  await app.get(OdooLinkService).relink(await users.create({ email, name: 'Bench manager', password_hash }));
  return {
    admin: { name: 'admin', authorization: await login(baseUrl, 'bench-admin@example.com', password), owners: null } satisfies Caller,
    manager: { name: 'manager', authorization: await login(baseUrl, email, password), owners: teamUsers(employees, employee.id) } satisfies Caller,
  };
}

/** The employee with the largest team below them that is not the top of the tree, with an Odoo user and an email of their own. */
function pickManager(employees: Employee[]): Employee {
  const emailCounts = new Map<string, number>();
  for (const email of employees.flatMap((e) => e.emails)) emailCounts.set(email, (emailCounts.get(email) ?? 0) + 1);
  const candidates = employees.filter((e) => e.managerId !== null && e.userId !== null && e.emails.length > 0 && emailCounts.get(e.emails[0]) === 1);
  const reports = reportsOf(employees);
  const sizes = new Map(candidates.map((e) => [e.id, below(reports, e.id).length]));
  const manager = candidates.reduce((best, e) => (sizes.get(e.id)! > sizes.get(best.id)! ? e : best));
  const twoLevels = (reports.get(manager.id) ?? []).some((report) => (reports.get(report.id) ?? []).length > 0);
  if (!twoLevels) throw new Error(`employee ${manager.id} has no two-level team below them`);
  return manager;
}

function reportsOf(employees: Employee[]): Map<number, Employee[]> {
  return Map.groupBy(
    employees.filter((e) => e.managerId !== null),
    (e) => e.managerId!,
  );
}

/** Everyone below an employee, transitively (a cycle in the data cannot loop). */
function below(reports: Map<number, Employee[]>, id: number): Employee[] {
  const found = new Map<number, Employee>();
  const queue = [id];
  while (queue.length > 0) {
    for (const report of reports.get(queue.shift()!) ?? []) {
      if (report.id === id || found.has(report.id)) continue;
      found.set(report.id, report);
      queue.push(report.id);
    }
  }
  return [...found.values()];
}

/** The Odoo users of an employee and of everyone below them: the scope the service must apply. */
function teamUsers(employees: Employee[], id: number): number[] {
  const team = [employees.find((e) => e.id === id)!, ...below(reportsOf(employees), id)];
  return [...new Set(team.flatMap((e) => (e.userId === null ? [] : [e.userId])))].sort((a, b) => a - b);
}

async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`login ${email}: ${response.status} ${await response.text()}`);
  const { access_token } = (await response.json()) as { access_token: string };
  return `Bearer ${access_token}`;
}

async function countRecords(lake: Collection): Promise<Record<string, number>> {
  const types = ['opportunity', 'account', 'contact', 'invoice', 'activity', 'user'];
  const counts = await Promise.all(types.map((type) => lake.countDocuments({ entity_type: type, is_active: true })));
  return Object.fromEntries(types.map((type, i) => [type, counts[i]]));
}

async function countRollups(db: Db): Promise<Record<string, number>> {
  const kinds = await db.collection('sales_rollups').aggregate<{ _id: string; rows: number }>([{ $group: { _id: '$kind', rows: { $sum: 1 } } }]).toArray();
  return Object.fromEntries(kinds.map((kind) => [kind._id, kind.rows]));
}
