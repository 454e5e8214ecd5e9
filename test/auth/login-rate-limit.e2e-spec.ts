import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createUser, PASSWORD } from '../support/users.js';

describe('login rate limits', () => {
  let app: NestFastifyApplication;
  let second: NestFastifyApplication;

  beforeAll(async () => {
    Object.assign(process.env, { LOGIN_MAX_ATTEMPTS_PER_CLIENT: '6', LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_WINDOW_SECONDS: '600' });
    const { createTestApp } = await import('../support/test-app.js');
    app = await createTestApp();
    second = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
    await second.close();
  });

  const login = (target: NestFastifyApplication, email: string, password: string, remoteAddress: string) =>
    target.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress });

  it('locks an account after repeated failures, from any address and any instance, with Retry-After', async () => {
    const user = await createUser(app);
    for (let i = 0; i < 3; i++) {
      expect((await login(i % 2 ? app : second, user.email, 'wrong password', `10.2.0.${i}`)).statusCode).toBe(401);
    }
    const locked = await login(second, user.email, PASSWORD, '10.2.0.99');
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'TOO_MANY_LOGIN_ATTEMPTS' });
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
  });

  it('cannot be outrun by parallel guesses', async () => {
    const user = await createUser(app);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login(app, user.email, `guess ${i}`, `10.5.0.${i}`)),
    );
    const statuses = answers.map((res) => res.statusCode);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(3);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(9);
  });

  it('limits attempts per client address across accounts and instances, leaving other clients alone', async () => {
    const users = await Promise.all([createUser(app), createUser(app), createUser(app)]);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await login(i % 2 ? app : second, users[i % 3].email, PASSWORD, '10.3.0.1');
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    expect((await login(app, users[0].email, PASSWORD, '10.3.0.2')).statusCode).toBe(200);
  });

  it('does not trust X-Forwarded-For unless configured to', async () => {
    const user = await createUser(app);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: user.email, password: PASSWORD },
        remoteAddress: '10.4.0.1',
        headers: { 'x-forwarded-for': `198.51.100.${i}` },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.at(-1)).toBe(429);
  });
});
