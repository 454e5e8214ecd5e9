import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import * as api from '@sales-backend/client';
import bcrypt from 'bcryptjs';
import type { Connection } from 'mongoose';
import { apiClient } from '../support/api-client.js';
import { createTestApp } from '../support/test-app.js';
import { createUser, PASSWORD } from '../support/users.js';

function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

describe('POST /api/auth/login', () => {
  let app: NestFastifyApplication;
  let connection: Connection;

  beforeAll(async () => {
    app = await createTestApp();
    connection = app.get<Connection>(getConnectionToken());
  });
  afterAll(() => app.close());

  const login = (email: string, password: string, remoteAddress = '10.0.0.1') =>
    api.login({ client: apiClient(app, { remoteAddress }), body: { email, password } });
  const storedUser = (id: string) => connection.db!.collection('users').findOne({ id });

  it('answers a token with the seed payload and the session claims, its lifetime and the user, comparing emails case-insensitively', async () => {
    const user = await createUser(app, { email: 'ana.lopez@example.com', name: 'Ana Lopez' });
    const res = await login('Ana.Lopez@EXAMPLE.com', PASSWORD);
    expect(res.response?.status).toBe(200);
    const body = res.data!;
    // JWT_EXPIRES_IN_SECONDS is 24 h, but no token outlives its session (SESSION_MAX_AGE_SECONDS, 12 h).
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 43200 });
    expect(body.user).toMatchObject({ id: user.id, email: 'ana.lopez@example.com', name: 'Ana Lopez', role: 'user' });
    const payload = decodePayload(body.access_token);
    expect(Object.keys(payload).sort()).toEqual(['auth_time', 'email', 'exp', 'iat', 'id', 'role', 'token_version']);
    expect(payload).toMatchObject({ id: user.id, email: 'ana.lopez@example.com', role: 'user', token_version: 0, auth_time: payload.iat });
    expect((payload.exp as number) - (payload.iat as number)).toBe(43200);
    expect(JSON.parse(Buffer.from(body.access_token.split('.')[0], 'base64url').toString()).alg).toBe('HS256');
    expect((await storedUser(user.id))?.last_login).toBeInstanceOf(Date);

    const me = await api.me({ client: apiClient(app), auth: body.access_token });
    expect(me.data?.id).toBe(user.id);
  });

  it('answers wrong password, unknown email, inactive and unapproved accounts with the same 401', async () => {
    const active = await createUser(app);
    const inactive = await createUser(app, { is_active: false });
    const pending = await createUser(app, { approval_status: 'pending', auth_provider: 'local' });
    const answers = await Promise.all([
      login(active.email, 'wrong password!'),
      login('nobody@example.com', PASSWORD),
      login(inactive.email, PASSWORD),
      login(pending.email, PASSWORD),
    ]);
    for (const res of answers) {
      expect(res.response?.status).toBe(401);
      expect(res.error).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'Invalid email or password' });
    }
  });

  it('does as much password work for an unknown email as for a wrong password', async () => {
    const user = await createUser(app);
    const timed = async (email: string, address: string) => {
      const started = performance.now();
      await login(email, 'not the password', address);
      return performance.now() - started;
    };
    // Taken in turns, so that whatever else the machine does weighs on both alike; five each, as an account's first
    // LOGIN_MAX_FAILURES_PER_ACCOUNT failures are not slowed down.
    const wrongPassword: number[] = [];
    const unknownEmail: number[] = [];
    for (let i = 0; i < 5; i++) {
      wrongPassword.push(await timed(user.email, `10.1.0.${i}`));
      unknownEmail.push(await timed('ghost@example.com', `10.1.0.${i}`));
    }
    const median = (times: number[]) => times.sort((a, b) => a - b)[2];
    // Without the dummy hash check an unknown email answers about ten times faster.
    expect(median(unknownEmail) / median(wrongPassword)).toBeGreaterThan(0.4);
  });

  it('lets a user migrated with a bcrypt hash log in and upgrades the hash to argon2id', async () => {
    const user = await createUser(app, { password_hash: await bcrypt.hash(PASSWORD, 10) });
    expect((await storedUser(user.id))?.password_hash).toMatch(/^\$2[ab]\$/);
    expect((await login(user.email, PASSWORD)).response?.status).toBe(200);
    expect((await storedUser(user.id))?.password_hash).toMatch(/^\$argon2id\$/);
    expect((await login(user.email, PASSWORD)).response?.status).toBe(200);
    expect((await login(user.email, 'wrong password')).response?.status).toBe(401);
  });

  it('refuses an SSO-only account that has no password', async () => {
    const user = await createUser(app, { password_hash: '', auth_provider: 'microsoft' });
    expect((await login(user.email, '')).response?.status).toBe(400);
    expect((await login(user.email, 'anything at all')).response?.status).toBe(401);
  });

  it('rejects malformed credentials with 400 before any lookup', async () => {
    for (const payload of [{ email: 'not-an-email', password: 'x' }, { email: { $ne: null }, password: 'x' }, { email: 'a@b.co' }]) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('POST /api/auth/register', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => (app = await createTestApp()));
  afterAll(() => app.close());

  it('is disabled with a 403 that says how accounts are made', async () => {
    const res = await api.register({ client: apiClient(app) });
    expect(res.response?.status).toBe(403);
    expect(res.error).toMatchObject({ code: 'REGISTRATION_DISABLED', message: expect.stringContaining('administrator') });
  });
});
