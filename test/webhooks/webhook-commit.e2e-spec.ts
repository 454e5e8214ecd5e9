import { setTimeout as sleep } from 'node:timers/promises';
import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Collection, Connection } from 'mongoose';
import { WebhookProcessor } from '../../src/webhooks/webhook-processor.service.js';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import { WebhookSender } from '../fake-odoo/webhook-sender.js';
import { startOdooWorld, type OdooWorld } from '../support/odoo-world.js';
import { until } from '../support/until.js';

const SECRET = 'webhook-secret-for-the-commit-tests';
// Long enough for the 600 deliveries of the first test to be sent, on a busy machine, before its save commits.
const RETRY_SECONDS = 12;

// Odoo (17.0-19.0) posts its webhooks from inside the transaction that made the change and commits after: each
// test here posts from an open transaction of the fake Odoo, as the real one does.
describe('webhooks posted before Odoo commits', () => {
  let world: OdooWorld;
  let app: NestFastifyApplication;
  let fake: FakeOdooServer;
  let admin: { authorization: string };
  let sender: WebhookSender;
  let lake: Collection;
  let logs: Collection;

  beforeAll(async () => {
    Object.assign(process.env, { ODOO_WEBHOOK_SECRET: SECRET, WEBHOOK_RETRY_SECONDS: String(RETRY_SECONDS) });
    world = await startOdooWorld({ leads: 60 }, 'synced');
    ({ app, fake, admin } = world);
    await app.listen(0, '127.0.0.1');
    sender = new WebhookSender({ url: `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/api/webhooks/odoo`, secret: SECRET });
    const db = app.get<Connection>(getConnectionToken()).db!;
    lake = db.collection('data_lake_serving') as unknown as Collection;
    logs = db.collection('sync_logs') as unknown as Collection;
  }, 60_000);
  afterAll(() => world.stop());

  const settle = () => app.get(WebhookProcessor).idle();
  const leadDoc = (id: number) => lake.findOne({ entity_type: 'opportunity', serving_id: String(id) });
  const liveLeads = (ids: number[]) => lake.countDocuments({ entity_type: 'opportunity', serving_id: { $in: ids.map(String) }, is_active: true });
  const counts = async () => (await app.inject({ method: 'GET', url: '/api/webhooks/status', headers: admin })).json().counts;
  const leadReads = () => fake.calls('crm.lead', 'search_read');
  /** A lead nobody wrote since the data was generated, so a new write_date is later than its own. */
  const untouchedLead = (() => {
    let next = 0;
    return () => fake.records('crm.lead').filter((lead) => lead.active)[next++];
  })();

  it('stores 200 leads created in one save, each announced several times before the commit, with no sync', async () => {
    const before = await counts();
    const syncRuns = await logs.countDocuments({ trigger: { $ne: 'webhook' } });
    const readsBefore = leadReads();
    const ids: number[] = [];
    const deliveries = await fake.transaction(async (transaction) => {
      for (let i = 1; i <= 200; i++) ids.push(transaction.insert('crm.lead', { name: `Imported lead ${i}`, type: 'opportunity', expected_revenue: 100 * i }));
      const events = ids.map((id) => transaction.webhookEvent('crm.lead', id, ['name', 'write_date']));
      const sent = await sender.sendBatch(events, { firesPerRecord: 3 });
      // The service has read them while the save was still open, and found none of them.
      await until(() => Promise.resolve(leadReads() > readsBefore));
      expect(await liveLeads(ids)).toBe(0);
      return sent;
    });

    expect(deliveries).toHaveLength(600);
    expect(deliveries.filter((delivery) => delivery.status !== 202)).toEqual([]);
    await settle();
    expect(await liveLeads(ids)).toBe(200);
    expect(await leadDoc(ids[199])).toMatchObject({ name: 'Imported lead 200', data: { expected_revenue: 20000 } });
    const after = await counts();
    expect(after.retried).toBeGreaterThan(before.retried);
    expect(after.processed - before.processed).toBe(200);
    expect(after.gave_up).toBe(before.gave_up);
    expect(await logs.countDocuments({ trigger: { $ne: 'webhook' } })).toBe(syncRuns);
  }, 60_000);

  it('stores an edit announced with its write_date before the commit as committed, even when the save outlasts the settle delay', async () => {
    const lead = untouchedLead();
    let writeDate = '';
    await fake.transaction(async (transaction) => {
      transaction.update('crm.lead', lead.id, { name: 'Renamed in a long save', expected_revenue: 4321 });
      writeDate = transaction.writeDate;
      await sender.send(transaction.webhookEvent('crm.lead', lead.id, ['name', 'expected_revenue', 'write_date']));
      // Past the settle delay: only the write_date tells the service that what it reads is older than the event.
      await sleep(2_500);
      expect(await leadDoc(lead.id)).toMatchObject({ name: lead.name });
    });
    await settle();
    expect(await leadDoc(lead.id)).toMatchObject({ name: 'Renamed in a long save', odoo_write_date: writeDate, data: { expected_revenue: 4321 } });
  });

  it('soft-deletes a record whose deletion was announced before the commit only once Odoo has committed it', async () => {
    const lead = untouchedLead();
    const before = await counts();
    const readsBefore = leadReads();
    await fake.transaction(async (transaction) => {
      // An "On deletion" rule reads the record before it is unlinked, in the same transaction.
      const event = transaction.webhookEvent('crm.lead', lead.id, ['name', 'write_date']);
      transaction.delete('crm.lead', lead.id);
      await sender.send(event);
      await until(() => Promise.resolve(leadReads() > readsBefore));
      await sleep(200);
      expect(await leadDoc(lead.id)).toMatchObject({ is_active: true });
    });
    await settle();
    expect(await leadDoc(lead.id)).toMatchObject({ is_active: false, delete_reason: 'not_found_in_odoo' });
    expect((await counts()).deleted).toBe(before.deleted + 1);
  });

  it('keeps a record that a deletion event names while Odoo still has it', async () => {
    const lead = untouchedLead();
    expect((await sender.send(fake.webhookEvent('crm.lead', lead.id, ['name', 'write_date']))).status).toBe(202);
    await settle();
    expect(await leadDoc(lead.id)).toMatchObject({ is_active: true, name: lead.name });
  });

  it('does not lose a later save of a record while it still waits for the commit of an earlier one', async () => {
    const lead = untouchedLead();
    const readsBefore = leadReads();
    await fake.transaction(async (transaction) => {
      transaction.update('crm.lead', lead.id, { name: 'First save' });
      await sender.send(transaction.webhookEvent('crm.lead', lead.id, ['name', 'write_date']));
      await until(() => Promise.resolve(leadReads() > readsBefore));
    });
    fake.clock.advance(1_000);
    let writeDate = '';
    await fake.transaction(async (transaction) => {
      transaction.update('crm.lead', lead.id, { name: 'Second save' });
      writeDate = transaction.writeDate;
      await sender.send(transaction.webhookEvent('crm.lead', lead.id, ['name', 'write_date']));
      await sleep(500);
    });
    await settle();
    expect(await leadDoc(lead.id)).toMatchObject({ name: 'Second save', odoo_write_date: writeDate });
  });

  it(`stops reading a record that never appears ${RETRY_SECONDS} s after its event, and counts it`, async () => {
    const before = await counts();
    const batchesBefore = await logs.countDocuments({ trigger: 'webhook' });
    const transaction = fake.begin();
    const id = transaction.insert('crm.lead', { name: 'Saved, then rolled back' });
    await sender.send(transaction.webhookEvent('crm.lead', id, ['name', 'write_date']));
    transaction.rollback();
    const sent = Date.now();
    await settle();

    expect(Date.now() - sent).toBeLessThan((RETRY_SECONDS + 2) * 1000);
    expect(await leadDoc(id)).toBeNull();
    const after = await counts();
    expect(after.gave_up).toBe(before.gave_up + 1);
    expect(after.retried - before.retried).toBeGreaterThanOrEqual(3);
    expect(after.processed).toBe(before.processed);
    // Backoff: a handful of reads over the retry window (250 ms, 500 ms, 1 s... apart), not one every gather delay.
    expect((await logs.countDocuments({ trigger: 'webhook' })) - batchesBefore).toBeLessThanOrEqual(7);
  });

  it('answers within a few milliseconds while Odoo is slow: no Odoo call is on the path Odoo waits on', async () => {
    const lead = untouchedLead();
    fake.setFaults({ latencyMs: 1_500 });
    try {
      const delivery = await sender.send(fake.webhookEvent('crm.lead', lead.id, ['name', 'write_date']));
      expect(delivery.status).toBe(202);
      expect(delivery.ms).toBeLessThan(500);
    } finally {
      fake.clearFaults();
    }
    await settle();
  });
});
