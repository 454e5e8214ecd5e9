import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LightMyRequestResponse } from 'fastify';
import type { Connection } from 'mongoose';
import { createUser, PASSWORD } from '../support/users.js';
import { expectError } from './security-support.js';

const WINDOW_SECONDS = 600;

// What login-rate-limit.e2e-spec.ts does not cover: that the limits tell nothing about accounts, and what a
// refused attempt carries and changes.
describe('login rate limits reached', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    Object.assign(process.env, { LOGIN_MAX_ATTEMPTS_PER_CLIENT: '5', LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_WINDOW_SECONDS: String(WINDOW_SECONDS) });
    const { createTestApp } = await import('../support/test-app.js');
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

  it('answers an existing, a deactivated and an unknown account alike, before and at the account limit', async () => {
    const existing = await createUser(app);
    const deactivated = await createUser(app, { is_active: false });
    const answers = [];
    for (const email of [existing.email, deactivated.email, 'nobody@example.com']) {
      const attempts = [];
      for (let i = 0; i < 4; i++) attempts.push(seen(await login(email, `guess ${i}`)));
      answers.push(attempts);
    }
    expect(answers[0].map(({ status }) => status)).toEqual([401, 401, 401, 429]);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it('refuses the right password while the account is locked, with the answer a wrong one gets, however the email is spelled', async () => {
    const user = await createUser(app);
    for (let i = 0; i < 3; i++) expect((await login(user.email, `guess ${i}`)).statusCode).toBe(401);
    const wrong = await login(user.email, 'one more guess');
    for (const email of [user.email, user.email.toUpperCase()]) {
      const right = await login(email, PASSWORD);
      expect(seen(right)).toEqual(seen(wrong));
      const error = expectError(right, 429);
      expect(error.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
      expect(right.body).not.toMatch(/access_token/);
    }
    expect(await lastLogin(user.email)).toBeNull();
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
});
