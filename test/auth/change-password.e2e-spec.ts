import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createUser, PASSWORD } from '../support/users.js';
import { decodeJwt, expectError } from '../security/security-support.js';

const MAX_FAILURES = 3;

describe('POST /api/auth/change-password', () => {
  let app: NestFastifyApplication;
  let address = 0;

  beforeAll(async () => {
    Object.assign(process.env, { LOGIN_MAX_FAILURES_PER_ACCOUNT: String(MAX_FAILURES), LOGIN_WINDOW_SECONDS: '600' });
    const { createTestApp } = await import('../support/test-app.js');
    app = await createTestApp();
  });
  afterAll(() => app.close());

  const nextAddress = () => `10.40.${Math.floor(++address / 250)}.${address % 250}`;
  const login = (email: string, password: string, remoteAddress = nextAddress()) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress });
  async function signIn(email: string, password = PASSWORD) {
    const res = await login(email, password);
    expect(res.statusCode).toBe(200);
    return { authorization: `Bearer ${res.json().access_token}` };
  }
  const change = (headers: object, payload: object, remoteAddress = nextAddress()) =>
    app.inject({ method: 'POST', url: '/api/auth/change-password', headers: headers as Record<string, string>, payload, remoteAddress });
  const me = (headers: object) => app.inject({ method: 'GET', url: '/api/auth/me', headers: headers as Record<string, string> });

  it('sets the new password, ends every other session, and answers a token for a new one', async () => {
    const user = await createUser(app);
    const [laptop, phone] = [await signIn(user.email), await signIn(user.email)];
    const res = await change(laptop, { current_password: PASSWORD, new_password: 'my own new passphrase' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ token_type: 'bearer', user: { id: user.id } });
    expect(decodeJwt(res.json().access_token).payload).toMatchObject({ id: user.id, token_version: 1 });

    for (const old of [laptop, phone]) expect(expectError(await me(old), 401).code).toBe('UNAUTHORIZED');
    expect((await me({ authorization: `Bearer ${res.json().access_token}` })).json().id).toBe(user.id);
    expect((await login(user.email, PASSWORD)).statusCode).toBe(401);
    expect((await login(user.email, 'my own new passphrase')).statusCode).toBe(200);
  });

  it('refuses a wrong current password with 400 in the one error shape, changing nothing', async () => {
    const user = await createUser(app);
    const auth = await signIn(user.email);
    const res = await change(auth, { current_password: 'not my password', new_password: 'my own new passphrase' });
    expect(expectError(res, 400).code).toBe('INVALID_CURRENT_PASSWORD');
    expect(res.body).not.toContain('not my password');
    expect((await me(auth)).statusCode).toBe(200);
    expect((await login(user.email, PASSWORD)).statusCode).toBe(200);
  });

  it('counts a wrong current password as a failed login: one client guessing gets 429 with Retry-After', async () => {
    const user = await createUser(app);
    const auth = await signIn(user.email);
    const client = '10.41.0.1';
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect((await change(auth, { current_password: `guess number ${i}`, new_password: 'my own new passphrase' }, client)).statusCode).toBe(400);
    }
    const refused = await change(auth, { current_password: PASSWORD, new_password: 'my own new passphrase' }, client);
    expect(expectError(refused, 429).code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // The same counters as the login: that client cannot guess there either, and the password is unchanged.
    expect((await login(user.email, PASSWORD, client)).statusCode).toBe(429);
    expect((await login(user.email, PASSWORD)).statusCode).toBe(200);
  });

  it.each([
    ['too short', 'short pass1'],
    ['on the list of common passwords', 'password1234'],
    ['on the list, in capitals', 'PASSWORD1234'],
    ['a listed password with digits and symbols around it', '2024Sunshine!!'],
    ['one character repeated', 'aaaaaaaaaaaa'],
    ['a short pattern repeated', 'abcabcabcabc'],
  ])('refuses a new password that is %s, naming the field and not the password', async (_what, weak) => {
    const user = await createUser(app);
    const auth = await signIn(user.email);
    const res = await change(auth, { current_password: PASSWORD, new_password: weak });
    expect(expectError(res, 400).code).toBe('VALIDATION_FAILED');
    expect(expectError(res, 400).details).toEqual([{ field: 'new_password', errors: expect.any(Array) }]);
    expect(res.body.toLowerCase()).not.toContain(weak.toLowerCase());
    expect((await me(auth)).statusCode).toBe(200);
  });

  it('needs a token, and both fields', async () => {
    expectError(await change({}, { current_password: PASSWORD, new_password: 'my own new passphrase' }), 401);
    const auth = await signIn((await createUser(app)).email);
    const res = await change(auth, { new_password: 'my own new passphrase' });
    expect(expectError(res, 400).details).toEqual([{ field: 'current_password', errors: expect.any(Array) }]);
  });
});
