import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../support/test-app.js';
import { bearer, createAdmin, createSuperAdmin, createUser, PASSWORD } from '../support/users.js';

describe('user administration', () => {
  let app: NestFastifyApplication;
  let superAuth: { authorization: string };
  let adminAuth: { authorization: string };

  beforeAll(async () => {
    app = await createTestApp();
    superAuth = await bearer(app, await createSuperAdmin(app, { email: 'root@example.com' }));
    adminAuth = await bearer(app, await createAdmin(app));
  });
  afterAll(() => app.close());

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, headers: object, payload?: object) =>
    app.inject({ method, url: `/api${url}`, headers: headers as Record<string, string>, payload });
  const login = (email: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });

  it('creates a local user who can then log in; a second one with the same email in another case is refused', async () => {
    const res = await call('POST', '/users', adminAuth, { email: 'New.Rep@Example.com', name: 'New Rep', password: 'long enough pw' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ email: 'new.rep@example.com', role: 'user', is_active: true, approval_status: 'approved', auth_provider: 'local' });
    expect((await login('new.rep@example.com', 'long enough pw')).statusCode).toBe(200);

    const again = await call('POST', '/users', adminAuth, { email: 'new.rep@EXAMPLE.com', name: 'Dup', password: 'long enough pw' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('EMAIL_TAKEN');
  });

  it('validates new users: short password, unknown role, extra fields', async () => {
    const base = { email: 'v@example.com', name: 'V', password: 'long enough pw' };
    for (const payload of [{ ...base, password: 'short' }, { ...base, role: 'god' }, { ...base, password_hash: 'x' }]) {
      const res = await call('POST', '/users', adminAuth, payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
  });

  // Issue 14, finding 5: ten characters such as password12 or aaaaaaaaaa were accepted.
  const WEAK_PASSWORDS = ['password12', 'aaaaaaaaaa', 'elevenchars', 'password1234', 'Password1234', 'QWERTYUIOP123', 'Administrator1', 'aaaaaaaaaaaa'];

  it('refuses new users with a password under 12 characters or on the list of common passwords, whatever its case', async () => {
    for (const password of WEAK_PASSWORDS) {
      const res = await call('POST', '/users', adminAuth, { email: 'weak@example.com', name: 'Weak', password });
      expect({ password, status: res.statusCode }).toEqual({ password, status: 400 });
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'password', errors: expect.any(Array) }] });
      expect(res.body).not.toContain(password);
    }
    expect((await call('GET', '/auth/users?q=weak@example.com', adminAuth)).json().total).toBe(0);
  });

  it('refuses to reset a password to one under 12 characters or on the list of common passwords', async () => {
    const user = await createUser(app);
    for (const password of WEAK_PASSWORDS) {
      const res = await call('POST', `/users/${user.id}/reset-password`, adminAuth, { password });
      expect({ password, status: res.statusCode, code: res.json().code }).toEqual({ password, status: 400, code: 'VALIDATION_FAILED' });
    }
    expect((await login(user.email, PASSWORD)).statusCode).toBe(200);
  });

  it('lets only a super admin create or promote super admins, or touch one', async () => {
    const asAdmin = await call('POST', '/users', adminAuth, { email: 'x1@example.com', name: 'X', password: 'long enough pw', is_super_admin: true });
    expect(asAdmin.statusCode).toBe(403);
    const target = await createUser(app);
    expect((await call('PATCH', `/users/${target.id}`, adminAuth, { is_super_admin: true })).statusCode).toBe(403);
    const promoted = await call('PATCH', `/users/${target.id}`, superAuth, { is_super_admin: true });
    expect(promoted.json()).toMatchObject({ is_super_admin: true });
    expect((await call('PATCH', `/users/${target.id}`, adminAuth, { is_active: false })).statusCode).toBe(403);
    expect((await call('POST', `/users/${target.id}/reset-password`, adminAuth, { password: 'new password 1' })).statusCode).toBe(403);
  });

  it('changes role, deactivates (the user\'s token stops working), approves and rejects', async () => {
    const user = await createUser(app, { approval_status: 'pending' });
    const pendingAuth = await bearer(app, { ...user, approval_status: 'approved' });
    expect((await call('GET', '/auth/me', pendingAuth)).statusCode).toBe(401);

    const approved = await call('PATCH', `/users/${user.id}`, adminAuth, { approval_status: 'approved', role: 'admin' });
    expect(approved.json()).toMatchObject({ approval_status: 'approved', role: 'admin' });
    // Approval and the new role end the sessions begun before them: the user signs in again.
    expect((await call('GET', '/auth/me', pendingAuth)).statusCode).toBe(401);
    const signedIn = await login(user.email, PASSWORD);
    expect(signedIn.json().user).toMatchObject({ role: 'admin' });
    const userAuth = { authorization: `Bearer ${signedIn.json().access_token}` };
    expect((await call('GET', '/auth/me', userAuth)).statusCode).toBe(200);

    await call('PATCH', `/users/${user.id}`, adminAuth, { is_active: false });
    expect((await call('GET', '/auth/me', userAuth)).statusCode).toBe(401);
    expect((await login(user.email, PASSWORD)).statusCode).toBe(401);

    const rejected = await call('PATCH', `/users/${user.id}`, adminAuth, { is_active: true, approval_status: 'rejected' });
    expect(rejected.json()).toMatchObject({ is_active: true, approval_status: 'rejected' });
    expect((await login(user.email, PASSWORD)).statusCode).toBe(401);
  });

  it('resets a password: the old one stops working, the new one works', async () => {
    const user = await createUser(app);
    const res = await call('POST', `/users/${user.id}/reset-password`, adminAuth, { password: 'brand new password' });
    expect(res.statusCode).toBe(204);
    expect((await login(user.email, PASSWORD)).statusCode).toBe(401);
    expect((await login(user.email, 'brand new password')).statusCode).toBe(200);
  });

  it('never removes the last active super admin', async () => {
    const { json } = await call('GET', '/auth/users?q=root@example.com', superAuth);
    const root = json().items[0];
    const others = (await call('GET', '/auth/users?page_size=200', superAuth)).json().items.filter(
      (u: { is_super_admin: boolean; id: string }) => u.is_super_admin && u.id !== root.id,
    );
    for (const other of others) await call('PATCH', `/users/${other.id}`, superAuth, { is_super_admin: false });

    for (const patch of [{ is_active: false }, { is_super_admin: false }, { approval_status: 'rejected' }]) {
      const res = await call('PATCH', `/users/${root.id}`, superAuth, patch);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('LAST_SUPER_ADMIN');
    }
    const second = await createSuperAdmin(app);
    expect((await call('PATCH', `/users/${root.id}`, superAuth, { is_super_admin: false })).statusCode).toBe(200);
    expect((await call('PATCH', `/users/${second.id}`, await bearer(app, second), { is_active: false })).statusCode).toBe(409);
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    expect((await call('GET', '/users/00000000-0000-4000-8000-000000000000', adminAuth)).json().code).toBe('USER_NOT_FOUND');
    const malformed = await call('GET', '/users/not-a-uuid', adminAuth);
    expect(malformed.statusCode).toBe(400);
  });
});
