import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Connection } from 'mongoose';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import { startOdooWorld, type OdooWorld } from '../support/odoo-world.js';
import { createUser } from '../support/users.js';

describe('Odoo integration routes', () => {
  let world: OdooWorld;
  let app: NestFastifyApplication;
  let fake: FakeOdooServer;
  let admin: { authorization: string };

  beforeAll(async () => {
    world = await startOdooWorld({ leads: 100 });
    ({ app, fake, admin } = world);
  });
  afterAll(() => world.stop());
  beforeEach(() => fake.clearFaults());

  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url: `/api/integrations${url}`, headers: admin, payload });
  const odooSettings = (overrides: object = {}) => ({
    url: fake.url,
    database: fake.database,
    username: fake.login,
    api_key: fake.apiKey,
    ...overrides,
  });
  const stored = () => app.get<Connection>(getConnectionToken()).db!.collection('integrations').findOne({ integration_type: 'odoo' });

  it('lists both integrations, unconfigured at first, with or without the trailing slash', async () => {
    for (const url of ['/', '']) {
      const res = await call('GET', url);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual([
        expect.objectContaining({ integration_type: 'odoo', enabled: false, sync_status: 'not_configured' }),
        expect.objectContaining({ integration_type: 'ms365', enabled: false }),
      ]);
    }
    expect((await call('POST', '/odoo/test')).json()).toMatchObject({ status: 400, code: 'ODOO_NOT_CONFIGURED' });
  });

  it.each([
    ['an invalid URL', { url: 'ftp://odoo.example.com' }, 400, 'VALIDATION_FAILED'],
    ['an unreachable host', { url: 'http://127.0.0.1:9' }, 422, 'ODOO_UNREACHABLE'],
    ['a wrong database', { database: 'nope' }, 422, 'ODOO_DATABASE_NOT_FOUND'],
    ['wrong credentials', { api_key: 'not-the-key' }, 422, 'ODOO_AUTHENTICATION_FAILED'],
  ])('refuses %s with a clear answer and saves nothing', async (_case, overrides, status, code) => {
    const res = await call('POST', '/odoo/configure', odooSettings(overrides));
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ code, message: expect.any(String) });
    expect(await stored()).toBeNull();
  });

  it('refuses a server that answers HTML instead of Odoo JSON', async () => {
    fake.setFaults({ htmlErrorRate: 1 });
    const res = await call('POST', '/odoo/configure', odooSettings());
    expect(res.json()).toMatchObject({ status: 422, code: 'ODOO_UNREACHABLE' });
  });

  it('tests, then saves the connection with the API key encrypted, and answers it masked', async () => {
    const res = await call('POST', '/odoo/configure', odooSettings({ url: `${fake.url}/` }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      integration_type: 'odoo',
      enabled: true,
      config: { url: fake.url, database: fake.database, username: fake.login, protocol: 'auto', server_version: '17.0', uid: fake.uid, api_key_set: true },
    });
    expect(res.body).not.toContain(fake.apiKey);
    const doc = await stored();
    expect(JSON.stringify(doc)).not.toContain(fake.apiKey);
    expect(doc?.config.api_key_encrypted).toMatch(/^v1:/);

    const listed = (await call('GET', '/')).json();
    expect(listed[0]).toMatchObject({ enabled: true, config: { api_key_set: true } });
    expect(JSON.stringify(listed)).not.toContain('api_key_encrypted');
  });

  it('keeps the stored key when reconfigured without one', async () => {
    const res = await call('POST', '/odoo/configure', { url: fake.url, database: fake.database, username: fake.login, protocol: 'json-rpc' });
    expect(res.statusCode).toBe(200);
    expect(res.json().config).toMatchObject({ protocol: 'json-rpc', api_key_set: true });
  });

  it('tests the saved connection: version, uid and round-trip time, or why it fails', async () => {
    const ok = (await call('POST', '/odoo/test')).json();
    expect(ok).toMatchObject({ ok: true, server_version: '17.0', uid: fake.uid, protocol: 'json-rpc', round_trip_ms: expect.any(Number) });
    fake.setFaults({ authFailure: true });
    const refused = (await call('POST', '/odoo/test')).json();
    expect(refused).toMatchObject({ ok: false, code: 'ODOO_AUTHENTICATION_FAILED', message: expect.any(String) });
  });

  it('links users to Odoo employees by work email or login, and reports the unmatched and ambiguous', async () => {
    const manager = fake.records('hr.employee')[0];
    const repUser = fake.insert('res.users', { name: 'Rep Login', login: 'rep.login@example.com' });
    const rep = fake.insert('hr.employee', { name: 'Rep Login', work_email: 'rep.work@example.com', user_id: repUser, parent_id: manager.id });
    const viaWork = fake.insert('hr.employee', { name: 'Work Mail', work_email: 'work.mail@example.com', parent_id: manager.id });
    fake.insert('hr.employee', { name: 'Twin A', work_email: 'twin@example.com' });
    fake.insert('hr.employee', { name: 'Twin B', work_email: 'twin@example.com' });
    await createUser(app, { email: 'rep.login@example.com' });
    await createUser(app, { email: 'work.mail@example.com' });
    await createUser(app, { email: 'twin@example.com' });
    await createUser(app, { email: 'stranger@example.com' });

    const res = await call('POST', '/odoo/sync-users');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.matched_users).toEqual(
      expect.arrayContaining([
        { email: 'rep.login@example.com', odoo_employee_id: rep },
        { email: 'work.mail@example.com', odoo_employee_id: viaWork },
      ]),
    );
    expect(body.unmatched_users).toContain('stranger@example.com');
    expect(body.ambiguous_users).toEqual([{ email: 'twin@example.com', candidates: expect.any(Array) }]);
    expect(body.ambiguous_users[0].candidates).toHaveLength(2);
    expect(body).toMatchObject({ matched: body.matched_users.length, unmatched: body.unmatched_users.length, ambiguous: 1 });

    const users = app.get<Connection>(getConnectionToken()).db!.collection('users');
    expect(await users.findOne({ email: 'rep.login@example.com' })).toMatchObject({
      odoo_employee_id: rep,
      odoo_user_id: repUser,
      odoo_salesperson_name: 'Rep Login',
      manager_odoo_id: manager.id,
      odoo_matched: true,
    });
    expect(await users.findOne({ email: 'stranger@example.com' })).toMatchObject({ odoo_matched: false });
  });
});
