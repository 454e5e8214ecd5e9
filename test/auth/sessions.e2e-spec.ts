import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AuthenticatedUser } from '../../src/common/auth/authenticated-user.js';
import { createTestApp } from '../support/test-app.js';
import { createAdmin, createSuperAdmin, createUser, PASSWORD } from '../support/users.js';
import { decodeJwt, expectError } from '../security/security-support.js';

const MAX_AGE = 43_200;
const now = () => Math.floor(Date.now() / 1000);

type Headers = { authorization: string };

describe('sessions: revoked by token_version, ended by their absolute age', () => {
  let app: NestFastifyApplication;
  let adminAuth: Headers;
  let address = 0;

  beforeAll(async () => {
    app = await createTestApp();
    const admin = await createSuperAdmin(app);
    adminAuth = await signIn(admin.email);
  });
  afterAll(() => app.close());

  /** A real sign-in, each from its own client address. */
  async function signIn(email: string, password = PASSWORD): Promise<Headers> {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: `10.30.0.${++address}` });
    expect(res.statusCode).toBe(200);
    return { authorization: `Bearer ${res.json().access_token}` };
  }
  const me = (headers: Headers) => app.inject({ method: 'GET', url: '/api/auth/me', headers });
  const refresh = (headers: Headers) => app.inject({ method: 'POST', url: '/api/auth/refresh', headers });
  const asAdmin = (method: 'POST' | 'PATCH', url: string, payload: object) => app.inject({ method, url: `/api${url}`, headers: adminAuth, payload });

  /** The token is refused everywhere, in the one shape that tells nothing about why. */
  async function expectEnded(headers: Headers, label: string): Promise<void> {
    for (const res of [await me(headers), await refresh(headers)]) {
      expect(expectError(res, 401, label)).toMatchObject({ code: 'UNAUTHORIZED', message: 'Missing, invalid or expired bearer token' });
    }
  }

  it('an admin resetting the password ends the sessions the user had; the new password starts a working one', async () => {
    const user = await createUser(app);
    const [laptop, phone] = [await signIn(user.email), await signIn(user.email)];
    expect((await me(laptop)).statusCode).toBe(200);
    expect((await asAdmin('POST', `/users/${user.id}/reset-password`, { password: 'a fresh passphrase 42' })).statusCode).toBe(204);
    await expectEnded(laptop, 'laptop after reset');
    await expectEnded(phone, 'phone after reset');
    expect((await me(await signIn(user.email, 'a fresh passphrase 42'))).json().id).toBe(user.id);
  });

  it('a role change, a deactivation and a rejection each end the sessions; a change of name does not', async () => {
    const user = await createUser(app);
    let auth = await signIn(user.email);
    expect((await asAdmin('PATCH', `/users/${user.id}`, { name: 'Renamed' })).statusCode).toBe(200);
    expect((await me(auth)).json()).toMatchObject({ name: 'Renamed' });

    expect((await asAdmin('PATCH', `/users/${user.id}`, { role: 'admin' })).statusCode).toBe(200);
    await expectEnded(auth, 'after the role change');
    auth = await signIn(user.email);
    expect((await me(auth)).json()).toMatchObject({ role: 'admin' });

    const promoted = await createAdmin(app);
    const promotedAuth = await signIn(promoted.email);
    expect((await asAdmin('PATCH', `/users/${promoted.id}`, { is_super_admin: true })).statusCode).toBe(200);
    await expectEnded(promotedAuth, 'after becoming super admin');

    expect((await asAdmin('PATCH', `/users/${user.id}`, { is_active: false })).statusCode).toBe(200);
    await expectEnded(auth, 'after deactivation');
    // Reactivated, the old token stays dead: it was revoked, not merely suspended.
    expect((await asAdmin('PATCH', `/users/${user.id}`, { is_active: true })).statusCode).toBe(200);
    await expectEnded(auth, 'after reactivation');

    auth = await signIn(user.email);
    expect((await asAdmin('PATCH', `/users/${user.id}`, { approval_status: 'rejected' })).statusCode).toBe(200);
    await expectEnded(auth, 'after rejection');
  });

  it('logout answers 204 and ends every session of the caller, not those of others', async () => {
    const user = await createUser(app);
    const other = await createUser(app);
    const [laptop, phone, otherAuth] = [await signIn(user.email), await signIn(user.email), await signIn(other.email)];
    const res = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: laptop });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    await expectEnded(laptop, 'the token that logged out');
    await expectEnded(phone, 'another device');
    expectError(await app.inject({ method: 'POST', url: '/api/auth/logout', headers: laptop }), 401);
    expect((await me(otherAuth)).statusCode).toBe(200);
    expect((await me(await signIn(user.email))).statusCode).toBe(200);
  });

  it('a token carries token_version and auth_time beside the seed claims, and lives no longer than the session', async () => {
    const user = await createUser(app);
    const before = now();
    const { payload } = decodeJwt((await signIn(user.email)).authorization.slice('Bearer '.length));
    expect(Object.keys(payload).sort()).toEqual(['auth_time', 'email', 'exp', 'iat', 'id', 'role', 'token_version']);
    expect(payload).toMatchObject({ id: user.id, email: user.email, role: 'user', token_version: 0 });
    expect(payload.auth_time).toBeGreaterThanOrEqual(before);
    expect(payload.auth_time).toBeLessThanOrEqual(now());
    // JWT_EXPIRES_IN_SECONDS is 24 h, but the session ends 12 h after signing in.
    expect((payload.exp as number) - (payload.auth_time as number)).toBe(MAX_AGE);
  });

  it('a refresh keeps auth_time, and its token expires when the session does', async () => {
    const user = await createUser(app);
    const signedIn = now() - 3600;
    const res = await refresh(await tokenFor(user, { auth_time: signedIn }));
    expect(res.statusCode).toBe(200);
    const { payload } = decodeJwt(res.json().access_token);
    expect(payload.auth_time).toBe(signedIn);
    expect(payload.exp).toBe(signedIn + MAX_AGE);
    expect(Math.abs(res.json().expires_in - (MAX_AGE - 3600))).toBeLessThanOrEqual(2);
    // Refreshing the refreshed token keeps it again.
    const again = await refresh({ authorization: `Bearer ${res.json().access_token}` });
    expect(decodeJwt(again.json().access_token).payload.auth_time).toBe(signedIn);
  });

  it('refuses a session older than SESSION_MAX_AGE_SECONDS on refresh and on every request, however fresh its token', async () => {
    const user = await createUser(app);
    expect((await refresh(await tokenFor(user, { auth_time: now() - MAX_AGE + 30 }))).statusCode).toBe(200);
    await expectEnded(await tokenFor(user, { auth_time: now() - MAX_AGE - 1 }), 'past the maximum age');
  });

  it('refuses tokens without token_version or auth_time, or with a stale or made-up token_version', async () => {
    const user = await createUser(app);
    const seedClaims = { id: user.id, email: user.email, role: user.role };
    const jwt = app.get(JwtService);
    await expectEnded({ authorization: `Bearer ${await jwt.signAsync(seedClaims)}` }, 'seed claims only');
    await expectEnded({ authorization: `Bearer ${await jwt.signAsync({ ...seedClaims, token_version: 0 })}` }, 'no auth_time');
    await expectEnded({ authorization: `Bearer ${await jwt.signAsync({ ...seedClaims, auth_time: now() })}` }, 'no token_version');
    await expectEnded(await tokenFor(user, { token_version: '0' }), 'token_version as a string');
    await expectEnded(await tokenFor(user, { token_version: 1 }), 'a token_version from the future');
    await expectEnded(await tokenFor(user, { auth_time: String(now()) }), 'auth_time as a string');
  });

  /** A token signed with the app's key for a user whose token_version was never bumped, with claims changed. */
  async function tokenFor(user: AuthenticatedUser, changes: Record<string, unknown>): Promise<Headers> {
    const claims = { id: user.id, email: user.email, role: user.role, token_version: 0, auth_time: now(), ...changes };
    return { authorization: `Bearer ${await app.get(JwtService).signAsync(claims, { expiresIn: 3600 })}` };
  }
});
