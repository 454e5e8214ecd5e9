import { setTimeout as sleep } from 'node:timers/promises';
import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Connection } from 'mongoose';
import { WebhookProcessor } from '../../src/webhooks/webhook-processor.service.js';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import { webhookBody, webhookSignature } from '../fake-odoo/webhook-sender.js';
import { startOdooWorld, type OdooWorld } from '../support/odoo-world.js';
import { expectError } from './security-support.js';

const SECRET = 'webhook-secret-for-the-replay-probes';
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('webhook replays', () => {
  let world: OdooWorld;
  let app: NestFastifyApplication;
  let fake: FakeOdooServer;
  let admin: { authorization: string };
  let leadIds: number[];

  beforeAll(async () => {
    Object.assign(process.env, { ODOO_WEBHOOK_SECRET: SECRET });
    world = await startOdooWorld({ leads: 30 }, 'configured');
    ({ app, fake, admin } = world);
    leadIds = fake.records('crm.lead').map((lead) => lead.id);
  }, 60_000);
  afterAll(() => world.stop());

  /** A signed delivery of one event: its body and headers, to send as often as a probe likes. */
  const delivery = (leadId: number, timestamp = nowSeconds()) => {
    const body = webhookBody(fake.webhookEvent('crm.lead', leadId, ['name']));
    return { body, headers: { 'x-odoo-timestamp': String(timestamp), 'x-odoo-signature': webhookSignature(SECRET, timestamp, body) } };
  };
  const post = ({ body, headers }: ReturnType<typeof delivery>) =>
    app.inject({ method: 'POST', url: '/api/webhooks/odoo', payload: body, headers: { 'content-type': 'application/json', ...headers } });
  const settle = () => app.get(WebhookProcessor).idle();
  const counts = async () => (await app.inject({ method: 'GET', url: '/api/webhooks/status', headers: admin })).json().counts;
  /** The work a delivery causes: webhook sync runs logged, and calls made to Odoo. */
  const work = async () => ({
    runs: await app.get<Connection>(getConnectionToken()).db!.collection('sync_logs').countDocuments({ trigger: 'webhook' }),
    odooCalls: fake.calls(),
  });

  it('acknowledges a delivery sent again with the same timestamp and signature, and does no work for it', async () => {
    const original = delivery(leadIds[0]);
    const first = await post(original);
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ accepted: 1, ignored: 0 });
    await settle();
    const [before, countsBefore] = [await work(), await counts()];
    expect(before.runs).toBeGreaterThanOrEqual(1);

    const replay = await post(original);
    expect(replay.statusCode).toBe(202);
    expect(replay.json()).toEqual({ accepted: 0, ignored: 0, replayed: true });
    await settle();
    expect(await work()).toEqual(before);
    expect(await counts()).toEqual({ ...countsBefore, replayed: countsBefore.replayed + 1 });
  });

  it('processes ten copies of one delivery arriving at once exactly once', async () => {
    // The webhook runs one delivery causes (a record is read again after a settle delay).
    const single = await work();
    await post(delivery(leadIds[6]));
    await settle();
    const runsOfOne = (await work()).runs - single.runs;
    const original = delivery(leadIds[1]);
    const before = await work();
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(original)));
    expect(answers.map((res) => res.json().accepted).sort()).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(answers.filter((res) => res.json().replayed)).toHaveLength(9);
    await settle();
    expect((await work()).runs).toBe(before.runs + runsOfOne);
  });

  it('recognises a replay however the signature header is spelled', async () => {
    const original = delivery(leadIds[2]);
    expect((await post(original)).json()).toEqual({ accepted: 1, ignored: 0 });
    const signature = original.headers['x-odoo-signature'];
    for (const spelling of [signature.toUpperCase().replace('SHA256=', 'sha256='), signature.replace('sha256=', 'SHA256=')]) {
      const res = await post({ body: original.body, headers: { ...original.headers, 'x-odoo-signature': spelling } });
      expect(res.json()).toEqual({ accepted: 0, ignored: 0, replayed: true });
    }
    await settle();
  });

  it('still processes a new delivery for the same record: only the same signed request is a replay', async () => {
    const timestamp = nowSeconds();
    expect((await post(delivery(leadIds[3], timestamp))).json()).toEqual({ accepted: 1, ignored: 0 });
    fake.update('crm.lead', leadIds[3], { name: 'Renamed after the first event' });
    expect((await post(delivery(leadIds[3], timestamp))).json()).toEqual({ accepted: 1, ignored: 0 });
    await settle();
  });

  it('refuses a genuine delivery replayed once its timestamp is over five minutes old, and does no work for it', async () => {
    const timestamp = nowSeconds() - 299;
    const original = delivery(leadIds[4], timestamp);
    expect((await post(original)).statusCode).toBe(202);
    await settle();
    const before = await work();
    await sleep((timestamp + 301) * 1000 - Date.now());
    expect(expectError(await post(original), 401).code).toBe('INVALID_SIGNATURE');
    await settle();
    expect(await work()).toEqual(before);
  });

  it('forgets a delivery once its timestamp would be refused anyway', async () => {
    const deliveries = app.get<Connection>(getConnectionToken()).db!.collection<{ _id: string; expires_at: Date }>('webhook_deliveries');
    await deliveries.insertOne({ _id: 'f'.repeat(64), expires_at: new Date(Date.now() - 1000) });
    const timestamp = nowSeconds();
    const fresh = delivery(leadIds[5], timestamp);
    expect((await post(fresh)).json()).toEqual({ accepted: 1, ignored: 0 });
    await settle();
    expect(await deliveries.findOne({ _id: 'f'.repeat(64) })).toBeNull();
    const remembered = await deliveries.findOne({ _id: fresh.headers['x-odoo-signature'].slice('sha256='.length) });
    expect(remembered?.expires_at).toEqual(new Date((timestamp + 300) * 1000));
  });

  // Nest keeps the raw bytes of JSON bodies only: any other body used to be checked against no bytes at all.
  it.each([
    ['text/plain, signed over its text', 'text/plain', 10, (body: string) => body],
    ['text/plain, signed over no bytes', 'text/plain; charset=utf-8', 11, () => ''],
    ['form-encoded, signed over its text', 'application/x-www-form-urlencoded', 12, (body: string) => body],
    ['without a content type, signed over no bytes', undefined, 13, () => ''],
  ])('refuses a body sent as %s with 415 before any signature check, and does no work for it', async (_case, contentType, lead, signedBytes) => {
    const timestamp = nowSeconds();
    const { body } = delivery(leadIds[lead], timestamp);
    const headers = { 'x-odoo-timestamp': String(timestamp), 'x-odoo-signature': webhookSignature(SECRET, timestamp, signedBytes(body)) };
    const [before, countsBefore] = [await work(), await counts()];
    const res = await app.inject({ method: 'POST', url: '/api/webhooks/odoo', payload: body, headers: { ...headers, ...(contentType && { 'content-type': contentType }) } });
    expect(expectError(res, 415).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    await settle();
    expect(await work()).toEqual(before);
    expect(await counts()).toEqual(countsBefore);
  });

  it('accepts JSON with a charset, and a refused non-JSON copy does not make the JSON delivery a replay', async () => {
    const { body, headers } = delivery(leadIds[14]);
    const asText = await app.inject({ method: 'POST', url: '/api/webhooks/odoo', payload: body, headers: { ...headers, 'content-type': 'text/plain' } });
    expect(asText.statusCode).toBe(415);
    const res = await app.inject({ method: 'POST', url: '/api/webhooks/odoo', payload: body, headers: { ...headers, 'content-type': 'application/json; charset=utf-8' } });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: 1, ignored: 0 });
    await settle();
  });
});
