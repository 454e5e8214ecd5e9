import { ConfigService } from '@nestjs/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SignJWT } from 'jose';
import { jwtSecret } from '../../src/auth/tokens/token.service.js';
import { UsersService } from '../../src/users/users.service.js';
import { createTestApp } from '../support/test-app.js';
import { bearer, createAdmin, createSuperAdmin, createUser } from '../support/users.js';

type Operation = { security?: unknown[]; 'x-admin-only'?: boolean; 'x-super-admin-only'?: boolean };

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('bearer tokens and guards', () => {
  let app: NestFastifyApplication;
  let secret: Uint8Array;

  beforeAll(async () => {
    app = await createTestApp();
    secret = new TextEncoder().encode(jwtSecret(app.get(ConfigService)));
  });
  afterAll(() => app.close());

  const me = (authorization: string) => app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization } });
  const sign = (payload: Record<string, unknown>, alg = 'HS256', key = secret) =>
    new SignJWT(payload).setProtectedHeader({ alg }).setIssuedAt().setExpirationTime('1h').sign(key);

  it('accepts only HS256 tokens signed with JWT_SECRET, unexpired and untampered', async () => {
    const user = await createUser(app);
    const claims = { id: user.id, email: user.email, role: user.role, token_version: 0, auth_time: Math.floor(Date.now() / 1000) };
    expect((await me(`Bearer ${await sign(claims)}`)).statusCode).toBe(200);

    const forged = [
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, exp: Math.floor(Date.now() / 1000) + 3600 })}.`,
      await sign(claims, 'HS512'),
      await sign(claims, 'HS256', new TextEncoder().encode('another secret of at least thirty-two chars')),
      await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(1_000).setExpirationTime(2_000).sign(secret),
      'not.a.token',
      'garbage',
    ];
    const [header, , signature] = (await sign(claims)).split('.');
    forged.push(`${header}.${b64({ ...claims, role: 'admin', exp: Math.floor(Date.now() / 1000) + 3600 })}.${signature}`);
    for (const token of forged) {
      const res = await me(`Bearer ${token}`);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    }
    expect((await me(`Basic ${Buffer.from('a:b').toString('base64')}`)).statusCode).toBe(401);
  });

  it('refuses a valid token of a user who no longer exists, was deactivated or unapproved', async () => {
    const users = app.get(UsersService);
    const deactivated = await createUser(app);
    const unapproved = await createUser(app);
    const [deactivatedAuth, unapprovedAuth] = [await bearer(app, deactivated), await bearer(app, unapproved)];
    expect((await me(deactivatedAuth.authorization)).statusCode).toBe(200);
    await users.update(deactivated.id, { is_active: false });
    await users.update(unapproved.id, { approval_status: 'rejected' });
    expect((await me(deactivatedAuth.authorization)).statusCode).toBe(401);
    expect((await me(unapprovedAuth.authorization)).statusCode).toBe(401);
    const refresh = await app.inject({ method: 'POST', url: '/api/auth/refresh', headers: deactivatedAuth });
    expect(refresh.statusCode).toBe(401);

    const ghost = await sign({ id: '00000000-0000-4000-8000-000000000000', email: 'ghost@example.com', role: 'admin' });
    expect((await me(`Bearer ${ghost}`)).statusCode).toBe(401);
  });

  it('refreshes a still-valid token into a new one that works', async () => {
    const user = await createUser(app);
    const res = await app.inject({ method: 'POST', url: '/api/auth/refresh', headers: await bearer(app, user) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ token_type: 'bearer', user: { id: user.id } });
    // As long as the session has left: SESSION_MAX_AGE_SECONDS (12 h) from the sign-in, less than JWT_EXPIRES_IN_SECONDS.
    expect(res.json().expires_in).toBeGreaterThan(43_100);
    expect(res.json().expires_in).toBeLessThanOrEqual(43_200);
    expect((await me(`Bearer ${res.json().access_token}`)).json().id).toBe(user.id);
  });

  it('GET /auth/me reads the user fresh from the database', async () => {
    const user = await createUser(app, { name: 'Before' });
    const auth = await bearer(app, user);
    await app.get(UsersService).update(user.id, { name: 'After' });
    expect((await me(auth.authorization)).json()).toMatchObject({ id: user.id, name: 'After' });
  });

  it('every secured route in the OpenAPI document answers 401 without a token, every admin route 403 to a non-admin, every super admin route 403 to an admin', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/docs-json' })).json();
    const userAuth = await bearer(app, await createUser(app));
    const adminAuth = await bearer(app, await createAdmin(app));
    const superAuth = await bearer(app, await createSuperAdmin(app));
    const routes = Object.entries(document.paths as Record<string, Record<string, Operation>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        url: path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000'),
        method: method.toUpperCase() as 'GET',
        op,
      })),
    );
    const secured = routes.filter(({ op }) => op.security?.length);
    const adminOnly = secured.filter(({ op }) => op['x-admin-only']);
    expect(secured.length).toBeGreaterThan(5);
    expect(adminOnly.length).toBeGreaterThan(3);
    for (const { url, method } of secured) {
      const res = await app.inject({ method, url, payload: {} });
      expect({ url, method, status: res.statusCode }).toEqual({ url, method, status: 401 });
    }
    expect(adminOnly.filter(({ op }) => op['x-super-admin-only']).length).toBeGreaterThan(0);
    for (const { url, method, op } of adminOnly) {
      const asUser = await app.inject({ method, url, payload: {}, headers: userAuth });
      expect({ url, method, status: asUser.statusCode }).toEqual({ url, method, status: 403 });
      const asAdmin = await app.inject({ method, url, payload: {}, headers: adminAuth });
      if (op['x-super-admin-only']) {
        expect({ url, method, status: asAdmin.statusCode, code: asAdmin.json().code }).toEqual({ url, method, status: 403, code: 'SUPER_ADMIN_REQUIRED' });
      } else {
        expect([401, 403]).not.toContain(asAdmin.statusCode);
      }
      const asSuperAdmin = await app.inject({ method, url, payload: {}, headers: superAuth });
      expect([401, 403]).not.toContain(asSuperAdmin.statusCode);
    }
    const publicRoutes = routes.filter(({ op }) => !op.security?.length).map(({ url }) => url);
    expect(publicRoutes.sort()).toEqual(
      [
        '/api/auth/login',
        '/api/auth/microsoft/complete',
        '/api/auth/microsoft/config',
        '/api/auth/register',
        '/api/health',
        '/api/webhooks/odoo',
      ].sort(),
    );
  });
});
