// Every action finding 6 of issue 14 names leaves one audit event, recorded through the real routes.
import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Collection, Connection } from 'mongoose';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import { startOdooWorld, type OdooWorld } from '../support/odoo-world.js';
import { registerSecret } from '../support/secret-scan.js';

const FIRST_PASSWORD = 'quartz lantern 41 meadow';
const RESET_PASSWORD = 'violet harbour 73 compass';
const CHANGED_PASSWORD = 'amber thicket 95 parsnip';
const WRONG_PASSWORD = 'not the password 12 at all';

describe('audited actions', () => {
  let world: OdooWorld;
  let app: NestFastifyApplication;
  let fake: FakeOdooServer;
  let superAdmin: { authorization: string };
  let superAdminId: string;
  let events: Collection;

  beforeAll(async () => {
    for (const secret of [FIRST_PASSWORD, RESET_PASSWORD, CHANGED_PASSWORD, WRONG_PASSWORD]) registerSecret(secret);
    world = await startOdooWorld({ leads: 10 });
    ({ app, fake, admin: superAdmin } = world);
    superAdminId = world.adminUser.id;
    events = app.get<Connection>(getConnectionToken()).db!.collection('audit_events') as unknown as Collection;
  }, 60_000);
  afterAll(() => world.stop());

  const call = (method: 'POST' | 'PATCH', url: string, payload: object, headers: object = superAdmin, remoteAddress = '198.51.100.4') =>
    app.inject({ method, url: `/api${url}`, payload, headers: headers as Record<string, string>, remoteAddress });
  const login = (email: string, password: string, remoteAddress?: string) => call('POST', '/auth/login', { email, password }, {}, remoteAddress);
  const last = async (action: string) => (await events.find({ action }).sort({ occurred_at: -1 }).limit(1).toArray())[0];

  it('records account administration, sign-ins, password changes, logout and lockouts, never a secret', async () => {
    const created = await call('POST', '/users', { email: 'audited@example.com', name: 'Audited', password: FIRST_PASSWORD });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(await last('user.created')).toMatchObject({ outcome: 'success', actor_id: superAdminId, target_type: 'user', target_id: id, client_ip: '198.51.100.4' });

    expect((await login('audited@example.com', WRONG_PASSWORD)).statusCode).toBe(401);
    expect(await last('login.failed')).toMatchObject({ outcome: 'failure', actor_id: null, target_id: id, details: { email: 'audited@example.com', reason: 'wrong_password' } });
    expect((await login('nobody@example.com', WRONG_PASSWORD)).statusCode).toBe(401);
    expect(await last('login.failed')).toMatchObject({ target_id: null, details: { email: 'nobody@example.com', reason: 'unknown_user' } });
    const signedIn = await login('audited@example.com', FIRST_PASSWORD);
    expect(signedIn.statusCode).toBe(200);
    expect(await last('login.succeeded')).toMatchObject({ outcome: 'success', actor_id: id, request_id: signedIn.headers['x-request-id'] });

    expect((await call('PATCH', `/users/${id}`, { role: 'admin' })).statusCode).toBe(200);
    expect(await last('user.role_changed')).toMatchObject({ actor_id: superAdminId, target_id: id, details: { role: 'admin', previous_role: 'user' } });
    expect((await call('PATCH', `/users/${id}`, { is_active: false })).statusCode).toBe(200);
    expect(await last('user.deactivated')).toMatchObject({ target_id: id });
    expect((await call('PATCH', `/users/${id}`, { is_active: true })).statusCode).toBe(200);
    expect(await last('user.activated')).toMatchObject({ target_id: id });
    expect((await call('POST', `/users/${id}/reset-password`, { password: RESET_PASSWORD })).statusCode).toBe(204);
    expect(await last('password.reset')).toMatchObject({ actor_id: superAdminId, target_id: id });

    const own = { authorization: `Bearer ${(await login('audited@example.com', RESET_PASSWORD)).json().access_token}` };
    expect((await call('POST', '/auth/change-password', { current_password: WRONG_PASSWORD, new_password: CHANGED_PASSWORD }, own)).statusCode).toBe(400);
    expect(await last('password.changed')).toMatchObject({ outcome: 'failure', actor_id: id });
    const changed = await call('POST', '/auth/change-password', { current_password: RESET_PASSWORD, new_password: CHANGED_PASSWORD }, own);
    expect(changed.statusCode).toBe(200);
    expect(await last('password.changed')).toMatchObject({ outcome: 'success', actor_id: id });
    const fresh = { authorization: `Bearer ${changed.json().access_token}` };
    expect((await call('POST', '/auth/logout', {}, fresh)).statusCode).toBe(204);
    expect(await last('logout')).toMatchObject({ outcome: 'success', actor_id: id });

    let answer = 0;
    for (let attempt = 0; attempt < 10 && answer !== 429; attempt++) answer = (await login('audited@example.com', WRONG_PASSWORD, '192.0.2.66')).statusCode;
    expect(answer).toBe(429);
    expect(await last('login.locked')).toMatchObject({ outcome: 'denied', client_ip: '192.0.2.66', details: { email: 'audited@example.com' } });

    const stored = JSON.stringify(await events.find().toArray());
    for (const secret of [FIRST_PASSWORD, RESET_PASSWORD, CHANGED_PASSWORD, WRONG_PASSWORD]) expect(stored).not.toContain(secret);
  }, 60_000);

  it('records integration configuration, refused or done, without its key', async () => {
    const payload = { url: fake.url, database: fake.database, username: fake.login, api_key: fake.apiKey };
    expect((await call('POST', '/integrations/odoo/configure', payload)).statusCode).toBe(200);
    expect(await last('integration.configured')).toMatchObject({
      outcome: 'success',
      actor_id: superAdminId,
      target_type: 'integration',
      target_id: 'odoo',
      details: { url: fake.url, database: fake.database },
    });
    const moved = await call('POST', '/integrations/odoo/configure', { ...payload, url: 'http://127.0.0.1:9', api_key: undefined });
    expect(moved.statusCode).toBe(400);
    expect(await last('integration.configured')).toMatchObject({ outcome: 'failure', details: { code: 'API_KEY_REQUIRED' } });
    expect(JSON.stringify(await events.find().toArray())).not.toContain(fake.apiKey);
  });
});
