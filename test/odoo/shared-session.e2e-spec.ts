import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SyncRunner } from '../../src/sync/sync-runner.service.js';
import { WebhookProcessor } from '../../src/webhooks/webhook-processor.service.js';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import { WebhookSender } from '../fake-odoo/webhook-sender.js';
import { startOdooWorld, type OdooWorld } from '../support/odoo-world.js';
import { configureOdoo, runSync } from '../support/sync.js';

const SECRET = 'webhook-secret-of-the-session-test';

// Odoo hashes an API key on every authenticate (330 to 800 ms on a real server): the service logs in once.
describe.each([
  ['17.0', 'common', 'authenticate'],
  ['19.0', 'res.users', 'context_get'],
] as const)('one Odoo session per saved connection (Odoo %s)', (version, model, method) => {
  let world: OdooWorld;
  let app: NestFastifyApplication;
  let fake: FakeOdooServer;
  let admin: { authorization: string };

  beforeAll(async () => {
    process.env.ODOO_WEBHOOK_SECRET = SECRET;
    world = await startOdooWorld({ version, leads: 40 });
    ({ app, fake, admin } = world);
    await app.listen(0, '127.0.0.1');
  }, 60_000);
  afterAll(() => world.stop());

  it('a configuration, a sync, a webhook batch and an opportunity creation in a row log in once', async () => {
    await configureOdoo(app, admin, fake);
    expect(fake.calls(model, method)).toBe(1);

    const log = await runSync(app, admin);
    expect(log.status).toBe('completed');
    const lead = fake.records('crm.lead')[0];
    fake.update('crm.lead', lead.id, { name: 'Renamed in Odoo' });
    const url = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/api/webhooks/odoo`;
    expect((await new WebhookSender({ url, secret: SECRET }).send(fake.webhookEvent('crm.lead', lead.id, ['name']))).status).toBe(202);
    await app.get(WebhookProcessor).idle();
    const created = await app.inject({
      method: 'POST',
      url: '/api/opportunities',
      headers: admin,
      payload: { name: 'One session deal', owner_id: fake.uid },
    });
    expect(created.statusCode).toBe(201);
    await app.get(SyncRunner).idle();

    const stored = await app.inject({ method: 'GET', url: `/api/opportunities/${lead.id}`, headers: admin });
    expect(stored.json().name).toBe('Renamed in Odoo');
    expect(fake.calls(model, method)).toBe(1);
  });

  it('a changed configuration gets a session of its own, which what follows uses', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/integrations/odoo/configure',
      headers: admin,
      payload: { url: fake.url, database: fake.database, username: fake.login, api_key: fake.apiKey, protocol: version === '19.0' ? 'json-2' : 'json-rpc' },
    });
    expect(res.statusCode).toBe(200);
    expect(fake.calls(model, method)).toBe(2);
    expect((await runSync(app, admin)).status).toBe('completed');
    expect(fake.calls(model, method)).toBe(2);
  });
});
