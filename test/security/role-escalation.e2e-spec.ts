import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { HTTPMethods } from 'fastify';
import type { Connection } from 'mongoose';
import type { AuthenticatedUser } from '../../src/common/auth/authenticated-user.js';
import { registerSecret } from '../support/secret-scan.js';
import { createTestApp } from '../support/test-app.js';
import { bearer, createAdmin, createSuperAdmin, createUser, PASSWORD } from '../support/users.js';
import { decodeJwt, expectError, operations } from './security-support.js';

const NEW_PASSWORD = 'an attacker-chosen password';

type Actor = 'user' | 'admin';
type Target = 'self' | 'other' | 'otherAdmin' | 'pending' | 'deactivated' | 'root' | 'deactivatedSuper' | 'pendingSuper';
interface Probe {
  what: string;
  actor: Actor;
  method: HTTPMethods;
  /** `:target` stands for the target's id. */
  path: string;
  target: Target | null;
  /** An object is sent as JSON; a string as raw JSON text. */
  body: object | string | undefined;
  status: number;
  code: string;
  /** The field the validation error must name. */
  field?: string;
}

type ProbeRow = [string, Actor, HTTPMethods, string, Target | null, object | string | undefined, number, string, string?];
const probes = (rows: ProbeRow[]): Probe[] =>
  rows.map(([what, actor, method, path, target, body, status, code, field]) => ({ what, actor, method, path, target, body, status, code, field }));

const newUser = (extra: object) => ({ email: 'intruder@example.com', name: 'Intruder', password: NEW_PASSWORD, ...extra });

/** A normal user trying the admin routes: all refused by the role guard. */
const AS_USER = probes([
  ['create an admin', 'user', 'POST', '/users', null, newUser({ role: 'admin' }), 403, 'FORBIDDEN'],
  ['create a super admin', 'user', 'POST', '/users', null, newUser({ is_super_admin: true }), 403, 'FORBIDDEN'],
  ['make themselves admin', 'user', 'PATCH', '/users/:target', 'self', { role: 'admin' }, 403, 'FORBIDDEN'],
  ['make themselves super admin', 'user', 'PATCH', '/users/:target', 'self', { is_super_admin: true }, 403, 'FORBIDDEN'],
  ['make someone else admin', 'user', 'PATCH', '/users/:target', 'other', { role: 'admin' }, 403, 'FORBIDDEN'],
  ['reactivate a user', 'user', 'PATCH', '/users/:target', 'deactivated', { is_active: true }, 403, 'FORBIDDEN'],
  ['approve a pending user', 'user', 'PATCH', '/users/:target', 'pending', { approval_status: 'approved' }, 403, 'FORBIDDEN'],
  ['edit a super admin', 'user', 'PATCH', '/users/:target', 'root', { name: 'Hacked' }, 403, 'FORBIDDEN'],
  ['demote an admin', 'user', 'PATCH', '/users/:target', 'otherAdmin', { role: 'user' }, 403, 'FORBIDDEN'],
  ["reset another user's password", 'user', 'POST', '/users/:target/reset-password', 'other', { password: NEW_PASSWORD }, 403, 'FORBIDDEN'],
  ["reset a super admin's password", 'user', 'POST', '/users/:target/reset-password', 'root', { password: NEW_PASSWORD }, 403, 'FORBIDDEN'],
  ['reset their own password through the admin route', 'user', 'POST', '/users/:target/reset-password', 'self', { password: NEW_PASSWORD }, 403, 'FORBIDDEN'],
  ['read a user', 'user', 'GET', '/users/:target', 'root', undefined, 403, 'FORBIDDEN'],
  ['list users', 'user', 'GET', '/auth/users', null, undefined, 403, 'FORBIDDEN'],
  ['link users to Odoo', 'user', 'POST', '/integrations/odoo/sync-users', null, {}, 403, 'FORBIDDEN'],
  ['register an admin', 'user', 'POST', '/auth/register', null, newUser({ role: 'admin', is_super_admin: true }), 403, 'REGISTRATION_DISABLED'],
]);

/** An admin who is not a super admin: may manage ordinary accounts, never super admins. */
const AS_ADMIN = probes([
  ['create a super admin', 'admin', 'POST', '/users', null, newUser({ role: 'admin', is_super_admin: true }), 403, 'SUPER_ADMIN_REQUIRED'],
  ['make themselves super admin', 'admin', 'PATCH', '/users/:target', 'self', { is_super_admin: true }, 403, 'SUPER_ADMIN_REQUIRED'],
  ['make another admin super admin', 'admin', 'PATCH', '/users/:target', 'otherAdmin', { is_super_admin: true }, 403, 'SUPER_ADMIN_REQUIRED'],
  ['make a user super admin', 'admin', 'PATCH', '/users/:target', 'other', { role: 'admin', is_super_admin: true }, 403, 'SUPER_ADMIN_REQUIRED'],
  ['rename a super admin', 'admin', 'PATCH', '/users/:target', 'root', { name: 'Hacked' }, 403, 'SUPER_ADMIN_REQUIRED'],
  ['demote a super admin', 'admin', 'PATCH', '/users/:target', 'root', { role: 'user', is_super_admin: false }, 403, 'SUPER_ADMIN_REQUIRED'],
  ['deactivate a super admin', 'admin', 'PATCH', '/users/:target', 'root', { is_active: false }, 403, 'SUPER_ADMIN_REQUIRED'],
  ['reject a super admin', 'admin', 'PATCH', '/users/:target', 'root', { approval_status: 'rejected' }, 403, 'SUPER_ADMIN_REQUIRED'],
  ['reactivate a deactivated super admin', 'admin', 'PATCH', '/users/:target', 'deactivatedSuper', { is_active: true }, 403, 'SUPER_ADMIN_REQUIRED'],
  ['approve a pending super admin', 'admin', 'PATCH', '/users/:target', 'pendingSuper', { approval_status: 'approved' }, 403, 'SUPER_ADMIN_REQUIRED'],
  ["reset a super admin's password", 'admin', 'POST', '/users/:target/reset-password', 'root', { password: NEW_PASSWORD }, 403, 'SUPER_ADMIN_REQUIRED'],
  ["reset a deactivated super admin's password", 'admin', 'POST', '/users/:target/reset-password', 'deactivatedSuper', { password: NEW_PASSWORD }, 403, 'SUPER_ADMIN_REQUIRED'],
  ['register an admin', 'admin', 'POST', '/auth/register', null, newUser({ role: 'admin' }), 403, 'REGISTRATION_DISABLED'],
]);

const STORED_FIELDS = {
  password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
  ms_access_token: 'a stolen token',
  ms_id: 'tenant:object',
  auth_provider: 'microsoft',
  odoo_user_id: 1,
  odoo_employee_id: 1,
  odoo_matched: true,
  odoo_team_id: 1,
  manager_odoo_id: 1,
  role_id: 'admin',
  id: '00000000-0000-4000-8000-000000000001',
  created_at: '2020-01-01T00:00:00Z',
  last_login: '2020-01-01T00:00:00Z',
};

/** Fields no route lets anyone set, sent where they do not belong; the validation refuses them, naming the field. */
const MASS_ASSIGNMENT = probes([
  ...Object.entries({ ...STORED_FIELDS, approval_status: 'approved', is_active: true }).map(
    ([field, value]): ProbeRow => [`create a user with ${field}`, 'admin', 'POST', '/users', null, newUser({ [field]: value }), 400, 'VALIDATION_FAILED', field],
  ),
  ...Object.entries({ ...STORED_FIELDS, email: 'root@example.com', password: NEW_PASSWORD }).map(
    ([field, value]): ProbeRow => [`patch ${field} of a user`, 'admin', 'PATCH', '/users/:target', 'other', { [field]: value }, 400, 'VALIDATION_FAILED', field],
  ),
  ...Object.entries({ role: 'admin', is_super_admin: true, password_hash: STORED_FIELDS.password_hash, email: 'x@example.com' }).map(
    ([field, value]): ProbeRow => [`reset a password with ${field}`, 'admin', 'POST', '/users/:target/reset-password', 'other', { password: NEW_PASSWORD, [field]: value }, 400, 'VALIDATION_FAILED', field],
  ),
  ['a role that is a list', 'admin', 'PATCH', '/users/:target', 'other', { role: ['admin'] }, 400, 'VALIDATION_FAILED', 'role'],
  ['a role that is an operator', 'admin', 'PATCH', '/users/:target', 'other', { role: { $ne: 'user' } }, 400, 'VALIDATION_FAILED', 'role'],
  ['is_super_admin as a string', 'admin', 'PATCH', '/users/:target', 'self', { is_super_admin: 'true' }, 400, 'VALIDATION_FAILED', 'is_super_admin'],
  // Raw JSON: a prototype key could make `patch.is_super_admin` look set (or unset) to the super admin check.
  ['__proto__ in a patch', 'admin', 'PATCH', '/users/:target', 'self', '{"name":"x","__proto__":{"is_super_admin":true}}', 400, 'INVALID_JSON'],
  ['constructor.prototype in a patch', 'admin', 'PATCH', '/users/:target', 'self', '{"name":"x","constructor":{"prototype":{"is_super_admin":true}}}', 400, 'INVALID_JSON'],
  ['__proto__ in a new user', 'admin', 'POST', '/users', null, `{"email":"p@example.com","name":"P","password":"${NEW_PASSWORD}","__proto__":{"is_super_admin":true}}`, 400, 'INVALID_JSON'],
]);

describe('role escalation and mass assignment through the user-management routes', () => {
  let app: NestFastifyApplication;
  let users: Record<Exclude<Target, 'self'> | Actor, AuthenticatedUser>;
  let auth: Record<Actor, { authorization: string }>;

  beforeAll(async () => {
    registerSecret(NEW_PASSWORD);
    app = await createTestApp();
    const [user, admin] = [await createUser(app), await createAdmin(app)];
    users = {
      user,
      admin,
      root: await createSuperAdmin(app, { email: 'root@example.com' }),
      other: await createUser(app),
      otherAdmin: await createAdmin(app),
      pending: await createUser(app, { approval_status: 'pending' }),
      deactivated: await createUser(app, { is_active: false }),
      deactivatedSuper: await createSuperAdmin(app, { is_active: false }),
      pendingSuper: await createSuperAdmin(app, { approval_status: 'pending' }),
    };
    auth = { user: await bearer(app, user), admin: await bearer(app, admin) };
  }, 60_000);
  afterAll(() => app.close());

  /** Every stored field of every user, secrets included, as the database has them. */
  const snapshot = () =>
    app.get<Connection>(getConnectionToken()).db!.collection('users').find({}, { projection: { _id: 0 } }).sort({ id: 1 }).toArray();

  /** Sends the probe, expects the refusal, and reads the users back: nothing changed. */
  async function attempt({ what, actor, method, path, target, body, status, code, field }: Probe) {
    const targetUser = target === 'self' ? users[actor] : target && users[target];
    const url = `/api${targetUser ? path.replace(':target', targetUser.id) : path}`;
    const headers = { ...auth[actor], ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}) };
    const before = await snapshot();
    const res = await app.inject({ method, url, headers, payload: body });
    const error = expectError(res, status, `${actor}: ${what}`);
    expect(error.code).toBe(code);
    if (field) expect(error.details).toContainEqual({ field, errors: expect.any(Array) });
    expect(await snapshot()).toEqual(before);
  }

  it('covers every user-management operation of the OpenAPI document', async () => {
    const tried = new Set([...AS_USER, ...AS_ADMIN, ...MASS_ASSIGNMENT].map(({ method, path }) => `${method} /api${path.replace(':target', '{id}')}`));
    const userRoutes = (await operations(app))
      .filter((op) => /\/(users|register|relink-odoo|refresh|sync-users)/.test(op.path) && op.method !== 'GET')
      .map((op) => `${op.method} ${op.path}`);
    // relink-odoo and refresh take no body: they are probed on their own below.
    expect(userRoutes.filter((route) => !tried.has(route)).sort()).toEqual(['POST /api/auth/refresh', 'POST /api/auth/relink-odoo']);
  });

  it.each(AS_USER)('a normal user cannot $what', (probe) => attempt(probe));

  it.each(AS_ADMIN)('an admin who is not a super admin cannot $what', (probe) => attempt(probe));

  it.each(MASS_ASSIGNMENT)('refuses mass assignment: $what', (probe) => attempt(probe));

  it('ignores role claims sent to refresh and relink-odoo: the role comes from the database', async () => {
    const before = await snapshot();
    const claims = { role: 'admin', is_super_admin: true, odoo_user_id: 1, id: users.root.id };
    const refreshed = await app.inject({ method: 'POST', url: '/api/auth/refresh', headers: auth.user, payload: claims });
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json().user).toMatchObject({ id: users.user.id, role: 'user', is_super_admin: false });
    expect(decodeJwt(refreshed.json().access_token).payload).toMatchObject({ id: users.user.id, role: 'user' });

    const relinked = await app.inject({ method: 'POST', url: '/api/auth/relink-odoo', headers: auth.user, payload: claims });
    expect(expectError(relinked, 404).code).toBe('ODOO_MATCH_NOT_FOUND');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses extra fields on login, and the passwords of everyone probed above still work unchanged', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: users.user.email, password: PASSWORD, role: 'admin' } });
    expect(expectError(res, 400).code).toBe('VALIDATION_FAILED');
    for (const target of [users.root, users.other]) {
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: target.email, password: PASSWORD } });
      expect(login.statusCode).toBe(200);
    }
  });
});
