import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { WebhookCountersService } from '../../src/webhooks/webhook-counters.service.js';
import { WebhookProcessor } from '../../src/webhooks/webhook-processor.service.js';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import { webhookBody, webhookSignature } from '../fake-odoo/webhook-sender.js';
import { startFakeOdoo } from '../support/fake-odoo.js';
import { configureOdoo } from '../support/sync.js';
import { bearer, createSuperAdmin } from '../support/users.js';

const SECRET = 'webhook-secret-shared-by-two-instances';

// The route answers before the database records the request, so the replay check across instances happens just
// after: two instances on one database, as behind a load balancer, must still process a request once.
describe('a signed webhook request reaching two instances', () => {
  let instances: NestFastifyApplication[];
  let fake: FakeOdooServer;
  let admin: { authorization: string };

  beforeAll(async () => {
    Object.assign(process.env, { ODOO_WEBHOOK_SECRET: SECRET });
    const { createTestApp } = await import('../support/test-app.js');
    fake = await startFakeOdoo({ leads: 20 });
    instances = [await createTestApp(), await createTestApp()];
    admin = await bearer(instances[0], await createSuperAdmin(instances[0]));
    await configureOdoo(instances[0], admin, fake);
  }, 60_000);
  afterAll(async () => {
    for (const instance of instances) await instance.close();
    await fake.stop();
  });

  const post = (instance: NestFastifyApplication, body: string, timestamp: number) =>
    instance.inject({
      method: 'POST',
      url: '/api/webhooks/odoo',
      payload: body,
      headers: { 'content-type': 'application/json', 'x-odoo-timestamp': String(timestamp), 'x-odoo-signature': webhookSignature(SECRET, timestamp, body) },
    });
  const settle = () => Promise.all(instances.map((instance) => instance.get(WebhookProcessor).idle()));
  const counts = async () => {
    await Promise.all(instances.map((instance) => instance.get(WebhookCountersService).flush()));
    return (await instances[0].inject({ method: 'GET', url: '/api/webhooks/status', headers: admin })).json().counts;
  };

  it('processes a request that reaches both at once exactly once, and counts the other copy as a replay', async () => {
    const lead = fake.records('crm.lead')[0];
    const body = webhookBody(fake.webhookEvent('crm.lead', lead.id, ['name', 'write_date']));
    const timestamp = Math.floor(Date.now() / 1000);
    const before = await counts();

    const answers = await Promise.all(instances.map((instance) => post(instance, body, timestamp)));
    expect(answers.map((answer) => answer.statusCode)).toEqual([202, 202]);
    await settle();
    const after = await counts();
    expect(after.accepted - before.accepted).toBe(1);
    expect(after.replayed - before.replayed).toBe(1);
    expect(after.processed - before.processed).toBe(1);

    // Sent again to either instance, it is answered as a replay.
    for (const instance of instances) expect((await post(instance, body, timestamp)).json()).toEqual({ accepted: 0, ignored: 0, replayed: true });
  });
});
