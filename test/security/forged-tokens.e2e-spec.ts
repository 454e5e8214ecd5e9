import { ConfigService } from '@nestjs/config';
import { getModelToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SignJWT } from 'jose';
import type { Model } from 'mongoose';
import { jwtSecret } from '../../src/auth/tokens/token.service.js';
import type { AuthenticatedUser } from '../../src/common/auth/authenticated-user.js';
import { User } from '../../src/users/schemas/user.schema.js';
import { UsersService } from '../../src/users/users.service.js';
import { createTestApp } from '../support/test-app.js';
import { bearer, createAdmin, createUser } from '../support/users.js';
import { base64url, expectError, operations, UNKNOWN_ID, type Operation } from './security-support.js';

const WRONG_SECRET = new TextEncoder().encode('a different secret of more than thirty-two characters');
const now = () => Math.floor(Date.now() / 1000);

/** What the forgeries are made from: a normal user's genuine token, an admin, and the server's secret. */
interface Material {
  secret: Uint8Array;
  user: AuthenticatedUser;
  admin: AuthenticatedUser;
  /** The normal user's genuine token. */
  genuine: string;
  /** Tokens issued while their users were fine: then one was deleted, the other deactivated. */
  deleted: string;
  deactivated: string;
}

const claimsOf = (user: AuthenticatedUser) => ({ id: user.id, email: user.email, role: user.role });

function sign(claims: Record<string, unknown>, key: Uint8Array, { alg = 'HS256', exp = now() + 3600 } = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).setIssuedAt().setExpirationTime(exp).sign(key);
}

/** The genuine token with its payload changed and its original signature kept. */
function edited(token: string, changes: object): string {
  const [header, payload, signature] = token.split('.');
  return `${header}.${base64url({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), ...changes })}.${signature}`;
}

const FORGERIES: [string, (m: Material) => string | Promise<string>][] = [
  ['alg none, unsigned', (m) => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claimsOf(m.user), role: 'admin', exp: now() + 3600 })}.`],
  ['alg none, keeping the genuine signature', (m) => [base64url({ alg: 'none', typ: 'JWT' }), ...m.genuine.split('.').slice(1)].join('.')],
  ['HS512 with the right secret', (m) => sign({ ...claimsOf(m.user), role: 'admin' }, m.secret, { alg: 'HS512' })],
  ['HS256 with a wrong secret', (m) => sign({ ...claimsOf(m.user), role: 'admin' }, WRONG_SECRET)],
  ['expired a minute ago', (m) => sign(claimsOf(m.user), m.secret, { exp: now() - 60 })],
  ['payload edited: role user -> admin, original signature', (m) => edited(m.genuine, { role: 'admin' })],
  ["payload edited: an admin's id, original signature", (m) => edited(m.genuine, claimsOf(m.admin))],
  ['payload edited: expiry ten years out, original signature', (m) => edited(m.genuine, { exp: now() + 10 * 365 * 86400 })],
  ['signature stripped', (m) => `${m.genuine.split('.').slice(0, 2).join('.')}.`],
  ['a deleted user', (m) => m.deleted],
  ['a deactivated user', (m) => m.deactivated],
  ['a well-formed token for an unknown user id', (m) => sign({ id: UNKNOWN_ID, email: 'ghost@example.com', role: 'admin' }, m.secret)],
  ['an id that is a query operator', (m) => sign({ id: { $ne: null }, email: m.user.email, role: 'admin' }, m.secret)],
];

describe('forged and stale bearer tokens on every protected operation', () => {
  let app: NestFastifyApplication;
  let secured: Operation[];
  let adminAuth: { authorization: string };
  let material: Material;

  const tokenOf = async (user: AuthenticatedUser) => (await bearer(app, user)).authorization.slice('Bearer '.length);

  beforeAll(async () => {
    app = await createTestApp();
    secured = (await operations(app)).filter((op) => op.protected);
    const admin = await createAdmin(app);
    adminAuth = await bearer(app, admin);
    const user = await createUser(app);
    const [deleted, deactivated] = [await createUser(app), await createUser(app)];
    material = {
      secret: new TextEncoder().encode(jwtSecret(app.get(ConfigService))),
      user,
      admin,
      genuine: await tokenOf(user),
      deleted: await tokenOf(deleted),
      deactivated: await tokenOf(deactivated),
    };
    await app.get<Model<User>>(getModelToken(User.name)).deleteOne({ id: deleted.id }).exec();
    await app.get(UsersService).update(deactivated.id, { is_active: false });
  }, 60_000);
  afterAll(() => app.close());

  const call = (op: Operation, authorization: string) => app.inject({ method: op.method, url: op.url, headers: { authorization }, payload: {} });

  it('finds the protected operations, and each one lets a genuine admin token through', async () => {
    expect(secured.length).toBeGreaterThanOrEqual(20);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${material.genuine}` } })).statusCode).toBe(200);
    // Logout ends the admin's sessions, so it goes last.
    for (const op of [...secured].sort((a, b) => Number(a.path === '/api/auth/logout') - Number(b.path === '/api/auth/logout'))) {
      const res = await call(op, adminAuth.authorization);
      expect({ op: `${op.method} ${op.path}`, status: res.statusCode }).not.toMatchObject({ status: 401 });
    }
  });

  it.each(FORGERIES)('%s: every protected operation answers 401 in the one error shape', async (name, forge) => {
    const token = await forge(material);
    const bodies = [];
    for (const op of secured) {
      const res = await call(op, `Bearer ${token}`);
      bodies.push(expectError(res, 401, `${name}: ${op.method} ${op.path}`));
    }
    // One code and message whatever the reason, so an answer tells nothing about why a token failed.
    expect(new Set(bodies.map(({ code, message, details }) => JSON.stringify({ code, message, details })))).toEqual(
      new Set([JSON.stringify({ code: 'UNAUTHORIZED', message: 'Missing, invalid or expired bearer token' })]),
    );
  });
});
