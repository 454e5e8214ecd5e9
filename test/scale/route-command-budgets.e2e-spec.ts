import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import { CommandLog, type CommandCount } from '../support/command-log.js';
import { startFakeOdoo } from '../support/fake-odoo.js';
import { configureOdoo, runSync } from '../support/sync.js';
import { bearer, createSuperAdmin, createUser } from '../support/users.js';

// How the work of each sales route grows with the data: the commands it sends to MongoDB and the documents they
// return, at two sizes. Timings cannot be shown on FerretDB; these counts hold on MongoDB too.
const SIZES = [1_000, 10_000];
const PAGE_SIZE = 50;

interface Budget {
  /** Commands but getMore (how many getMores a cursor needs follows its documents and the server's batch size). */
  commands: number;
  documents: number;
  /** What bounds the documents, when it is not the page. */
  why?: string;
}

/**
 * The most each route may send and read at either size. A route that needs more fails here until its budget is
 * raised on purpose, with the reason beside it. Every request also reads its caller (`find users`).
 */
const BUDGETS: Record<string, Budget> = {
  'opportunities, first page': { commands: 3, documents: PAGE_SIZE + 2 },
  'opportunities, deep page': { commands: 3, documents: PAGE_SIZE + 2 },
  'opportunity detail': { commands: 3, documents: 10, why: 'the opportunity and its open activities' },
  'activities of an opportunity': { commands: 3, documents: 10, why: 'the opportunity and its open activities' },
  activities: { commands: 3, documents: PAGE_SIZE + 2 },
  accounts: {
    commands: 10,
    documents: 6_500,
    why:
      "An admin's page reads its companies, their people and their figures (about 560 documents at any size). A " +
      "manager's first reads the customer of every deal and invoice in their scope (distinct), then the companies of " +
      'those customers: it grows with the customers in the scope (1,100 documents at 1,000 leads, 6,100 at 10,000).',
  },
  dashboard: {
    commands: 19,
    documents: 7_000,
    why:
      'The sums are rows per owner and day (pipeline, forecast, closed deals, activities, invoices), bounded by owners x ' +
      'days, and per owner and customer company (top accounts), which grow with the customers: 1,100 rows at 1,000 ' +
      'leads, 6,900 at 10,000.',
  },
  receivables: {
    commands: 17,
    documents: 1_500,
    why:
      'The totals and the customers ranked by amount due come from one group per customer, currency and aging bucket: ' +
      'they grow with the customers owing (240 at 1,000 leads, 1,460 at 10,000), as the page itself does not.',
  },
};

type Headers = { authorization: string };
type Caller = 'admin' | 'manager';

describe('commands per sales route at 1,000 and 10,000 leads', () => {
  let app: NestFastifyApplication;
  let log: CommandLog;
  let fake: FakeOdooServer | undefined;
  const callers = {} as Record<Caller, Headers>;
  /** leads -> `route as caller` -> what it sent. */
  const counts = new Map<number, Map<string, CommandCount>>();

  beforeAll(async () => {
    Object.assign(process.env, { ODOO_RETRIES: '0' });
    const { createTestApp } = await import('../support/test-app.js');
    app = await createTestApp();
    log = new CommandLog(app);
    callers.admin = await bearer(app, await createSuperAdmin(app));
    for (const leads of SIZES) {
      await fake?.stop();
      fake = await startFakeOdoo({ leads });
      const started = performance.now();
      await configureOdoo(app, callers.admin, fake);
      const synced = await runSync(app, callers.admin, { full_resync: true });
      if (synced.status !== 'completed') throw new Error(`sync of ${leads} leads: ${JSON.stringify(synced)}`);
      console.log(`${leads} leads synced in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      callers.manager ??= await managerOf(app, fake);
      counts.set(leads, await measureRoutes());
    }
    console.log(table());
  }, 30 * 60_000);
  afterAll(async () => {
    await app.close();
    await fake?.stop();
  });

  async function managerOf(app: NestFastifyApplication, fake: FakeOdooServer): Promise<Headers> {
    const employees = fake.records('hr.employee');
    const idOf = (value: unknown) => (Array.isArray(value) ? (value[0] as number) : null);
    const reportsOf = (id: number) => employees.filter((employee) => idOf(employee.parent_id) === id);
    const manager = employees.find((employee) => employee.user_id && reportsOf(employee.id).some((report) => reportsOf(report.id).length > 0))!;
    return bearer(app, await createUser(app, { odoo_user_id: idOf(manager.user_id), odoo_employee_id: manager.id, odoo_matched: true }));
  }

  async function get(caller: Caller, url: string) {
    const res = await app.inject({ method: 'GET', url, headers: callers[caller] });
    if (res.statusCode !== 200) throw new Error(`GET ${url} as ${caller}: ${res.statusCode} ${res.body}`);
    return res.json();
  }

  async function routesOf(caller: Caller): Promise<Record<string, string>> {
    const first = await get(caller, `/api/opportunities?page_size=${PAGE_SIZE}`);
    const withActivities = await get(caller, '/api/activities?page_size=200');
    const opportunity = withActivities.items.find((activity: { res_model: string }) => activity.res_model === 'crm.lead')?.res_id ?? first.items[0].id;
    return {
      'opportunities, first page': `/api/opportunities?page_size=${PAGE_SIZE}`,
      'opportunities, deep page': `/api/opportunities?page_size=${PAGE_SIZE}&page=${Math.ceil(first.total / PAGE_SIZE)}`,
      'opportunity detail': `/api/opportunities/${opportunity}`,
      'activities of an opportunity': `/api/activities/opportunity/${opportunity}`,
      activities: `/api/activities?page_size=${PAGE_SIZE}`,
      dashboard: '/api/sales/dashboard/real',
      receivables: `/api/receivables?page_size=${PAGE_SIZE}`,
      accounts: `/api/accounts/real?page_size=${PAGE_SIZE}`,
    };
  }

  /** Each route counted once; routesOf has already warmed the caches a request may fill (the visibility tree). */
  async function measureRoutes(): Promise<Map<string, CommandCount>> {
    const measured = new Map<string, CommandCount>();
    for (const caller of ['admin', 'manager'] as const) {
      for (const [route, url] of Object.entries(await routesOf(caller))) {
        const started = performance.now();
        measured.set(`${route} as ${caller}`, await log.count(() => get(caller, url)));
        console.log(`${route} as ${caller}: ${Math.round(performance.now() - started)} ms`);
      }
    }
    return measured;
  }

  function table(): string {
    const [small, large] = SIZES.map((leads) => counts.get(leads)!);
    const cell = (count: CommandCount) => `${count.commands}${count.getMores ? ` + ${count.getMores} getMore` : ''}`;
    const rows = [...small.keys()].map((key) => {
      const [a, b] = [small.get(key)!, large.get(key)!];
      return `| ${key} | ${cell(a)} | ${cell(b)} | ${a.documents} | ${b.documents} | ${JSON.stringify(b.byCommand)} |`;
    });
    const header = `| route | commands at ${SIZES[0]} | at ${SIZES[1]} | documents at ${SIZES[0]} | at ${SIZES[1]} | commands at ${SIZES[1]} |`;
    return [header, '|---|---|---|---|---|---|', ...rows].join('\n');
  }

  it.each(Object.keys(BUDGETS))('%s: the same commands at both sizes, within its budget', (route) => {
    const budget = BUDGETS[route];
    for (const caller of ['admin', 'manager']) {
      const [small, large] = SIZES.map((leads) => counts.get(leads)!.get(`${route} as ${caller}`)!);
      expect({ caller, commands: large.commands }).toEqual({ caller, commands: small.commands });
      // Shown against the budget when over it.
      const most = { caller, commands: Math.max(small.commands, large.commands), documents: Math.max(small.documents, large.documents) };
      expect(most).toEqual({ caller, commands: Math.min(most.commands, budget.commands), documents: Math.min(most.documents, budget.documents) });
    }
  });
});
