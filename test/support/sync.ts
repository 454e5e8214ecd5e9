import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SyncRunner } from '../../src/sync/sync-runner.service.js';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';

type Auth = { authorization: string };

export async function configureOdoo(app: NestFastifyApplication, admin: Auth, fake: FakeOdooServer): Promise<void> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/integrations/odoo/configure',
    headers: admin,
    payload: { url: fake.url, database: fake.database, username: fake.login, api_key: fake.apiKey },
  });
  if (res.statusCode !== 200) throw new Error(`configure failed: ${res.body}`);
}

/** Triggers a sync through the route, waits for it to end, and answers its log. */
export async function runSync(app: NestFastifyApplication, admin: Auth, body: object = {}) {
  const res = await app.inject({ method: 'POST', url: '/api/integrations/odoo/sync/trigger', headers: admin, payload: body });
  if (res.statusCode !== 202) throw new Error(`trigger failed: ${res.statusCode} ${res.body}`);
  await app.get(SyncRunner).idle();
  const log = await app.inject({ method: 'GET', url: `/api/integrations/sync/${res.json().sync_id}`, headers: admin });
  return log.json();
}
