import { getConnectionToken } from '@nestjs/mongoose';
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import type { FaultKind, QueuedFaultOptions } from '../fake-odoo/fault-injector.js';
import { startSalesWorld, type SalesWorld } from '../sales/sales-world.js';
import { runSync } from '../support/sync.js';
import { until } from '../support/until.js';

const TIMEOUT_MS = 2000;
/** An answer comes within the one Odoo timeout (the create is never retried), plus the app's own work. */
const ANSWER_WITHIN_MS = TIMEOUT_MS + 5000;

type Fault = [string, FaultKind, QueuedFaultOptions];
const SLOW: Fault = ['slow (beyond ODOO_TIMEOUT_MS)', 'slow', { delayMs: 2 * TIMEOUT_MS }];
const FAILING: Fault = ['failing (a server error)', 'error', {}];
const HTML: Fault = ['answering HTML', 'html', {}];
const CUT: Fault = ['cutting its answer', 'truncate', {}];

describe('Odoo faults during POST /api/opportunities', () => {
  let world: SalesWorld;
  let lake: Collection;
  let counter = 0;

  beforeAll(async () => {
    process.env.ODOO_TIMEOUT_MS = String(TIMEOUT_MS);
    world = await startSalesWorld();
    lake = world.app.get<Connection>(getConnectionToken()).db!.collection('data_lake_serving');
  }, 120_000);
  afterAll(() => world.stop());
  beforeEach(() => world.fake.clearFaults());

  /** Posts a new opportunity as the linked salesperson; answers the response, how long it took and the name. */
  async function create() {
    const name = `Deal under faults ${++counter}`;
    const started = performance.now();
    const res = await world.app.inject({ method: 'POST', url: '/api/opportunities', headers: world.rep.headers, payload: { name, expected_revenue: 900 } });
    return { res, ms: performance.now() - started, name };
  }

  const inOdoo = (name: string) => world.fake.records('crm.lead').filter((lead) => lead.name === name);
  const stored = (name: string) => lake.countDocuments({ entity_type: 'opportunity', 'data.name': name });

  /** The next sync brings in what Odoo has, once: nothing duplicated in Odoo or here. */
  async function expectNextSyncBringsIt(name: string) {
    const log = await runSync(world.app, world.admin.headers, { entities: ['opportunity'] });
    expect(log.status).toBe('completed');
    expect(inOdoo(name)).toHaveLength(1);
    expect(await stored(name)).toBe(1);
    expect(await lake.countDocuments({ entity_type: 'opportunity', is_active: true })).toBe(world.fake.records('crm.lead').length);
  }

  /** Nothing to restart: with Odoo well again, the next create succeeds. */
  async function expectCreatesAgain() {
    world.fake.clearFaults();
    const { res, name } = await create();
    expect(res.statusCode).toBe(201);
    expect(await stored(name)).toBe(1);
  }

  it.each([FAILING, HTML])('%s on the create: 503 ODOO_UNAVAILABLE, nothing created in Odoo or here', async (_name, kind, options) => {
    world.fake.failNext(1, kind, { model: 'crm.lead', method: 'create', ...options });
    const { res, ms, name } = await create();
    expect(ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      status: 503,
      code: 'ODOO_UNAVAILABLE',
      message: expect.stringMatching(/^Odoo is unreachable; nothing was created: crm\.lead\.create: /),
      request_id: res.headers['x-request-id'],
    });
    expect(inOdoo(name)).toEqual([]);
    expect(await stored(name)).toBe(0);
    await expectCreatesAgain();
  }, 60_000);

  it.each([SLOW, CUT])(
    '%s on the create: 503 ODOO_OUTCOME_UNKNOWN, nothing stored here; the lead Odoo made arrives with the next sync, once',
    async (_name, kind, options) => {
      world.fake.failNext(1, kind, { model: 'crm.lead', method: 'create', ...options });
      const { res, ms, name } = await create();
      expect(ms).toBeLessThan(ANSWER_WITHIN_MS);
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({
        status: 503,
        code: 'ODOO_OUTCOME_UNKNOWN',
        message: expect.stringMatching(/^Odoo did not confirm the creation \(crm\.lead\.create: .*\); the opportunity may have been created/),
        request_id: res.headers['x-request-id'],
      });
      expect(await stored(name)).toBe(0);
      // Odoo carried the create out (the slow one once its delay is over).
      await until(() => Promise.resolve(inOdoo(name).length === 1), 10_000);
      expect(await stored(name)).toBe(0);
      await expectNextSyncBringsIt(name);
      await expectCreatesAgain();
    },
    60_000,
  );

  it.each([SLOW, FAILING, HTML, CUT])(
    '%s on the read-back: 503 ODOO_READ_BACK_FAILED naming the Odoo id, nothing stored here; the next sync brings it, once',
    async (_name, kind, options) => {
      world.fake.failNext(1, kind, { model: 'crm.lead', method: 'search_read', ...options });
      const { res, ms, name } = await create();
      expect(ms).toBeLessThan(ANSWER_WITHIN_MS);
      const [lead] = inOdoo(name);
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({
        status: 503,
        code: 'ODOO_READ_BACK_FAILED',
        message: expect.stringContaining(`created in Odoo (id ${lead.id}) but could not be read back`),
        context: { odoo_id: lead.id },
        request_id: res.headers['x-request-id'],
      });
      expect(await stored(name)).toBe(0);
      const detail = await world.app.inject({ method: 'GET', url: `/api/opportunities/${lead.id}`, headers: world.rep.headers });
      expect(detail.statusCode).toBe(404);
      await expectNextSyncBringsIt(name);
      await expectCreatesAgain();
    },
    60_000,
  );
});
