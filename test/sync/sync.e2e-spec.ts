import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Collection, Connection } from 'mongoose';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import { startOdooWorld, type OdooWorld } from '../support/odoo-world.js';
import { configureOdoo, runSync } from '../support/sync.js';
import { until } from '../support/until.js';

type Auth = { authorization: string };

describe('the sync engine against the fake Odoo', () => {
  let world: OdooWorld;
  let app: NestFastifyApplication;
  let fake: FakeOdooServer;
  let admin: Auth;
  let lake: Collection;

  beforeAll(async () => {
    Object.assign(process.env, { SYNC_PAGE_SIZE: '50', SYNC_OVERLAP_SECONDS: '60', ODOO_RETRIES: '0', SYNC_MAX_DELETE_RATIO: '0.2' });
    world = await startOdooWorld({ leads: 300 });
    ({ app, fake, admin } = world);
    lake = app.get<Connection>(getConnectionToken()).db!.collection('data_lake_serving') as unknown as Collection;
  });
  afterAll(() => world.stop());
  beforeEach(() => fake.clearFaults());

  const count = (filter: object) => lake.countDocuments(filter);
  const leadDoc = (id: number) => lake.findOne({ entity_type: 'opportunity', serving_id: String(id) });
  const partners = (isCompany: boolean) => fake.records('res.partner').filter((p) => p.is_company === isCompany);
  const customerMoves = () => fake.records('account.move').filter((m) => ['out_invoice', 'out_refund'].includes(m.move_type as string));

  it('answers 400 while Odoo is not configured', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/integrations/odoo/sync/trigger', headers: admin, payload: {} });
    expect(res.json()).toMatchObject({ status: 400, code: 'ODOO_NOT_CONFIGURED' });
  });

  it('first full sync: every entity, archived records included, with per-entity stats', async () => {
    await configureOdoo(app, admin, fake);
    const log = await runSync(app, admin);
    expect(log).toMatchObject({ status: 'completed', trigger: 'manual', error_message: null, completed_at: expect.any(String) });
    const expected = {
      user: fake.records('hr.employee').length,
      account: partners(true).length,
      contact: partners(false).length,
      opportunity: fake.records('crm.lead').length,
      invoice: customerMoves().length,
      activity: fake.records('mail.activity').length,
    };
    for (const [entity, total] of Object.entries(expected)) {
      expect({ entity, stored: await count({ entity_type: entity, is_active: true }) }).toEqual({ entity, stored: total });
      expect(log.stats[entity]).toMatchObject({ status: 'completed', inserted: total, updated: 0, deleted: 0, errors: 0 });
    }
    expect(fake.records('crm.lead').some((lead) => !lead.active)).toBe(true);
  });

  it('stores the Odoo record and the normalized fields the API needs', async () => {
    const lead = fake.records('crm.lead').find((l) => l.active && l.partner_id && l.user_id)!;
    const doc = await leadDoc(lead.id);
    expect(doc).toMatchObject({
      source: 'odoo',
      data: { id: lead.id, name: lead.name, partner_id: lead.partner_id, stage_id: lead.stage_id },
      odoo_user_id: (lead.user_id as [number, string])[0],
      partner_id: (lead.partner_id as [number, string])[0],
      expected_revenue_cents: Math.round((lead.expected_revenue as number) * 100),
      odoo_write_date: lead.write_date,
      last_aggregated: expect.any(Date),
      created_at: expect.any(Date),
    });
    const lost = fake.records('crm.lead').find((l) => !l.active && l.probability === 0)!;
    expect(await leadDoc(lost.id)).toMatchObject({ is_active: true, odoo_active: false, status: 'lost' });
  });

  it('an incremental run with no change rewrites nothing', async () => {
    const before = await leadDoc(fake.records('crm.lead')[0].id);
    const log = await runSync(app, admin);
    for (const entity of Object.keys(log.stats)) {
      expect({ entity, ...log.stats[entity] }).toMatchObject({ entity, inserted: 0, updated: 0, deleted: 0 });
    }
    const after = await leadDoc(fake.records('crm.lead')[0].id);
    expect(after?.updated_at).toEqual(before?.updated_at);
  });

  it('a full resync with no change marks every record as seen and rewrites none', async () => {
    const before = await lake.find({ is_active: true }, { projection: { serving_id: 1, entity_type: 1, updated_at: 1 } }).toArray();
    const started = new Date();
    const log = await runSync(app, admin, { full_resync: true });
    for (const entity of Object.keys(log.stats)) {
      expect({ entity, ...log.stats[entity] }).toMatchObject({ entity, inserted: 0, updated: 0, deleted: 0, unchanged: log.stats[entity].fetched });
    }
    const after = await lake.find({ is_active: true }, { projection: { serving_id: 1, entity_type: 1, updated_at: 1, last_aggregated: 1 } }).toArray();
    expect(after.filter((doc) => !(doc.last_aggregated >= started)).map((doc) => `${doc.entity_type}/${doc.serving_id}`)).toEqual([]);
    const updatedAt = (docs: typeof before) => docs.map((doc) => [`${doc.entity_type}/${doc.serving_id}`, doc.updated_at]).sort();
    expect(updatedAt(after)).toEqual(updatedAt(before));
  });

  it('reads an entity again from the start when this version reads fields its stored records lack', async () => {
    // As the version before stored invoices: without their commercial partner.
    const state = app.get<Connection>(getConnectionToken()).db!.collection<{ _id: string; fields: string[] }>('sync_state');
    const { fields } = (await state.findOne({ _id: 'invoice' }))!;
    expect(fields).toContain('commercial_partner_id');
    await state.updateOne({ _id: 'invoice' }, { $set: { fields: fields.filter((field) => field !== 'commercial_partner_id') } });
    await lake.updateMany(
      { entity_type: 'invoice' },
      { $set: { data_hash: 'as stored before' }, $unset: { commercial_partner_id: '', 'data.commercial_partner_id': '' } },
    );

    const log = await runSync(app, admin);
    expect(log.stats.invoice).toMatchObject({ fetched: customerMoves().length, updated: customerMoves().length, deleted: 0 });
    expect(log.stats.opportunity.fetched).toBeLessThan(fake.records('crm.lead').length);
    const move = customerMoves()[0];
    const stored = await lake.findOne({ entity_type: 'invoice', serving_id: String(move.id) });
    expect(stored?.commercial_partner_id).toBe((move.commercial_partner_id as [number, string])[0]);
    expect((await runSync(app, admin)).stats.invoice.fetched).toBeLessThan(customerMoves().length);
  });

  it('picks up only what changed, archives included, and keeps a lost deal with its data', async () => {
    const [edited, archived] = fake.records('crm.lead').filter((l) => l.active);
    fake.update('crm.lead', edited.id, { name: 'Renamed deal', expected_revenue: 4321.5 });
    fake.update('crm.lead', archived.id, { active: false, probability: 0 });
    const untouched = await leadDoc(fake.records('crm.lead')[5].id);
    const log = await runSync(app, admin, { entities: ['opportunity'] });
    expect(log.stats.opportunity).toMatchObject({ updated: 2, inserted: 0, deleted: 0 });
    expect(log.stats.opportunity.fetched).toBeLessThan(fake.records('crm.lead').length);
    expect(await leadDoc(edited.id)).toMatchObject({ name: 'Renamed deal', expected_revenue_cents: 432150, data: { name: 'Renamed deal' } });
    expect(await leadDoc(archived.id)).toMatchObject({ is_active: true, odoo_active: false, status: 'lost', data: { name: archived.name } });
    expect((await leadDoc(fake.records('crm.lead')[5].id))?.updated_at).toEqual(untouched?.updated_at);
  });

  it('soft-deletes what Odoo deleted, never on a failed scan, and restores what comes back', async () => {
    const [gone] = fake.records('crm.lead');
    fake.delete('crm.lead', gone.id);
    const log = await runSync(app, admin, { entities: ['opportunity'] });
    expect(log.stats.opportunity.deleted).toBe(1);
    expect(await leadDoc(gone.id)).toMatchObject({ is_active: false, deleted_at: expect.any(Date), delete_reason: 'not_found_in_odoo', data: { id: gone.id } });

    const kept = fake.records('crm.lead')[0];
    await lake.updateOne({ entity_type: 'opportunity', serving_id: String(kept.id) }, { $set: { is_active: false, deleted_at: new Date() } });
    const again = await runSync(app, admin, { entities: ['opportunity'] });
    expect(again.stats.opportunity.restored).toBe(1);
    expect(await leadDoc(kept.id)).toMatchObject({ is_active: true, deleted_at: null, delete_reason: null });
  });

  it('checks counts each run and scans ids daily, which catches a deletion offset by a record coming back', async () => {
    const [gone, hidden] = fake.records('crm.lead');
    fake.delete('crm.lead', gone.id);
    await lake.updateOne({ entity_type: 'opportunity', serving_id: String(hidden.id) }, { $set: { is_active: false } });
    const counted = await runSync(app, admin, { entities: ['opportunity'] });
    expect(counted.stats.opportunity).toMatchObject({ deleted: 0, restored: 0 });

    const states = lake.db.collection<{ _id: string }>('sync_state');
    await states.updateOne({ _id: 'opportunity' }, { $set: { reconciled_at: new Date(Date.now() - 25 * 3600_000) } });
    const scanned = await runSync(app, admin, { entities: ['opportunity'] });
    expect(scanned.stats.opportunity).toMatchObject({ deleted: 1, restored: 1 });
    expect(await leadDoc(gone.id)).toMatchObject({ is_active: false, delete_reason: 'not_found_in_odoo' });
    expect(await leadDoc(hidden.id)).toMatchObject({ is_active: true });
  });

  it('holds back a mass deletion unless an admin forces it', async () => {
    const activities = fake.records('mail.activity');
    const doomed = activities.slice(0, Math.ceil(activities.length * 0.4));
    for (const activity of doomed) fake.delete('mail.activity', activity.id);
    const held = await runSync(app, admin, { entities: ['activity'] });
    expect(held.stats.activity).toMatchObject({ status: 'completed', deleted: 0, deletions_withheld: doomed.length });
    expect(await count({ entity_type: 'activity', is_active: true })).toBe(activities.length);

    // A full resync held back the same way marks what it saw, not what Odoo no longer has.
    const lastSeen = async (id: number) => (await lake.findOne({ entity_type: 'activity', serving_id: String(id) }))?.last_aggregated as Date;
    const [goneSeenAt, keptSeenAt] = [await lastSeen(doomed[0].id), await lastSeen(activities.at(-1)!.id)];
    const fullHeld = await runSync(app, admin, { entities: ['activity'], full_resync: true });
    expect(fullHeld.stats.activity).toMatchObject({ deleted: 0, deletions_withheld: doomed.length });
    expect(await lastSeen(doomed[0].id)).toEqual(goneSeenAt);
    expect((await lastSeen(activities.at(-1)!.id)).getTime()).toBeGreaterThan(keptSeenAt.getTime());

    const forced = await runSync(app, admin, { entities: ['activity'], force_deletions: true });
    expect(forced.stats.activity.deleted).toBe(doomed.length);
    expect(await count({ entity_type: 'activity', is_active: true })).toBe(activities.length - doomed.length);
  });

  it('sees records edited while it pages, without gaps or duplicates', async () => {
    const leads = fake.records('crm.lead');
    fake.setFaults({ latencyMs: 40 });
    const trigger = await app.inject({ method: 'POST', url: '/api/integrations/odoo/sync/trigger', headers: admin, payload: { entities: ['opportunity'], full_resync: true } });
    const syncId = trigger.json().sync_id;
    await until(async () => {
      const log = (await app.inject({ method: 'GET', url: `/api/integrations/sync/${syncId}`, headers: admin })).json();
      return log.stats.opportunity.fetched >= 100;
    });
    fake.update('crm.lead', leads[0].id, { name: 'Edited after its page' });
    fake.update('crm.lead', leads[leads.length - 1].id, { name: 'Edited before its page' });
    const { SyncRunner } = await import('../../src/sync/sync-runner.service.js');
    await app.get(SyncRunner).idle();
    fake.clearFaults();
    expect(await leadDoc(leads[0].id)).toMatchObject({ name: 'Edited after its page' });
    expect(await leadDoc(leads[leads.length - 1].id)).toMatchObject({ name: 'Edited before its page' });
    expect(await count({ entity_type: 'opportunity', is_active: true })).toBe(fake.records('crm.lead').length);
  });

  it('an entity failing mid-page stops neither the others nor deletes anything; the next run resumes', async () => {
    for (const lead of fake.records('crm.lead')) fake.update('crm.lead', lead.id, { priority: '1' });
    const active = await count({ entity_type: 'opportunity', is_active: true });
    fake.setFaults({ latencyMs: 30 });
    const trigger = await app.inject({ method: 'POST', url: '/api/integrations/odoo/sync/trigger', headers: admin, payload: {} });
    const syncId = trigger.json().sync_id;
    await until(async () => {
      const log = (await app.inject({ method: 'GET', url: `/api/integrations/sync/${syncId}`, headers: admin })).json();
      return log.stats.opportunity.fetched >= 100;
    });
    fake.failNext(1, 'html');
    const { SyncRunner } = await import('../../src/sync/sync-runner.service.js');
    await app.get(SyncRunner).idle();
    fake.clearFaults();
    const failed = (await app.inject({ method: 'GET', url: `/api/integrations/sync/${syncId}`, headers: admin })).json();
    expect(failed.status).toBe('failed');
    expect(failed.error_message).toContain('opportunity');
    expect(failed.stats.opportunity).toMatchObject({ status: 'failed', errors: 1, deleted: 0 });
    expect(failed.stats.opportunity.fetched).toBeLessThan(fake.records('crm.lead').length);
    expect(failed.stats.invoice.status).toBe('completed');
    expect(failed.stats.activity.status).toBe('completed');
    expect(await count({ entity_type: 'opportunity', is_active: true })).toBe(active);

    const resumed = await runSync(app, admin, { entities: ['opportunity'] });
    expect(resumed.status).toBe('completed');
    // The cursor stayed after the last stored page: the next run reads only the rest (plus the overlap).
    expect(resumed.stats.opportunity.fetched + failed.stats.opportunity.fetched).toBeLessThan(2 * fake.records('crm.lead').length);
    const docs = await lake.find({ entity_type: 'opportunity', is_active: true }).toArray();
    expect(docs.every((doc) => doc.data.priority === '1')).toBe(true);
    expect(new Set(docs.map((doc) => doc.serving_id)).size).toBe(docs.length);
  });
});
