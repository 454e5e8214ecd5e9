import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LightMyRequestResponse } from 'fastify';
import type { Connection } from 'mongoose';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import { freePort } from '../support/free-port.js';
import { startOdooWorld, type OdooWorld } from '../support/odoo-world.js';
import { registerSecret } from '../support/secret-scan.js';
import { bearer, createAdmin } from '../support/users.js';
import { expectError, type Headers } from './security-support.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}
type Answer = (request: Received) => { status: number; body: string; headers?: Record<string, string> };

interface Listener {
  url: string;
  port: number;
  received: Received[];
  close(): Promise<void>;
}

/** A local HTTP server that records every request it receives and answers as `answer` says. */
async function startListener(answer: Answer): Promise<Listener> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const request = { method: req.method!, url: req.url!, headers: req.headers, body };
      received.push(request);
      const { status, body: out, headers = {} } = answer(request);
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url: `http://127.0.0.1:${port}`, port, received, close };
}

const ODOO_17 = { server_version: '17.0', server_version_info: [17, 0, 0, 'final', 0, ''], server_serie: '17.0', protocol_version: 1 };

/** Answers JSON-RPC `common.version` as Odoo 17 does and `common.authenticate` with `uid`: enough to be configured. */
const likeOdoo =
  (uid: number | false): Answer =>
  ({ body }) => {
    const { id, params } = JSON.parse(body) as { id: number; params: { method: string } };
    const result = params.method === 'version' ? ODOO_17 : params.method === 'authenticate' ? uid : null;
    return { status: 200, body: JSON.stringify({ jsonrpc: '2.0', id, result }) };
  };

const methodOf = (request: Received) => (JSON.parse(request.body) as { params: { method: string } }).params.method;

/** The error answer without its request id (a random UUID, which could hold any digits), for checks on its text. */
const errorText = (res: LightMyRequestResponse) => JSON.stringify({ ...res.json<Record<string, unknown>>(), request_id: undefined });

/** Nothing that tells where the service tried to connect or what the network or the server said. */
function expectNoNetworkDetails(text: string, ...more: (string | number)[]): void {
  for (const detail of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'fetch failed', '127.0.0.1', 'localhost', ...more.map(String)]) {
    expect({ text, detail, found: text.includes(detail) }).toEqual({ text, detail, found: false });
  }
}

describe('the stored Odoo API key and the configure route', () => {
  let world: OdooWorld;
  let app: NestFastifyApplication;
  let fake: FakeOdooServer;
  let superAdmin: Headers;
  let admin: Headers;
  const listeners: Listener[] = [];

  beforeAll(async () => {
    world = await startOdooWorld({ leads: 10 });
    ({ app, fake, admin: superAdmin } = world);
    admin = await bearer(app, await createAdmin(app));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(listeners.map((listener) => listener.close()));
    await world.stop();
  });
  const listen = async (answer: Answer) => {
    const listener = await startListener(answer);
    listeners.push(listener);
    return listener;
  };

  const configure = (headers: Headers, payload: object) =>
    app.inject({ method: 'POST', url: '/api/integrations/odoo/configure', headers, payload });
  const saved = { url: '', database: '', username: '' };
  const stored = async () =>
    (await app.get<Connection>(getConnectionToken()).db!.collection('integrations').findOne({ integration_type: 'odoo' }))?.config;
  const settings = (overrides: object = {}) => ({ url: fake.url, database: fake.database, username: fake.login, ...overrides });

  it('a super admin configures Odoo with its key (the happy path)', async () => {
    const res = await configure(superAdmin, settings({ api_key: fake.apiKey }));
    expect(res.statusCode).toBe(200);
    expect(res.json().config).toMatchObject({ url: fake.url, database: fake.database, username: fake.login, api_key_set: true });
    Object.assign(saved, settings());
  });

  it('refuses a plain admin with 403 before anything is sent anywhere, and leaves the saved connection as it was', async () => {
    const listener = await listen(likeOdoo(2));
    const before = await stored();
    const odooCalls = fake.calls();
    for (const payload of [settings({ url: listener.url }), settings({ url: listener.url, api_key: 'a-key-the-admin-made-up' }), settings()]) {
      expect(expectError(await configure(admin, payload), 403).code).toBe('SUPER_ADMIN_REQUIRED');
    }
    expect(listener.received).toEqual([]);
    expect(fake.calls()).toBe(odooCalls);
    expect(await stored()).toEqual(before);
    // The other integration routes stay open to admins.
    const tested = await app.inject({ method: 'POST', url: '/api/integrations/odoo/test', headers: admin });
    expect(tested.json()).toMatchObject({ ok: true, uid: fake.uid });
  });

  it.each([
    ['the url', (listener: Listener) => ({ url: listener.url })],
    ['the database', () => ({ database: 'another_database' })],
    ['the username', () => ({ username: 'someone.else@example.com' })],
  ])('answers 400 API_KEY_REQUIRED when %s changes without api_key, sending the stored key nowhere', async (_field, change) => {
    const listener = await listen(likeOdoo(2));
    const payload = { ...saved, ...change(listener) };
    const before = await stored();
    const odooCalls = fake.calls();

    const res = await configure(superAdmin, payload);
    expect(expectError(res, 400).code).toBe('API_KEY_REQUIRED');
    expect(res.json().message).toMatch(/url, database or username/);
    expect(listener.received).toEqual([]);
    expect(fake.calls()).toBe(odooCalls);
    expect(await stored()).toEqual(before);
  });

  it('keeps the stored key while url, database and username stay as saved, and uses it with that server only', async () => {
    const authentications = fake.calls('common', 'authenticate');
    const res = await configure(superAdmin, { ...saved, url: `${saved.url}/`, protocol: 'json-rpc' });
    expect(res.statusCode).toBe(200);
    expect(res.json().config).toMatchObject({ url: fake.url, protocol: 'json-rpc', api_key_set: true });
    expect(fake.calls('common', 'authenticate')).toBe(authentications + 1);
  });

  it('never follows a redirect: the key goes to the URL it was given and nowhere else', async () => {
    const target = await listen(likeOdoo(2));
    // Answers the version like Odoo, then sends the login (which carries the key) elsewhere.
    const redirector = await listen((request) =>
      methodOf(request) === 'authenticate' ? { status: 307, body: '', headers: { location: `${target.url}/jsonrpc` } } : likeOdoo(2)(request),
    );
    const key = 'key-given-for-the-redirect-probe';
    registerSecret(key);
    const before = await stored();

    const res = await configure(superAdmin, settings({ url: redirector.url, api_key: key }));
    expect(expectError(res, 422).code).toBe('ODOO_REDIRECTED');
    expect(redirector.received.map(methodOf)).toContain('authenticate');
    expect(target.received).toEqual([]);
    expectNoNetworkDetails(errorText(res), redirector.port, target.port, 'jsonrpc');
    expect(await stored()).toEqual(before);
  });

  it.each([
    ['a closed port', 'ODOO_UNREACHABLE', async () => ({ url: `http://127.0.0.1:${await freePort()}`, details: [] as string[] })],
    [
      "a proxy's error page",
      'ODOO_UNREACHABLE',
      async () => {
        const proxy = await listen(() => ({ status: 502, body: '<html>nginx/1.25: upstream 10.1.2.3:8069 refused</html>', headers: { 'content-type': 'text/html' } }));
        return { url: proxy.url, details: ['nginx', '10.1.2.3', '8069', '502'] };
      },
    ],
    [
      'an Odoo error with internal details',
      'ODOO_ERROR',
      async () => {
        const odoo = await listen(({ body }) => ({
          status: 200,
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: (JSON.parse(body) as { id: number }).id,
            error: { code: 200, message: 'Odoo Server Error', data: { name: 'builtins.RuntimeError', message: 'cannot reach db01.internal:5432', debug: 'Traceback /opt/odoo/odoo/http.py' } },
          }),
        }));
        return { url: odoo.url, details: ['db01', '5432', 'Traceback', '/opt/odoo', 'RuntimeError'] };
      },
    ],
  ])('answers %s with %s and a fixed message, never the network error, host or port', async (_case, code, target) => {
    const { url, details } = await target();
    const before = await stored();
    const res = await configure(superAdmin, settings({ url, api_key: 'key-for-the-error-probes' }));
    expect(expectError(res, 422).code).toBe(code);
    expectNoNetworkDetails(errorText(res), new URL(url).port, ...details);
    expect(await stored()).toEqual(before);
  });

  it('POST /odoo/test reports an unreachable Odoo by its code, with no network error, host or port', async () => {
    const odoo = await listen(likeOdoo(7));
    const key = 'key-of-an-odoo-that-goes-away';
    registerSecret(key);
    expect((await configure(superAdmin, settings({ url: odoo.url, api_key: key }))).statusCode).toBe(200);
    await odoo.close();

    const res = await app.inject({ method: 'POST', url: '/api/integrations/odoo/test', headers: admin });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ ok: false, code: 'ODOO_UNREACHABLE', message: expect.any(String) });
    expectNoNetworkDetails(JSON.stringify(body), odoo.port);
  });

  it('refuses a URL with credentials in it', async () => {
    const res = await configure(superAdmin, settings({ url: 'http://user:hunter22@127.0.0.1:8069', api_key: fake.apiKey }));
    expect(expectError(res, 400).code).toBe('VALIDATION_FAILED');
    expect(res.body).not.toContain('hunter22');
  });
});
