import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { FakeOdooServer } from './fake-odoo-server.js';
import { call } from './odoo-test-client.js';
import { WebhookSender, webhookBody } from './webhook-sender.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

describe('WebhookSender: what an automation rule\'s "Send Webhook Notification" posts', () => {
  let odoo: FakeOdooServer;
  let receiver: Server;
  let url: string;
  const received: Received[] = [];
  /** What the receiver does before it answers a body. */
  let beforeAnswer: (body: string) => Promise<void>;
  let inFlight = 0;
  let mostInFlight = 0;

  beforeAll(async () => {
    odoo = await FakeOdooServer.start({ startTime: new Date('2026-11-24T10:00:00Z') });
    odoo.setTime(new Date('2026-11-24T10:00:00Z'), { frozen: true });
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        received.push({ headers: request.headers, body });
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        void beforeAnswer(body).then(() => {
          inFlight--;
          response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok": true}');
        });
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/odoo`;
  });
  afterAll(async () => {
    await odoo.stop();
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });
  beforeEach(() => {
    received.length = 0;
    beforeAnswer = async () => {};
    mostInFlight = 0;
  });

  it('posts json.dumps(vals, sort_keys=True): _model, _id, _action and the fields read with load=None', async () => {
    const id = odoo.insert('crm.lead', { name: 'Café tables', stage_id: 2, expected_revenue: 1200 });
    const event = odoo.webhookEvent('crm.lead', id, ['name', 'stage_id', 'expected_revenue', 'write_date']);
    const delivery = await new WebhookSender({ url, action: { name: 'Notify sales backend', id: 7 } }).send(event);
    expect(delivery.status).toBe(200);
    expect(received).toHaveLength(1);
    expect(received[0].body).toBe(
      `{"_action": "Notify sales backend(#7)", "_id": ${id}, "_model": "crm.lead", "expected_revenue": 1200.0, ` +
        `"id": ${id}, "name": "Caf\\u00e9 tables", "stage_id": 2, "write_date": "2026-11-24 10:00:00"}`,
    );
    expect(received[0].headers['content-type']).toBe('application/json');
    expect(received[0].headers['x-odoo-signature']).toBeUndefined();
    expect(JSON.parse(received[0].body)).toMatchObject({ _model: 'crm.lead', _id: id, stage_id: 2, expected_revenue: 1200 });
  });

  it('signs like the relay when given a secret: sha256 HMAC of "<timestamp>.<raw body>"', async () => {
    const sender = new WebhookSender({ url, secret: 's3cret', timestamp: () => 1_795_000_000 });
    const delivery = await sender.send({ model: 'res.partner', id: 3, values: { id: 3, name: 'Administrator' } });
    const { headers, body } = received[0];
    expect(body).toBe(delivery.requestBody);
    expect(headers['x-odoo-timestamp']).toBe('1795000000');
    const expected = createHmac('sha256', 's3cret').update(`1795000000.${body}`).digest('hex');
    expect(headers['x-odoo-signature']).toBe(`sha256=${expected}`);
  });

  it('sends a batch as Odoo does for a rule firing on several records: one POST each, in order', async () => {
    const sender = new WebhookSender({ url });
    const events = [5, 6, 7].map((id) => ({ model: 'crm.lead', id, values: { id } }));
    const deliveries = await sender.sendBatch(events);
    expect(deliveries.map((delivery) => delivery.status)).toEqual([200, 200, 200]);
    expect(received.map((request) => (JSON.parse(request.body) as { _id: number })._id)).toEqual([5, 6, 7]);
    expect(received[0].body).toBe(webhookBody(events[0]));
  });

  it('posts from inside the save: the record it announces cannot be read until the transaction commits', async () => {
    const readByReceiver: unknown[] = [];
    beforeAnswer = async (body) => {
      const { _id: id } = JSON.parse(body) as { _id: number };
      readByReceiver.push(await call(odoo, 'crm.lead', 'search_read', [[['id', '=', id]]], { fields: ['name'] }));
    };
    const sender = new WebhookSender({ url });
    const id = await odoo.transaction(async (transaction) => {
      const created = transaction.insert('crm.lead', { name: 'Lead in a save' });
      expect((await sender.send(transaction.webhookEvent('crm.lead', created, ['name', 'write_date']))).status).toBe(200);
      return created;
    });
    expect(JSON.parse(received[0].body)).toMatchObject({ _id: id, name: 'Lead in a save', write_date: '2026-11-24 10:00:00' });
    expect(readByReceiver).toEqual([[]]);
    expect(await call(odoo, 'crm.lead', 'search_read', [[['id', '=', id]]], { fields: ['name'] })).toEqual([{ id, name: 'Lead in a save' }]);
  });

  it('fires the rule several times a record, round after round, one POST at a time', async () => {
    beforeAnswer = () => sleep(5).then(() => undefined);
    const events = [5, 6].map((id) => ({ model: 'crm.lead', id, values: { id } }));
    const deliveries = await new WebhookSender({ url }).sendBatch(events, { firesPerRecord: 3 });
    expect(deliveries.map((delivery) => delivery.status)).toEqual(Array(6).fill(200));
    expect(received.map((request) => (JSON.parse(request.body) as { _id: number })._id)).toEqual([5, 6, 5, 6, 5, 6]);
    expect(mostInFlight).toBe(1);
  });

  it('gives up waiting for an answer after 1 s, as Odoo does, and goes on with the next record', async () => {
    beforeAnswer = async (body) => {
      if ((JSON.parse(body) as { _id: number })._id === 5) await sleep(1_500);
    };
    const deliveries = await new WebhookSender({ url }).sendBatch([5, 6].map((id) => ({ model: 'crm.lead', id })));
    expect(deliveries[0]).toMatchObject({ status: 0, error: 'timed out' });
    expect(deliveries[0].ms).toBeGreaterThanOrEqual(990);
    expect(deliveries[0].ms).toBeLessThan(1_400);
    expect(deliveries[1].status).toBe(200);
  });
});
