import { randomBytes } from 'node:crypto';
import { format } from 'node:util';
import { jest } from '@jest/globals';
import { Body, Controller, Headers, Logger, Post } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Connection } from 'mongoose';
import { Public } from '../../src/common/auth/auth.decorators.js';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import { webhookSignature } from '../fake-odoo/webhook-sender.js';
import { startFakeOdoo } from '../support/fake-odoo.js';
import { freePort } from '../support/free-port.js';
import { registerSecret } from '../support/secret-scan.js';
import { configureOdoo, runSync } from '../support/sync.js';
import { onLogLine } from '../support/test-log.js';
import { bearer, createSuperAdmin, PASSWORD } from '../support/users.js';

const JWT_SECRET = `jwt-${randomBytes(24).toString('hex')}`;
const WEBHOOK_SECRET = `webhook-${randomBytes(16).toString('hex')}`;
const USER_PASSWORD = `first-${randomBytes(8).toString('hex')}`;
const WRONG_PASSWORD = `wrong-${randomBytes(8).toString('hex')}`;
const RESET_PASSWORD = `reset-${randomBytes(8).toString('hex')}`;
const WRONG_API_KEY = `not-the-key-${randomBytes(8).toString('hex')}`;
const ECHOED = { password: `echoed-${randomBytes(8).toString('hex')}`, api_key: `echoed-key-${randomBytes(8).toString('hex')}`, cookie: `sid=${randomBytes(8).toString('hex')}` };

/** Patterns of secrets whatever their value: a JWT, a password hash. */
const SECRET_SHAPES = [/eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]*/, /\$argon2(id|i|d)\$/, /\$2[aby]\$\d\d\$/];

/**
 * A careless log call: the whole request, headers and body. No route logs one; this shows what the logger's
 * redaction would make of it.
 */
@Public()
@Controller('log-echo')
class LogEchoController {
  private readonly logger = new Logger('Echo');

  @Post()
  echo(@Headers() headers: Record<string, string>, @Body() body: Record<string, unknown>): void {
    this.logger.log({ msg: 'A request, logged whole', req: { headers }, body });
  }
}

describe('secrets in the log output', () => {
  let app: NestFastifyApplication;
  let fake: FakeOdooServer;
  let admin: { authorization: string };
  let adminId: string;
  /** What pino writes, one JSON object per line: the app's own log. */
  const logged: string[] = [];
  /** Whatever else reaches standard output or error, or the console. */
  const printed: string[] = [];
  const issuedTokens: string[] = [];

  beforeAll(async () => {
    Object.assign(process.env, { JWT_SECRET, ODOO_WEBHOOK_SECRET: WEBHOOK_SECRET, ODOO_RETRIES: '1', LOG_LEVEL: 'trace' });
    for (const secret of [USER_PASSWORD, WRONG_PASSWORD, RESET_PASSWORD, WRONG_API_KEY, ...Object.values(ECHOED)]) registerSecret(secret);
    const { createTestApp } = await import('../support/test-app.js');
    // Not Odoo's default 'admin': a word the audit lines carry as a role.
    fake = await startFakeOdoo({ leads: 20, password: 'odoo-login-password-of-the-log-test' });
    registerSecret(fake.password);
    onLogLine((line) => logged.push(line));
    app = await createTestApp({ controllers: [LogEchoController] });
    for (const stream of [process.stdout, process.stderr]) {
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => (printed.push(String(chunk)), true));
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => printed.push(format(...args)));
    }
    const user = await createSuperAdmin(app);
    adminId = user.id;
    admin = await bearer(app, user);
    issuedTokens.push(admin.authorization.slice('Bearer '.length));
  }, 60_000);
  afterAll(async () => {
    jest.restoreAllMocks();
    await app.close();
    await fake.stop();
  });

  const call = (method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = admin) =>
    app.inject({ method, url: `/api${url}`, payload, headers });
  const login = (email: string, password: string) => call('POST', '/auth/login', { email, password }, {});
  const lines = () => logged.map((line) => JSON.parse(line) as Record<string, unknown>);

  it('logs in right and wrong, refreshes, resets a password and refuses bad tokens', async () => {
    const created = await call('POST', '/users', { email: 'rep@example.com', name: 'Rep', password: USER_PASSWORD });
    expect(created.statusCode).toBe(201);
    const right = await login('rep@example.com', USER_PASSWORD);
    expect(right.statusCode).toBe(200);
    issuedTokens.push(right.json().access_token);
    expect((await login('rep@example.com', WRONG_PASSWORD)).statusCode).toBe(401);
    expect((await login('nobody@example.com', USER_PASSWORD)).statusCode).toBe(401);

    const refreshed = await call('POST', '/auth/refresh', undefined, { authorization: `Bearer ${right.json().access_token}` });
    issuedTokens.push(refreshed.json().access_token);
    const tampered = `${right.json().access_token.slice(0, -4)}AAAA`;
    expect((await call('GET', '/auth/me', undefined, { authorization: `Bearer ${tampered}` })).statusCode).toBe(401);
    expect((await call('POST', `/users/${created.json().id}/reset-password`, { password: RESET_PASSWORD })).statusCode).toBe(204);
  });

  it('configures Odoo with an API key, fails to with a wrong key or an unreachable server, and syncs', async () => {
    await configureOdoo(app, admin, fake);
    const odoo = { url: fake.url, database: fake.database, username: fake.login };
    const wrongKey = await call('POST', '/integrations/odoo/configure', { ...odoo, api_key: WRONG_API_KEY });
    expect(wrongKey.json().code).toBe('ODOO_AUTHENTICATION_FAILED');
    const unreachable = await call('POST', '/integrations/odoo/configure', { ...odoo, url: `http://127.0.0.1:${await freePort()}`, api_key: fake.apiKey });
    expect(unreachable.json().code).toBe('ODOO_UNREACHABLE');
    fake.failNext(2, 'html');
    expect((await call('POST', '/integrations/odoo/test')).json()).toMatchObject({ ok: false, code: 'ODOO_UNREACHABLE' });
    fake.clearFaults();
    expect((await runSync(app, admin)).status).toBe('completed');
  });

  it('refuses a webhook with a bad signature', async () => {
    const body = JSON.stringify({ _model: 'crm.lead', _id: 1 });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = { 'content-type': 'application/json', 'x-odoo-timestamp': String(timestamp), 'x-odoo-signature': webhookSignature('guessed', timestamp, body) };
    const res = await app.inject({ method: 'POST', url: '/api/webhooks/odoo', payload: body, headers });
    expect(res.statusCode).toBe(401);
  });

  it('redacts the secrets of a request logged whole', async () => {
    const headers = { ...admin, cookie: ECHOED.cookie, 'x-api-key': ECHOED.api_key };
    expect((await call('POST', '/log-echo', { email: 'rep@example.com', password: ECHOED.password, api_key: ECHOED.api_key }, headers)).statusCode).toBe(201);
    const echoed = lines().find((line) => line.context === 'Echo');
    expect(echoed).toMatchObject({
      req: { headers: { authorization: '[Redacted]', cookie: '[Redacted]', 'x-api-key': '[Redacted]' } },
      body: { email: 'rep@example.com', password: '[Redacted]', api_key: '[Redacted]' },
    });
  });

  it('logs one line per request: its id, method, route pattern, status, duration and the caller', async () => {
    const res = await call('GET', `/users/${adminId}?page=1`);
    expect(res.statusCode).toBe(200);
    const line = lines().find((entry) => entry.context === 'HTTP' && entry.req_id === res.headers['x-request-id']);
    expect(line).toEqual({
      level: 'info',
      time: expect.any(String),
      pid: process.pid,
      hostname: expect.any(String),
      context: 'HTTP',
      msg: expect.stringMatching(/^GET \/api\/users\/:id 200 in [\d.]+ ms$/),
      req_id: res.headers['x-request-id'],
      method: 'GET',
      route: '/api/users/:id',
      status: 200,
      duration_ms: expect.any(Number),
      user_id: adminId,
    });
    const logins = lines().filter((entry) => entry.context === 'HTTP' && entry.route === '/api/auth/login');
    expect(logins.map((entry) => entry.status)).toEqual([200, 401, 401]);
    expect(logins.every((entry) => entry.user_id === undefined)).toBe(true);
  });

  it('logged what happened, at every level, and not one secret', async () => {
    const text = [...logged, ...printed].join('\n');
    // The capture works: warnings, retries and debug lines of the steps above are in it, with what they are about.
    expect(text).toMatch(/Webhook refused/);
    expect(lines()).toContainEqual(expect.objectContaining({ level: 'warn', context: 'Odoo', attempt: 1, msg: expect.stringMatching(/failed \(attempt 1\), retrying/) }));
    expect(lines()).toContainEqual(expect.objectContaining({ level: 'debug', context: 'Auth', req_id: expect.any(String), msg: expect.stringMatching(/^Bearer token refused/) }));
    expect(lines()).toContainEqual(
      expect.objectContaining({ context: 'Sync', status: 'completed', trigger: 'manual', entities: expect.objectContaining({ opportunity: expect.objectContaining({ fetched: 20 }) }) }),
    );

    const db = app.get<Connection>(getConnectionToken()).db!;
    const hashes = (await db.collection('users').find().toArray()).map((user) => String(user.password_hash));
    const integration = await db.collection('integrations').findOne({ integration_type: 'odoo' });
    const secrets = {
      JWT_SECRET,
      WEBHOOK_SECRET,
      USER_PASSWORD,
      WRONG_PASSWORD,
      RESET_PASSWORD,
      PASSWORD,
      WRONG_API_KEY,
      ...ECHOED,
      apiKey: fake.apiKey,
      odooPassword: fake.password,
      encryptedApiKey: String(integration?.config.api_key_encrypted),
      ...Object.fromEntries(hashes.map((hash, i) => [`password_hash ${i}`, hash])),
      ...Object.fromEntries(issuedTokens.map((token, i) => [`token ${i}`, token])),
    };
    expect(hashes.length).toBeGreaterThanOrEqual(2);
    expect(Object.entries(secrets).filter(([, secret]) => text.includes(secret)).map(([name]) => name)).toEqual([]);
    expect(SECRET_SHAPES.filter((shape) => shape.test(text)).map(String)).toEqual([]);
  });
});
