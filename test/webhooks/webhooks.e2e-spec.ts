import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Collection, Connection } from 'mongoose';
import { WebhookProcessor } from '../../src/webhooks/webhook-processor.service.js';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import { webhookBody, webhookSignature, WebhookSender } from '../fake-odoo/webhook-sender.js';
import { startOdooWorld, type OdooWorld } from '../support/odoo-world.js';
import { bearer, createUser } from '../support/users.js';

const SECRET = 'webhook-shared-secret-for-tests';

describe('POST /api/webhooks/odoo', () => {
  let world: OdooWorld;
  let app: NestFastifyApplication;
  let fake: FakeOdooServer;
  let admin: { authorization: string };
  let url: string;
  let lake: Collection;

  beforeAll(async () => {
    Object.assign(process.env, { ODOO_WEBHOOK_SECRET: SECRET, BODY_LIMIT_BYTES: '262144', BACKEND_URL: 'https://sales-api.example.com' });
    world = await startOdooWorld({ leads: 100 }, 'synced');
    ({ app, fake, admin } = world);
    await app.listen(0, '127.0.0.1');
    url = `${await app.getUrl()}/api/webhooks/odoo`.replace('[::1]', '127.0.0.1');
    lake = app.get<Connection>(getConnectionToken()).db!.collection('data_lake_serving') as unknown as Collection;
  });
  afterAll(() => world.stop());

  const send = (model: string, id: number, fields: string[] = ['name']) => new WebhookSender({ url, secret: SECRET }).send(fake.webhookEvent(model, id, fields));
  const settle = () => app.get(WebhookProcessor).idle();
  const leadDoc = (id: number) => lake.findOne({ entity_type: 'opportunity', serving_id: String(id) });
  const post = (body: string, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const signed = (body: string, timestamp = Math.floor(Date.now() / 1000), secret = SECRET) => ({
    'X-Odoo-Timestamp': String(timestamp),
    'X-Odoo-Signature': webhookSignature(secret, timestamp, body),
  });
  const status = async () => (await app.inject({ method: 'GET', url: '/api/webhooks/status', headers: admin })).json();

  it('accepts a signed event with 202 and stores the record as Odoo has it now, not as the payload says', async () => {
    const lead = fake.records('crm.lead').find((l) => l.active)!;
    fake.update('crm.lead', lead.id, { name: 'Changed in Odoo' });
    const event = fake.webhookEvent('crm.lead', lead.id, ['name']);
    const body = webhookBody({ ...event, values: { ...event.values, name: 'What the payload claims', expected_revenue: 1e9 } });
    const res = await post(body, signed(body));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1, ignored: 0 });
    await settle();
    expect(await leadDoc(lead.id)).toMatchObject({ name: 'Changed in Odoo', data: { name: 'Changed in Odoo' } });
  });

  it('creates a record Odoo just created, and logs each batch as a webhook sync', async () => {
    const id = fake.insert('crm.lead', { name: 'Fresh lead', type: 'lead' });
    expect((await send('crm.lead', id)).status).toBe(202);
    await settle();
    expect(await leadDoc(id)).toMatchObject({ is_active: true, name: 'Fresh lead' });
    const logs = (await app.inject({ method: 'GET', url: '/api/integrations/sync/logs?trigger=webhook', headers: admin })).json();
    expect(logs.items[0]).toMatchObject({ trigger: 'webhook', status: 'completed' });
    expect(logs.items[0].stats.opportunity.inserted + logs.items[0].stats.opportunity.unchanged).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['a tampered body', (body: string) => ({ body: body.replace('"_id": ', '"_id": 1'), headers: signed(body) })],
    ['another secret', (body: string) => ({ body, headers: signed(body, undefined, 'not-the-secret') })],
    ['a stale timestamp', (body: string) => ({ body, headers: signed(body, Math.floor(Date.now() / 1000) - 301) })],
    ['a future timestamp', (body: string) => ({ body, headers: signed(body, Math.floor(Date.now() / 1000) + 301) })],
    ['no signature headers', (body: string) => ({ body, headers: {} })],
  ])('refuses %s with 401 and processes nothing', async (_case, forge) => {
    const lead = fake.records('crm.lead')[3];
    fake.update('crm.lead', lead.id, { name: `Not to be synced ${_case}` });
    const { body, headers } = forge(webhookBody(fake.webhookEvent('crm.lead', lead.id, ['name'])));
    const before = (await status()).counts.rejected;
    const res = await post(body, headers);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ status: 401, code: 'INVALID_SIGNATURE' });
    await settle();
    expect((await leadDoc(lead.id))?.name).not.toBe(`Not to be synced ${_case}`);
    expect((await status()).counts.rejected).toBe(before + 1);
  });

  it('answers malformed JSON, a bad payload and an oversized body with 4xx in the one shape', async () => {
    const malformed = await post('{"_model": "crm.lead", ', signed('{"_model": "crm.lead", '));
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'INVALID_JSON' });
    const badBody = JSON.stringify({ _model: 'crm.lead', _id: 'drop table' });
    const bad = await post(badBody, signed(badBody));
    expect(await bad.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', details: [{ field: '_id', errors: expect.any(Array) }] });
    const badDate = JSON.stringify([{ _model: 'crm.lead', _id: 1, write_date: '2026-11-24 10:00:00' }, { _model: 'crm.lead', _id: 2, write_date: 'yesterday' }]);
    expect(await (await post(badDate, signed(badDate))).json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', details: [{ field: '1.write_date', errors: expect.any(Array) }] });
    const huge = JSON.stringify({ _model: 'crm.lead', _id: 1, note: 'x'.repeat(300_000) });
    const oversized = await post(huge, signed(huge));
    expect(oversized.status).toBe(413);
  });

  it('acknowledges and counts events of models it does not sync', async () => {
    const body = JSON.stringify({ _model: 'sale.order', _id: 5, _action: 'Send Webhook Notification(#2)' });
    const res = await post(body, signed(body));
    expect(await res.json()).toEqual({ accepted: 0, ignored: 1 });
    await settle();
    expect((await status()).counts.ignored).toBeGreaterThanOrEqual(1);
  });

  it('is idempotent: a duplicate delivery changes nothing', async () => {
    const lead = fake.records('crm.lead')[10];
    await send('crm.lead', lead.id);
    await settle();
    const first = await leadDoc(lead.id);
    await send('crm.lead', lead.id);
    await settle();
    expect((await leadDoc(lead.id))?.updated_at).toEqual(first?.updated_at);
  });

  it('soft-deletes a record Odoo deleted, but not one a delete event names while Odoo still has it', async () => {
    const [deleted, alive] = fake.records('crm.lead').slice(20, 22);
    fake.delete('crm.lead', deleted.id);
    const gone = JSON.stringify({ _model: 'crm.lead', _id: deleted.id, _action: 'On deletion' });
    const kept = JSON.stringify({ _model: 'crm.lead', _id: alive.id, _action: 'On deletion' });
    await post(gone, signed(gone));
    await post(kept, signed(kept));
    await settle();
    expect(await leadDoc(deleted.id)).toMatchObject({ is_active: false, delete_reason: 'not_found_in_odoo' });
    expect(await leadDoc(alive.id)).toMatchObject({ is_active: true });
  });

  it('moves a contact that became a company at once, and settles an event for a record no entity takes', async () => {
    const person = fake.records('res.partner').find((p) => p.is_company === false && p.active)!;
    fake.update('res.partner', person.id, { is_company: true });
    const bill = fake.insert('account.move', { move_type: 'in_invoice', partner_id: person.id });
    const before = (await status()).counts;
    await send('res.partner', person.id, ['name', 'write_date']);
    await send('account.move', bill, ['name', 'write_date']);
    await settle();
    const partnerDoc = (type: string) => lake.findOne({ entity_type: type, serving_id: String(person.id) });
    expect(await partnerDoc('contact')).toMatchObject({ is_active: false, delete_reason: 'not_found_in_odoo' });
    expect(await partnerDoc('account')).toMatchObject({ is_active: true });
    expect(await lake.findOne({ entity_type: 'invoice', serving_id: String(bill) })).toBeNull();
    const after = (await status()).counts;
    expect(after).toMatchObject({ processed: before.processed + 2, retried: before.retried, gave_up: before.gave_up, deleted: before.deleted });
  });

  it('takes a burst of 1,000 events without losing one, reading Odoo in a few batches', async () => {
    const leads = fake.records('crm.lead').filter((l) => l.active).slice(0, 50);
    for (const lead of leads) fake.update('crm.lead', lead.id, { name: `Burst ${lead.id}` });
    fake.resetCalls();
    // Ten different requests: ten identical ones would be one request and nine replays.
    const events = Array.from({ length: 1000 }, (_, i) => ({ _model: 'crm.lead', _id: leads[i % leads.length].id, _action: `Send Webhook Notification(#${1 + Math.floor(i / 100)})` }));
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        const body = JSON.stringify(events.slice(i * 100, (i + 1) * 100));
        return post(body, signed(body));
      }),
    );
    expect(answers.map((res) => res.status)).toEqual(Array(10).fill(202));
    await settle();
    for (const lead of leads) expect((await leadDoc(lead.id))?.name).toBe(`Burst ${lead.id}`);
    expect(fake.calls('crm.lead', 'search_read')).toBeLessThanOrEqual(5);
  });

  it('reports its configuration, URL, signature scheme and counts to admins only', async () => {
    const body = await status();
    expect(body).toMatchObject({
      configured: true,
      url: 'https://sales-api.example.com/api/webhooks/odoo',
      signature: { header: 'X-Odoo-Signature', timestamp_header: 'X-Odoo-Timestamp', tolerance_seconds: 300 },
      counts: { accepted: expect.any(Number), rejected: 5, ignored: expect.any(Number), processed: expect.any(Number), retried: expect.any(Number), gave_up: 0, deleted: 1, failed: 0 },
      last_event_at: { 'crm.lead': expect.any(String), 'sale.order': expect.any(String) },
    });
    expect(body.counts.accepted).toBeGreaterThanOrEqual(1003);
    const user = await bearer(app, await createUser(app));
    expect((await app.inject({ method: 'GET', url: '/api/webhooks/status', headers: user })).statusCode).toBe(403);
  });
});
