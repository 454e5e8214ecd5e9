import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LightMyRequestResponse } from 'fastify';
import type { Connection } from 'mongoose';
import { createUser, PASSWORD } from '../support/users.js';
import { expectError } from './security-support.js';

const WINDOW_SECONDS = 600;
const MAX_FAILURES = 3;

// What login-rate-limit.e2e-spec.ts does not cover: that the limits tell nothing about accounts, what a refused
// attempt carries and changes, and that a stranger cannot turn them against an account, behind a proxy either.
describe('login rate limits reached', () => {
  let app: NestFastifyApplication;
  let createTestApp: typeof import('../support/test-app.js').createTestApp;

  beforeAll(async () => {
    Object.assign(process.env, {
      LOGIN_MAX_ATTEMPTS_PER_CLIENT: '5',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: String(MAX_FAILURES),
      LOGIN_WINDOW_SECONDS: String(WINDOW_SECONDS),
    });
    ({ createTestApp } = await import('../support/test-app.js'));
    app = await createTestApp();
  }, 60_000);
  afterAll(() => app.close());

  let address = 0;
  /** Each call from a new client address, unless one is given. */
  const login = (email: string, password: string, remoteAddress = `10.9.${Math.floor(++address / 250)}.${address % 250}`) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress });

  /** What a caller can see of an answer, but the request id. */
  function seen(res: LightMyRequestResponse) {
    return { status: res.statusCode, body: { ...res.json(), request_id: undefined }, retryAfter: res.headers['retry-after'] !== undefined };
  }
  const lastLogin = async (email: string) =>
    (await app.get<Connection>(getConnectionToken()).db!.collection('users').findOne({ email }))?.last_login;

  it('answers an existing, a deactivated and an unknown account alike, before and at the limit of one client', async () => {
    const existing = await createUser(app);
    const deactivated = await createUser(app, { is_active: false });
    const answers = [];
    for (const [n, email] of [existing.email, deactivated.email, 'nobody@example.com'].entries()) {
      const attempts = [];
      for (let i = 0; i < MAX_FAILURES + 1; i++) attempts.push(seen(await login(email, `guess ${i}`, `10.7.0.${n}`)));
      answers.push(attempts);
    }
    expect(answers[0].map(({ status }) => status)).toEqual([401, 401, 401, 429]);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it('slows an unknown account as much as an existing one, so the delay tells nothing either', async () => {
    const existing = await createUser(app);
    const timeOfFifthFailure = async (email: string) => {
      for (let i = 0; i < 4; i++) await login(email, `guess ${i}`);
      const started = performance.now();
      expect((await login(email, 'guess 5')).statusCode).toBe(401);
      return performance.now() - started;
    };
    // The fifth failure on an account, each from a new address, waits 0.5 s.
    expect(await timeOfFifthFailure(existing.email)).toBeGreaterThanOrEqual(480);
    expect(await timeOfFifthFailure('nobody.at.all@example.com')).toBeGreaterThanOrEqual(480);
  });

  it('refuses the right password from a client over its limit on the account, as it refuses a wrong one, however the email is spelled', async () => {
    const user = await createUser(app);
    const client = '10.8.1.1';
    for (let i = 0; i < MAX_FAILURES; i++) expect((await login(user.email, `guess ${i}`, client)).statusCode).toBe(401);
    const wrong = await login(user.email, 'one more guess', client);
    for (const email of [user.email, user.email.toUpperCase()]) {
      const right = await login(email, PASSWORD, client);
      expect(seen(right)).toEqual(seen(wrong));
      const error = expectError(right, 429);
      expect(error.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
      expect(right.body).not.toMatch(/access_token/);
    }
    expect(await lastLogin(user.email)).toBeNull();
    // The account itself is not locked: the owner, from their own address, signs in.
    expect((await login(user.email, PASSWORD)).statusCode).toBe(200);
  });

  it('refuses the right password once a client is over its limit: the one shape, Retry-After, no token, nothing recorded', async () => {
    const user = await createUser(app);
    const client = '10.8.0.1';
    for (let i = 0; i < 5; i++) expect((await login(`stranger${i}@example.com`, 'guess', client)).statusCode).toBe(401);
    const refused = await login(user.email, PASSWORD, client);
    expect(expectError(refused, 429).code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    expect(refused.body).not.toMatch(/access_token/);
    expect(await lastLogin(user.email)).toBeNull();
    // The same answer for an account that does not exist.
    expect(seen(await login('nobody@example.com', PASSWORD, client))).toEqual(seen(refused));
    // The account itself is not locked: from another client the password works.
    expect((await login(user.email, PASSWORD)).statusCode).toBe(200);
  });

  it('counts a client guessing from a new IPv6 address of its /64 network each time as one client', async () => {
    const user = await createUser(app);
    const statuses = [];
    for (let i = 1; i <= MAX_FAILURES + 1; i++) statuses.push((await login(user.email, `guess ${i}`, `2001:db8:7:7::${i.toString(16)}`)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await login(user.email, PASSWORD, '2001:db8:7:8::1')).statusCode).toBe(200);
  });

  describe('behind a proxy (TRUST_PROXY_HOPS=1), the client address is the one the proxy appends to X-Forwarded-For', () => {
    let proxied: NestFastifyApplication;
    beforeAll(async () => (proxied = await createTestApp({}, { TRUST_PROXY_HOPS: '1' })), 60_000);
    afterAll(() => proxied.close());

    /** Through the load balancer at 10.0.0.2, which appends the address it saw to whatever the client sent. */
    const viaProxy = (email: string, password: string, client: string, sent?: string) =>
      proxied.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password },
        remoteAddress: '10.0.0.2',
        headers: { 'x-forwarded-for': sent ? `${sent}, ${client}` : client },
      });

    it('five strangers failing on the super admin do not keep them out: the sixth address signs in', async () => {
      const root = await createUser(proxied, { role: 'admin', is_super_admin: true });
      for (let i = 1; i <= 5; i++) expect((await viaProxy(root.email, 'wrong password', `203.0.113.${i}`)).statusCode).toBe(401);
      const res = await viaProxy(root.email, PASSWORD, '203.0.113.6');
      expect(res.statusCode).toBe(200);
      expect(res.json().user).toMatchObject({ id: root.id, is_super_admin: true });
    });

    it('one client cannot dodge its limit by sending X-Forwarded-For addresses of its own', async () => {
      const user = await createUser(proxied);
      const statuses = [];
      for (let i = 0; i < MAX_FAILURES + 2; i++) statuses.push((await viaProxy(user.email, `guess ${i}`, '198.51.100.7', `192.0.2.${i}`)).statusCode);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      expect((await viaProxy(user.email, PASSWORD, '198.51.100.8')).statusCode).toBe(200);
    });
  });
});
