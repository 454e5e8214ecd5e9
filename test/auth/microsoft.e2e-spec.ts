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

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OTHER_TENANT = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';
const CLIENT_ID = '6e74172b-be56-4843-9ff4-e66a39bb12e3';
const OTHER_APP = '0b7f3c52-5d0e-4a8e-9a43-2b1f0d1d7c11';
const REDIRECT_URI = 'https://sales.example.com/auth/callback';

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
    fake = await FakeEntraId.start();
    // ConfigModule reads process.env when AppModule is first imported: set it before importing the app.
    Object.assign(process.env, {
      MS_CLIENT_ID: CLIENT_ID,
      MS_TENANT_ID: TENANT,
      MS_AUTHORITY_HOST: fake.host,
      MS_REDIRECT_URI: REDIRECT_URI,
      MS_AUTO_APPROVE_ODOO_MATCH: 'true',
    });
    delete process.env.MS_API_SCOPE;
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
      await createLocalUser({ email });
      const fresh = await token({ preferred_username: email }, { key: rotated });

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
        ms_id: `${TENANT}:${oid}`,
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
        const user = await createLocalUser({ email, ms_id: `${TENANT}:${oid}`, auth_provider: 'microsoft' });
        await users.update(user.id, patch);
        const res = await complete({ access_token: await token({ oid, preferred_username: email }) });
        expect(res.statusCode).toBe(403);
        expect(res.json()).toEqual({ ...ERROR_SHAPE, status: 403, code: 'ACCOUNT_DISABLED' });
        expect((await storedUser(email))!.last_login).toBeNull();
      }
    });

    it('links a first sign-in to the local user with the same email (same id, ms_id set)', async () => {
      const local = await createLocalUser({ email: 'ana.local@example.com', name: 'Ana Local' });
      const oid = newOid();
      const res = await complete({ access_token: await token({ oid, preferred_username: 'ANA.Local@example.com' }) });
      expect(res.statusCode).toBe(200);
      expect(res.json().user).toMatchObject({ id: local.id, email: 'ana.local@example.com', name: 'Ana Local', auth_provider: 'local' });
      expect(await storedUser('ana.local@example.com')).toMatchObject({ id: local.id, ms_id: `${TENANT}:${oid}` });
      expect(await connection.db!.collection('users').countDocuments({ email: 'ana.local@example.com' })).toBe(1);

      // From now on tid + oid find the user, whatever the email claim says.
      const renamed = await complete({ access_token: await token({ oid, preferred_username: 'ana.renamed@example.com' }) });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json().user.id).toBe(local.id);
    });

    it('falls back to the email and upn claims when preferred_username is not an email', async () => {
      const local = await createLocalUser({ email: 'by.upn@example.com' });
      const res = await complete({ access_token: await token({ preferred_username: '+33612345678', upn: 'By.UPN@example.com' }) });
      expect(res.statusCode).toBe(200);
      expect(res.json().user.id).toBe(local.id);
    });

    it('does not link a token of another tenant with the same email', async () => {
      await createLocalUser({ email: 'bob@example.com' });
      const foreign = await token({ preferred_username: 'bob@example.com' }, { tenantId: OTHER_TENANT });
      await expectRejected(foreign, /token of another tenant/);
      expect(await storedUser('bob@example.com')).toMatchObject({ ms_id: null });
    });

    it('does not let another Microsoft identity with the same email take a linked account (409)', async () => {
      const oid = newOid();
      await createLocalUser({ email: 'carol@example.com', ms_id: `${TENANT}:${oid}` });
      const mark = logs.length;
      const res = await complete({ access_token: await token({ preferred_username: 'carol@example.com' }) });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toEqual({ ...ERROR_SHAPE, status: 409, code: 'MICROSOFT_ACCOUNT_CONFLICT' });
      expect(logSince(mark)).toContain('linked to another Microsoft identity');
      expect(await storedUser('carol@example.com')).toMatchObject({ ms_id: `${TENANT}:${oid}` });
    });

    it('does not link a guest (B2B) account by email', async () => {
      await createLocalUser({ email: 'dave@example.com' });
      const guest = await token({ preferred_username: 'dave@example.com', idp: `https://sts.windows.net/${OTHER_TENANT}/` });
      const res = await complete({ access_token: guest });
      expect(res.statusCode).toBe(409);
      expect(await storedUser('dave@example.com')).toMatchObject({ ms_id: null });
    });

    it('auto-approves a first sign-in that matches one Odoo employee, and links it to Odoo', async () => {
      await connection.db!.collection('data_lake_serving').insertOne({
        entity_type: 'user',
        serving_id: '12',
        data: { id: 12, name: 'Ana Lopez' },
        emails: ['ana@example.com'],
        odoo_user_id: 7,
        manager_employee_id: 3,
        department_id: 2,
        team_id: 1,
        is_active: true,
      });
      const oid = newOid();
      const res = await complete({ access_token: await token({ oid, preferred_username: 'Ana@Example.com', name: 'Ana Lopez' }) });
      expect(res.statusCode).toBe(200);
      expect(res.json().user).toMatchObject({
        email: 'ana@example.com',
        name: 'Ana Lopez',
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
      expect(await storedUser('ana@example.com')).toMatchObject({ ms_id: `${TENANT}:${oid}`, approval_status: 'approved' });

      // The same employee cannot approve a second account: that one waits for an admin.
      await connection.db!.collection('data_lake_serving').updateOne({ serving_id: '12' }, { $push: { emails: 'ana.other@example.com' } as never });
      const second = await complete({ access_token: await token({ preferred_username: 'ana.other@example.com' }) });
      expect(second.json().code).toBe('APPROVAL_PENDING');
      expect(await storedUser('ana.other@example.com')).toMatchObject({ approval_status: 'pending', odoo_matched: false });
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
