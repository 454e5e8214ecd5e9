import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SignJWT } from 'jose';
import type { Connection } from 'mongoose';
import { JWKS_COOLDOWN_MS } from '../../src/auth/microsoft/entra-id-token.verifier.js';
import type { NewUser } from '../../src/users/users.service.js';
import { UsersService } from '../../src/users/users.service.js';
import { FakeEntraId, GRAPH_APP_ID, type ClaimOverrides, type MintOptions } from '../fakes/fake-entra-id.js';
import { CLIENT_ID, OTHER_TENANT, startFakeEntraId, TENANT } from '../support/entra-id.js';

const OTHER_APP = '0b7f3c52-5d0e-4a8e-9a43-2b1f0d1d7c11';
const REDIRECT_URI = 'https://sales.example.com/auth/callback';
/** The super admin no Microsoft token may become. */
const ROOT = 'root@example.com';
/** The `wids` value of Entra ID's Global Administrator role. */
const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';

const ERROR_SHAPE = { status: expect.any(Number), code: expect.any(String), message: expect.any(String), request_id: expect.any(String) };

describe('Microsoft sign-in (/api/auth/microsoft)', () => {
  let fake: FakeEntraId;
  let app: NestFastifyApplication;
  let connection: Connection;
  let users: UsersService;
  const logs: string[] = [];
  const bodies: string[] = [];
  let oids = 0;

  beforeAll(async () => {
    fake = await startFakeEntraId({ MS_REDIRECT_URI: REDIRECT_URI, MS_AUTO_APPROVE_ODOO_MATCH: 'true' });
    // Everything the app logs, to prove rejections are explained there and tokens never are. The testing
    // module's logger drops warnings, so the Logger calls themselves are recorded, and the raw output too.
    for (const level of ['log', 'error', 'warn', 'debug', 'verbose', 'fatal'] as const) {
      const original = Object.getOwnPropertyDescriptor(Logger.prototype, level)!.value as (this: Logger, ...args: unknown[]) => void;
      jest.spyOn(Logger.prototype, level).mockImplementation(function (this: Logger, ...args: unknown[]) {
        logs.push(`${level} ${args.map((arg) => (arg instanceof Error ? arg.stack : String(arg))).join(' ')}\n`);
        original.apply(this, args);
      });
    }
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        logs.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return write(chunk);
      });
    }
    const { createTestApp } = await import('../support/test-app.js');
    app = await createTestApp();
    connection = app.get<Connection>(getConnectionToken());
    users = app.get(UsersService);
    await createLocalUser({ email: ROOT, name: 'Root', role: 'admin', is_super_admin: true });
  }, 60_000);
  afterAll(async () => {
    jest.restoreAllMocks();
    await app?.close();
    await fake?.stop();
  });

  /** A distinct Entra ID object id per call, so each test signs in as its own person. */
  const newOid = () => `00000000-0000-4000-8000-${String(++oids).padStart(12, '0')}`;

  /** An access token for this API; by default a person of their own (new oid, own email). */
  const token = (claims: ClaimOverrides = {}, options: Partial<MintOptions> = {}) => {
    const oid = newOid();
    const person = { oid, preferred_username: `person.${oid.slice(-6)}@example.com` };
    return fake.accessToken({ tenantId: TENANT, audience: CLIENT_ID, ...options, claims: { ...person, ...claims } });
  };

  const complete = async (payload: unknown) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/microsoft/complete', payload: payload as object });
    bodies.push(res.body);
    return res;
  };

  const logSince = (mark: number) => logs.slice(mark).join('');

  /** A 401 in the one error shape, with the reason in the log. */
  async function expectRejected(accessToken: string, reason: RegExp) {
    const mark = logs.length;
    const res = await complete({ access_token: accessToken });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ ...ERROR_SHAPE, status: 401, code: 'UNAUTHORIZED' });
    expect(res.json().message).not.toMatch(reason);
    expect(logSince(mark)).toMatch(reason);
  }

  const createLocalUser = (user: Partial<NewUser> & Pick<NewUser, 'email'>) => users.create({ name: 'Local User', ...user });
  const storedUser = (email: string) => connection.db!.collection('users').findOne({ email }, { projection: { _id: 0 } });
  /** The account of this object id in our tenant. */
  const storedIdentity = (oid: string) =>
    connection.db!.collection('users').findOne({ ms_tenant_id: TENANT, ms_id: oid }, { projection: { _id: 0 } });

  describe('GET /config', () => {
    it('gives MSAL the client id, tenant, authority, redirect URI and this API\'s scope', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/auth/microsoft/config' });
      bodies.push(res.body);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        enabled: true,
        client_id: CLIENT_ID,
        tenant_id: TENANT,
        authority: `${fake.host}/${TENANT}`,
        redirect_uri: REDIRECT_URI,
        scopes: [`api://${CLIENT_ID}/access_as_user`],
      });
    });
  });

  describe('POST /complete: token validation', () => {
    // First on purpose: discovery has not been read yet, and a failed read must not be cached.
    it('answers 503 while Microsoft cannot be reached, and works again once it can', async () => {
      fake.down = true;
      const mark = logs.length;
      const res = await complete({ access_token: await token() });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ ...ERROR_SHAPE, status: 503, code: 'MICROSOFT_UNAVAILABLE' });
      expect(logSince(mark)).toContain('Microsoft OpenID discovery failed');
      fake.down = false;
      const again = await complete({ access_token: await token() });
      expect(again.statusCode).toBe(403); // a new, pending user: the token itself was accepted
      expect(again.json().code).toBe('APPROVAL_PENDING');
    });

    it('validates the body: access_token required, a string, of bounded length, nothing else', async () => {
      for (const payload of [{}, [], { access_token: 42 }, { access_token: 'x'.repeat(16_385) }, { access_token: 'a.b.c', extra: 1 }]) {
        const res = await complete(payload);
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ ...ERROR_SHAPE, status: 400, code: 'VALIDATION_FAILED' });
      }
    });

    it('rejects what is not a signed JWT', async () => {
      await expectRejected('not-a-jwt', /not a signed JWT/);
    });

    it('rejects an expired token, beyond the clock tolerance', async () => {
      const now = Math.floor(Date.now() / 1000);
      await expectRejected(await token({ iat: now - 7200, nbf: now - 7200, exp: now - 120 }), /expired at/);
    });

    it('accepts a token that expired within the clock tolerance (small skew)', async () => {
      const now = Math.floor(Date.now() / 1000);
      const res = await complete({ access_token: await token({ iat: now - 3600, nbf: now - 3600, exp: now - 20 }) });
      expect(res.json().code).toBe('APPROVAL_PENDING');
    });

    it('rejects a token that is not yet valid', async () => {
      const now = Math.floor(Date.now() / 1000);
      await expectRejected(await token({ iat: now + 600, nbf: now + 600, exp: now + 4200 }), /not valid before/);
    });

    it('rejects a token for another audience', async () => {
      await expectRejected(await token({ aud: OTHER_APP }), /audience "0b7f3c52-[^"]*" is not this API/);
    });

    it('rejects a Microsoft Graph token (either audience form)', async () => {
      for (const aud of [GRAPH_APP_ID, 'https://graph.microsoft.com']) {
        const graph = await token({ aud, scp: 'openid profile User.Read email' }, { header: { nonce: 'x3Fq9hWw' } });
        await expectRejected(graph, /Microsoft Graph/);
      }
    });

    it('rejects an id token of another app', async () => {
      const idToken = await fake.idToken({ tenantId: TENANT, audience: OTHER_APP });
      await expectRejected(idToken, /is not this API \(no scp: an id token/);
    });

    it('rejects an id token of this app (no scope)', async () => {
      const idToken = await fake.idToken({ tenantId: TENANT, audience: CLIENT_ID });
      await expectRejected(idToken, /no "scp" claim/);
    });

    it('rejects a wrong issuer', async () => {
      await expectRejected(
        await token({ iss: `https://login.microsoftonline.com/${TENANT}/v2.0` }),
        /issuer "https:\/\/login\.microsoftonline\.com\/72f988bf[^"]*" is not the configured tenant's issuer/,
      );
    });

    it('rejects a token of another tenant, signed by the same Microsoft keys', async () => {
      await expectRejected(await token({}, { tenantId: OTHER_TENANT }), /token of another tenant \(tid "f8cdef31/);
      // Our issuer but another tenant id: tid must match too.
      await expectRejected(await token({ tid: OTHER_TENANT }), /token of another tenant \(tid "f8cdef31/);
    });

    it('rejects a bad signature (a key that is not in the key set, under a published kid)', async () => {
      const stranger = await FakeEntraId.newKey();
      await expectRejected(await token({}, { key: stranger, kid: fake.currentKey.kid }), /signature does not verify/);
    });

    it('rejects other algorithms (HS256 with a guessed secret, alg none)', async () => {
      const hs256 = await new SignJWT({ aud: CLIENT_ID, iss: fake.issuer(TENANT), tid: TENANT, oid: newOid(), scp: 'access_as_user', ver: '2.0' })
        .setProtectedHeader({ alg: 'HS256', kid: fake.currentKey.kid })
        .setIssuedAt()
        .setNotBefore('0s')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('a'.repeat(32)));
      await expectRejected(hs256, /algorithm not allowed/);
      const [, payload] = (await token()).split('.');
      const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
      await expectRejected(none, /algorithm not allowed|malformed/);
    });

    it('rejects a token without the configured scope', async () => {
      await expectRejected(await token({ scp: 'User.Read Files.Read' }), /scope "access_as_user" missing from scp "User.Read Files.Read"/);
      await expectRejected(await token({ scp: undefined, roles: ['Sales.Read.All'] }), /no "scp" claim/);
    });

    it('accepts a v1.0 access token (the default format of an Entra-only API registration)', async () => {
      const v1 = await fake.accessToken({
        tenantId: TENANT,
        audience: `api://${CLIENT_ID}`,
        version: '1.0',
        claims: { oid: newOid(), upn: 'v1.user@example.com', unique_name: 'v1.user@example.com' },
      });
      const res = await complete({ access_token: v1 });
      expect(res.json().code).toBe('APPROVAL_PENDING');
      expect(await storedUser('v1.user@example.com')).toMatchObject({ auth_provider: 'microsoft', approval_status: 'pending' });
      // A v1.0 token still needs the v1.0 issuer: a v2.0 issuer with ver 1.0 is refused.
      await expectRejected(
        await fake.accessToken({ tenantId: TENANT, audience: CLIENT_ID, version: '1.0', claims: { oid: newOid(), iss: fake.issuer(TENANT) } }),
        /is not the configured tenant's issuer "https:\/\/sts\.windows\.net\//,
      );
    });

    it('reads the key set again for an unknown kid after the cooldown: a rotated key is accepted', async () => {
      const before = fake.jwksFetches;
      const oldKey = fake.currentKey;
      const rotated = await fake.rotateKeys();
      const email = 'rotated@example.com';
      const oid = newOid();
      await createLocalUser({ email, ms_tenant_id: TENANT, ms_id: oid });
      const fresh = await token({ oid, preferred_username: email }, { key: rotated });

      // Microsoft rolls keys over rarely: the cached key set is normally older than the cooldown.
      const realNow = Date.now.bind(Date);
      const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + JWKS_COOLDOWN_MS + 1_000);
      let res;
      try {
        res = await complete({ access_token: fresh });
      } finally {
        clock.mockRestore();
      }
      expect(res.statusCode).toBe(200);
      expect(res.json().user.email).toBe(email);
      expect(fake.jwksFetches).toBe(before + 1);

      // The dropped key no longer verifies anything.
      await expectRejected(await token({}, { key: oldKey }), /no key with kid/);
    });

    it('does not refetch the key set for an unknown kid within the cooldown', async () => {
      const before = fake.jwksFetches;
      await expectRejected(await token({}, { key: await FakeEntraId.newKey() }), /no key with kid "[\w-]{27}" in the tenant's key set/);
      expect(fake.jwksFetches).toBe(before);
    });
  });

  describe('POST /complete: users', () => {
    it('creates a pending user on first sign-in (403 APPROVAL_PENDING) and writes nothing on a second attempt', async () => {
      const oid = newOid();
      const email = 'new.person@example.com';
      const mint = () => token({ oid, preferred_username: 'New.Person@Example.com', name: 'New Person' });

      const first = await complete({ access_token: await mint() });
      expect(first.statusCode).toBe(403);
      expect(first.json()).toEqual({ ...ERROR_SHAPE, status: 403, code: 'APPROVAL_PENDING' });
      expect(first.json().message).toMatch(/administrator to approve/);
      const created = await storedUser(email);
      expect(created).toMatchObject({
        email,
        name: 'New Person',
        role: 'user',
        auth_provider: 'microsoft',
        approval_status: 'pending',
        ms_tenant_id: TENANT,
        ms_id: oid,
        password_hash: '',
        ms_access_token: null,
        last_login: null,
        odoo_matched: false,
      });

      const second = await complete({ access_token: await mint() });
      expect(second.statusCode).toBe(403);
      expect(second.json().code).toBe('APPROVAL_PENDING');
      expect(await connection.db!.collection('users').countDocuments({ email })).toBe(1);
      expect(await storedUser(email)).toEqual(created);
    });

    it('signs an approved user in: our JWT, which works on GET /api/auth/me, and last_login set', async () => {
      const oid = newOid();
      const email = 'approved.later@example.com';
      const mint = () => token({ oid, preferred_username: email, name: 'Approved Later' });
      expect((await complete({ access_token: await mint() })).json().code).toBe('APPROVAL_PENDING');
      const pending = (await users.findByEmail(email))!;
      await users.update(pending.id, { approval_status: 'approved' }); // what an admin does

      const res = await complete({ access_token: await mint() });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        access_token: expect.any(String),
        token_type: 'bearer',
        expires_in: expect.any(Number),
        user: expect.objectContaining({ id: pending.id, email, auth_provider: 'microsoft', approval_status: 'approved' }),
      });
      expect(res.json().user.last_login).not.toBeNull();
      expect((await storedUser(email))!.last_login).toBeInstanceOf(Date);

      const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${res.json().access_token}` } });
      bodies.push(me.body);
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ id: pending.id, email });
    });

    it('answers 403 ACCOUNT_DISABLED for a rejected or deactivated user', async () => {
      for (const patch of [{ approval_status: 'rejected' as const }, { is_active: false }]) {
        const oid = newOid();
        const email = `disabled.${oid.slice(-4)}@example.com`;
        const user = await createLocalUser({ email, ms_tenant_id: TENANT, ms_id: oid, auth_provider: 'microsoft' });
        await users.update(user.id, patch);
        const res = await complete({ access_token: await token({ oid, preferred_username: email }) });
        expect(res.statusCode).toBe(403);
        expect(res.json()).toEqual({ ...ERROR_SHAPE, status: 403, code: 'ACCOUNT_DISABLED' });
        expect((await storedUser(email))!.last_login).toBeNull();
      }
    });

    it('does not accept a token of another tenant with the same email', async () => {
      await createLocalUser({ email: 'bob@example.com' });
      const foreign = await token({ preferred_username: 'bob@example.com' }, { tenantId: OTHER_TENANT });
      await expectRejected(foreign, /token of another tenant/);
      expect(await storedUser('bob@example.com')).not.toHaveProperty('ms_id');
    });

    it('takes the email from upn, then preferred_username, then email only when its domain is verified (xms_edov)', async () => {
      const cases: [ClaimOverrides, string | null][] = [
        [{ upn: 'By.UPN@example.com', preferred_username: 'by.pref@example.com', email: 'by.mail@example.com', xms_edov: true }, 'by.upn@example.com'],
        [{ preferred_username: 'Pref.Only@example.com', email: 'pref.mail@example.com', xms_edov: true }, 'pref.only@example.com'],
        [{ preferred_username: '+33612345678', email: 'Verified@example.com', xms_edov: true }, 'verified@example.com'],
        [{ preferred_username: '+33612345679', email: 'unverified@example.com' }, null],
        [{ preferred_username: '+33612345670', email: 'unverified.false@example.com', xms_edov: false }, null],
        // Control characters would reach the log and the admin's screen.
        [{ preferred_username: 'esc\u001b[2J\u0000@example.com' }, null],
        // The reserved domain of the addresses this service makes up (standInEmail) is never taken from a token.
        [{ preferred_username: `made.up@example.com.${newOid()}.invalid` }, null],
      ];
      for (const [claims, email] of cases) {
        const oid = newOid();
        const res = await complete({ access_token: await token({ oid, ...claims }) });
        expect(res.statusCode).toBe(403);
        expect(res.json().code).toBe(email ? 'APPROVAL_PENDING' : 'MICROSOFT_EMAIL_MISSING');
        expect((await storedIdentity(oid))?.email ?? null).toBe(email);
      }
    });

    it('gives a token of another tenant\'s object id no access to that identity\'s account: tid + oid is the key', async () => {
      const oid = newOid();
      await createLocalUser({ email: 'elsewhere@example.com', role: 'admin', is_super_admin: true, ms_tenant_id: OTHER_TENANT, ms_id: oid });
      const before = await storedUser('elsewhere@example.com');
      const res = await complete({ access_token: await token({ oid, preferred_username: 'same.oid@example.com' }) });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('APPROVAL_PENDING');
      expect(await storedIdentity(oid)).toMatchObject({ email: 'same.oid@example.com', ms_tenant_id: TENANT, role: 'user', is_super_admin: false });
      expect(await storedUser('elsewhere@example.com')).toEqual(before);
    });

    it('signs two first sign-ins of one identity at once in to one account, its email taken or not', async () => {
      for (const email of ['twice@example.com', ROOT]) {
        const oid = newOid();
        const responses = await Promise.all([1, 2, 3].map(async () => complete({ access_token: await token({ oid, preferred_username: email }) })));
        expect(responses.map((res) => res.json().code)).toEqual(['APPROVAL_PENDING', 'APPROVAL_PENDING', 'APPROVAL_PENDING']);
        expect(await connection.db!.collection('users').countDocuments({ ms_tenant_id: TENANT, ms_id: oid })).toBe(1);
      }
    });
  });

  describe('POST /complete: never an existing account by email', () => {
    it('gives a token whose preferred_username, upn or verified email is the super admin\'s a new pending account', async () => {
      const root = await storedUser(ROOT);
      const claimsOfMallory: ClaimOverrides[] = [
        { preferred_username: ROOT },
        { preferred_username: ' Root@Example.COM ' },
        { upn: ROOT, preferred_username: 'mallory@example.com' },
        { preferred_username: '+33612345678', email: ROOT, xms_edov: true },
      ];
      for (const claims of claimsOfMallory) {
        const oid = newOid();
        const res = await complete({ access_token: await token({ oid, name: 'Mallory', ...claims }) });
        expect(res.statusCode).toBe(403);
        expect(res.json()).toEqual({ ...ERROR_SHAPE, status: 403, code: 'APPROVAL_PENDING' });
        // Its own account, under an address of its own that still shows the admin what the token claimed.
        expect(await storedIdentity(oid)).toMatchObject({
          email: `${ROOT}.${oid}.invalid`,
          name: 'Mallory',
          role: 'user',
          is_super_admin: false,
          auth_provider: 'microsoft',
          approval_status: 'pending',
          password_hash: '',
          odoo_matched: false,
        });
        expect((await storedIdentity(oid))!.id).not.toBe(root!.id);
      }
      expect(await storedUser(ROOT)).toEqual(root);
    });

    it('signs that account in as itself once approved: not the super admin, no admin route', async () => {
      const oid = newOid();
      const mint = () => token({ oid, preferred_username: ROOT });
      expect((await complete({ access_token: await mint() })).json().code).toBe('APPROVAL_PENDING');
      const created = (await storedIdentity(oid))!;
      await users.update(created.id as string, { approval_status: 'approved' }); // an admin approving it without a look

      const res = await complete({ access_token: await mint() });
      expect(res.statusCode).toBe(200);
      expect(res.json().user).toMatchObject({ id: created.id, email: `${ROOT}.${oid}.invalid`, role: 'user', is_super_admin: false });
      const authorization = `Bearer ${res.json().access_token}`;
      const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization } });
      expect(me.json()).toMatchObject({ id: created.id, is_super_admin: false });
      const adminOnly = await app.inject({ method: 'GET', url: '/api/auth/users', headers: { authorization } });
      expect(adminOnly.statusCode).toBe(403);
      bodies.push(me.body, adminOnly.body);
    });

    it('reads a v1.0 token\'s account from upn: a spoofed email claim is ignored, and alone is no email', async () => {
      const root = await storedUser(ROOT);
      const v1 = (claims: ClaimOverrides) => fake.accessToken({ tenantId: TENANT, audience: `api://${CLIENT_ID}`, version: '1.0', claims });
      const oid = newOid();
      const mallory = await v1({ oid, upn: 'mallory.v1@example.com', unique_name: 'mallory.v1@example.com', email: ROOT });
      // The v1.0 key set was read before the key rotation above: let its cooldown pass, as it would have by now.
      const realNow = Date.now.bind(Date);
      const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + JWKS_COOLDOWN_MS + 1_000);
      let res;
      try {
        res = await complete({ access_token: mallory });
      } finally {
        clock.mockRestore();
      }
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('APPROVAL_PENDING');
      expect(await storedIdentity(oid)).toMatchObject({ email: 'mallory.v1@example.com', role: 'user', is_super_admin: false });

      const noUpn = newOid();
      const unverified = await complete({ access_token: await v1({ oid: noUpn, upn: undefined, unique_name: ROOT, email: ROOT }) });
      expect(unverified.statusCode).toBe(403);
      expect(unverified.json().code).toBe('MICROSOFT_EMAIL_MISSING');
      expect(await storedIdentity(noUpn)).toBeNull();
      expect(await storedUser(ROOT)).toEqual(root);
    });

    it('never links an account with the email: local, linked to another identity, or to a guest', async () => {
      const accounts: [string, Partial<NewUser>, ClaimOverrides][] = [
        ['ana.local@example.com', {}, {}],
        ['carol@example.com', { ms_tenant_id: TENANT, ms_id: newOid() }, {}],
        ['dave@example.com', {}, { idp: `https://sts.windows.net/${OTHER_TENANT}/` }],
      ];
      for (const [email, fields, claims] of accounts) {
        const local = await createLocalUser({ email, ...fields });
        const before = await storedUser(email);
        const oid = newOid();
        const res = await complete({ access_token: await token({ oid, preferred_username: email.toUpperCase(), ...claims }) });
        expect(res.statusCode).toBe(403);
        expect(res.json().code).toBe('APPROVAL_PENDING');
        expect(await storedUser(email)).toEqual(before);
        expect(await storedIdentity(oid)).toMatchObject({ email: `${email}.${oid}.invalid`, approval_status: 'pending' });
        expect((await storedIdentity(oid))!.id).not.toBe(local.id);
      }
    });
  });

  describe('POST /complete: MS_AUTO_APPROVE_ODOO_MATCH', () => {
    const employee = (id: number, emails: string[]) => ({
      entity_type: 'user',
      serving_id: String(id),
      data: { id, name: `Employee ${id}` },
      emails,
      odoo_user_id: id + 100,
      manager_employee_id: 3,
      department_id: 2,
      team_id: 1,
      is_active: true,
    });

    beforeAll(async () => {
      await connection.db!.collection('data_lake_serving').insertMany([
        { ...employee(12, ['ana@example.com']), data: { id: 12, name: 'Ana Lopez' }, odoo_user_id: 7 },
        employee(20, [ROOT]),
        employee(21, ['guest.match@example.com']),
      ]);
    });

    it('approves a first sign-in that matches one Odoo employee, as a plain user whatever roles the token claims', async () => {
      const oid = newOid();
      const claims = { oid, preferred_username: 'Ana@Example.com', name: 'Ana Lopez', roles: ['Admin'], wids: [GLOBAL_ADMINISTRATOR] };
      const res = await complete({ access_token: await token(claims) });
      expect(res.statusCode).toBe(200);
      expect(res.json().user).toMatchObject({
        email: 'ana@example.com',
        name: 'Ana Lopez',
        role: 'user',
        is_super_admin: false,
        auth_provider: 'microsoft',
        approval_status: 'approved',
        odoo_employee_id: 12,
        odoo_user_id: 7,
        odoo_salesperson_name: 'Ana Lopez',
        odoo_department_id: 2,
        odoo_team_id: 1,
        manager_odoo_id: 3,
        odoo_matched: true,
      });
      expect(await storedUser('ana@example.com')).toMatchObject({ ms_tenant_id: TENANT, ms_id: oid, approval_status: 'approved' });

      // The same employee cannot approve a second account: that one waits for an admin.
      await connection.db!.collection('data_lake_serving').updateOne({ serving_id: '12' }, { $push: { emails: 'ana.other@example.com' } as never });
      const second = await complete({ access_token: await token({ preferred_username: 'ana.other@example.com' }) });
      expect(second.json().code).toBe('APPROVAL_PENDING');
      expect(await storedUser('ana.other@example.com')).toMatchObject({ approval_status: 'pending', odoo_matched: false });
    });

    it('never approves or links by an email an account has, the super admin\'s above all', async () => {
      const root = await storedUser(ROOT);
      for (const claims of [{ preferred_username: ROOT }, { preferred_username: '+33612345678', email: ROOT, xms_edov: true }]) {
        const oid = newOid();
        const res = await complete({ access_token: await token({ oid, ...claims, roles: ['Admin'], wids: [GLOBAL_ADMINISTRATOR] }) });
        expect(res.statusCode).toBe(403);
        expect(res.json().code).toBe('APPROVAL_PENDING');
        expect(await storedIdentity(oid)).toMatchObject({
          email: `${ROOT}.${oid}.invalid`,
          approval_status: 'pending',
          role: 'user',
          is_super_admin: false,
          odoo_matched: false,
          odoo_employee_id: null,
        });
      }
      expect(await storedUser(ROOT)).toEqual(root);
    });

    it('never approves a guest (B2B) account', async () => {
      const oid = newOid();
      const guest = await token({ oid, preferred_username: 'guest.match@example.com', idp: `https://sts.windows.net/${OTHER_TENANT}/` });
      expect((await complete({ access_token: guest })).json().code).toBe('APPROVAL_PENDING');
      expect(await storedIdentity(oid)).toMatchObject({ email: 'guest.match@example.com', approval_status: 'pending', odoo_matched: false });
    });
  });

  describe('stored identities', () => {
    it('are unique per tenant and object id, while any number of users have none', async () => {
      const indexes = await connection.db!.collection('users').indexes();
      expect(indexes).toContainEqual(expect.objectContaining({ key: { ms_tenant_id: 1, ms_id: 1 }, unique: true }));
      const oid = newOid();
      await createLocalUser({ email: 'first.holder@example.com', ms_tenant_id: TENANT, ms_id: oid });
      await expect(createLocalUser({ email: 'second.holder@example.com', ms_tenant_id: TENANT, ms_id: oid })).rejects.toThrow();
      await createLocalUser({ email: 'other.tenant.holder@example.com', ms_tenant_id: OTHER_TENANT, ms_id: oid });
      await createLocalUser({ email: 'unlinked.1@example.com' });
      await createLocalUser({ email: 'unlinked.2@example.com' });
    });

    it('stored as "<tid>:<oid>" by earlier versions, or ms_id: null, are migrated at start-up', async () => {
      const oid = newOid();
      const legacy = { name: 'Legacy', password_hash: '', role: 'user', ms_access_token: null, is_super_admin: false, is_active: true, last_login: null };
      await connection.db!.collection('users').insertMany([
        { ...legacy, id: randomUUID(), email: 'legacy.linked@example.com', auth_provider: 'microsoft', approval_status: 'approved', ms_id: `${TENANT}:${oid}` },
        { ...legacy, id: randomUUID(), email: 'legacy.local@example.com', auth_provider: 'local', approval_status: 'approved', ms_id: null },
      ]);
      await users.onModuleInit(); // what start-up runs
      expect(await storedUser('legacy.linked@example.com')).toMatchObject({ ms_tenant_id: TENANT, ms_id: oid });
      expect(await storedUser('legacy.local@example.com')).not.toHaveProperty('ms_id');

      const res = await complete({ access_token: await token({ oid, preferred_username: 'renamed@example.com' }) });
      expect(res.statusCode).toBe(200);
      expect(res.json().user.email).toBe('legacy.linked@example.com');
    });
  });

  describe('secrets', () => {
    it('never puts a Microsoft token in a response body, the log or the database', async () => {
      expect(fake.minted.length).toBeGreaterThan(20);
      expect(bodies.length).toBeGreaterThan(20);
      const log = logs.join('');
      expect(log).toContain('Microsoft token rejected'); // the log was captured
      const stored = JSON.stringify(await connection.db!.collection('users').find().toArray());
      for (const minted of fake.minted) {
        const signature = minted.split('.')[2];
        for (const text of [...bodies, log, stored]) {
          expect(text).not.toContain(minted);
          expect(text).not.toContain(signature);
        }
      }
    });
  });
});
