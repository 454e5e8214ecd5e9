import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Db } from 'mongodb';
import type { Connection } from 'mongoose';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import type { FaultKind, QueuedFaultOptions } from '../fake-odoo/fault-injector.js';
import { startOdooWorld, type OdooWorld } from '../support/odoo-world.js';
import { runSync } from '../support/sync.js';
import { expectLakeMatchesOdoo, expectNothingLost, lakeSnapshot } from './lake.js';

const TIMEOUT_MS = 2000;
const RETRIES = 1;

/** Each fault, and how the connector words it; it lasts through the retry, so the entity really fails. */
const FAULTS: [string, FaultKind, QueuedFaultOptions, string][] = [
  ['slow (beyond ODOO_TIMEOUT_MS)', 'slow', { delayMs: 2 * TIMEOUT_MS }, `no answer within ${TIMEOUT_MS} ms`],
  ['failing (a server error)', 'error', {}, 'server closed the connection unexpectedly'],
  ['answering HTML', 'html', {}, 'HTTP 502 answer is not JSON (text/html)'],
  ['cutting its answer', 'truncate', {}, 'answer cut short'],
];

const startingWith = (text: string) => expect.stringMatching(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

describe('Odoo faults during a sync, from a fully synced lake', () => {
  let world: OdooWorld;
  let app: NestFastifyApplication;
  let fake: FakeOdooServer;
  let admin: { authorization: string };
  let db: Db;

  beforeAll(async () => {
    Object.assign(process.env, { SYNC_PAGE_SIZE: '50', ODOO_TIMEOUT_MS: String(TIMEOUT_MS), ODOO_RETRIES: String(RETRIES) });
    world = await startOdooWorld({ leads: 200 }, 'synced');
    ({ app, fake, admin } = world);
    db = app.get<Connection>(getConnectionToken()).db as unknown as Db;
  }, 120_000);
  afterAll(() => world.stop());
  beforeEach(() => fake.clearFaults());

  /**
   * Work for the next complete run: a lead deleted in Odoo (one no activity points at) and one edited, which
   * moves to the last page of a full read. Answers the edited one's lake key.
   */
  function changeOdoo(): string {
    const withActivities = new Set(fake.records('mail.activity').filter((a) => a.res_model === 'crm.lead').map((a) => a.res_id));
    const leads = fake.records('crm.lead');
    const gone = leads.find((lead) => !withActivities.has(lead.id))!;
    const edited = leads.find((lead) => lead.id !== gone.id)!;
    fake.delete('crm.lead', gone.id);
    fake.update('crm.lead', edited.id, { expected_revenue: (edited.expected_revenue as number) + 100, priority: '3' });
    return `opportunity/${edited.id}`;
  }

  /** With the fault gone, the next run completes and the lake is Odoo's again, the deleted lead soft-deleted. */
  async function expectRecovery(): Promise<void> {
    fake.clearFaults();
    const next = await runSync(app, admin);
    expect(next).toMatchObject({ status: 'completed', error_message: null });
    expect(next.stats.opportunity).toMatchObject({ status: 'completed', deleted: 1 });
    await expectLakeMatchesOdoo(db, fake);
  }

  it.each(FAULTS)('%s on a page of leads mid-run: the run fails saying why, nothing is lost or deleted', async (_name, kind, options, reason) => {
    changeOdoo();
    const before = await lakeSnapshot(db);
    fake.failNext(RETRIES + 1, kind, { model: 'crm.lead', method: 'search_read', after: 2, ...options });
    const failed = await runSync(app, admin, { entities: ['opportunity', 'activity'], full_resync: true });

    expect(failed).toMatchObject({ status: 'failed', completed_at: expect.any(String) });
    expect(failed.error_message).toEqual(startingWith(`opportunity: crm.lead.search_read: ${reason}`));
    expect(failed.stats.opportunity).toMatchObject({ status: 'failed', errors: 1, deleted: 0, error: startingWith(`crm.lead.search_read: ${reason}`) });
    expect(failed.stats.opportunity.fetched).toBeGreaterThan(0);
    expect(failed.stats.activity).toMatchObject({ status: 'completed', deleted: 0 });
    expectNothingLost(before, await lakeSnapshot(db));

    await expectRecovery();
  }, 60_000);

  it.each(FAULTS)('%s on the id scan after the pages: nothing is deleted on the failed scan', async (_name, kind, options, reason) => {
    const edited = changeOdoo();
    const before = await lakeSnapshot(db);
    fake.failNext(RETRIES + 1, kind, { model: 'crm.lead', method: 'search', ...options });
    const failed = await runSync(app, admin, { entities: ['opportunity'], full_resync: true });

    expect(failed).toMatchObject({ status: 'failed', error_message: startingWith(`opportunity: crm.lead.search: ${reason}`) });
    expect(failed.stats.opportunity).toMatchObject({ status: 'failed', deleted: 0, updated: 1, fetched: fake.records('crm.lead').length });
    expectNothingLost(before, await lakeSnapshot(db), [edited]);

    await expectRecovery();
  }, 60_000);
});
