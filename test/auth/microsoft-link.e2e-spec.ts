import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SignJWT } from 'jose';
import type { Connection } from 'mongoose';
import type { AuthenticatedUser } from '../../src/common/auth/authenticated-user.js';
import { GRAPH_APP_ID, type ClaimOverrides, type FakeEntraId, type MintOptions } from '../fakes/fake-entra-id.js';
import { CLIENT_ID, OTHER_TENANT, startFakeEntraId, TENANT } from '../support/entra-id.js';
import { registerSecret } from '../support/secret-scan.js';
import { bearer, createUser, PASSWORD } from '../support/users.js';

const ERROR_SHAPE = { status: expect.any(Number), code: expect.any(String), message: expect.any(String), request_id: expect.any(String) };

/** Linking a Microsoft account to an existing one, at its owner's request: `POST` and `DELETE /api/auth/microsoft/link`. */
describe('Microsoft account linking (/api/auth/microsoft/link)', () => {
  let fake: FakeEntraId;
  let app: NestFastifyApplication;
  let connection: Connection;
  let oids = 0;

  beforeAll(async () => {
    registerSecret(PASSWORD);
    fake = await startFakeEntraId({ MS_AUTO_APPROVE_ODOO_MATCH: 'false' });
    const { createTestApp } = await import('../support/test-app.js');
    app = await createTestApp();
    connection = app.get<Connection>(getConnectionToken());
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await fake?.stop();
  });

  const newOid = () => `00000000-0000-4000-9000-${String(++oids).padStart(12, '0')}`;
  const token = (claims: ClaimOverrides & { oid: string }, options: Partial<MintOptions> = {}) =>
    fake.accessToken({ tenantId: TENANT, audience: CLIENT_ID, ...options, claims: { preferred_username: `${claims.oid}@example.com`, ...claims } });

  const link = async (user: AuthenticatedUser, payload: object) =>
    app.inject({ method: 'POST', url: '/api/auth/microsoft/link', headers: await bearer(app, user), payload });
  const unlink = async (user: AuthenticatedUser) =>
    app.inject({ method: 'DELETE', url: '/api/auth/microsoft/link', headers: await bearer(app, user) });
  const complete = async (oid: string, claims: ClaimOverrides = {}) =>
    app.inject({ method: 'POST', url: '/api/auth/microsoft/complete', payload: { access_token: await token({ oid, ...claims }) } });
  const stored = (filter: object) => connection.db!.collection('users').findOne(filter, { projection: { _id: 0 } });
  const holders = (oid: string) => connection.db!.collection('users').find({ ms_tenant_id: TENANT, ms_id: oid }).toArray();

  it('links the caller\'s account, after which Microsoft signs them in to it whatever the token\'s email', async () => {
    const local = await createUser(app, { email: 'linda@example.com', name: 'Linda' });
    const oid = newOid();
    const res = await link(local, { access_token: await token({ oid, preferred_username: 'linda.ms@example.com' }), password: PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: local.id, email: 'linda@example.com', auth_provider: 'local', microsoft_linked: true });
    expect(await stored({ id: local.id })).toMatchObject({ ms_tenant_id: TENANT, ms_id: oid, email: 'linda@example.com' });

    const signIn = await complete(oid, { preferred_username: 'someone.else@example.com' });
    expect(signIn.statusCode).toBe(200);
    expect(signIn.json().user).toMatchObject({ id: local.id, email: 'linda@example.com' });
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${signIn.json().access_token}` } });
    expect(me.json()).toMatchObject({ id: local.id });

    // Asking again changes nothing.
    const again = await link(local, { access_token: await token({ oid }), password: PASSWORD });
    expect(again.statusCode).toBe(200);
    expect(await holders(oid)).toHaveLength(1);

    // Both the link and the sign-in are in the audit trail, under the Microsoft identity.
    const audited = (action: string) => connection.db!.collection('audit_events').find({ action, actor_id: local.id }).toArray();
    expect(await audited('microsoft.linked')).toContainEqual(
      expect.objectContaining({ outcome: 'success', target_id: local.id, details: { ms_id: `${TENANT}:${oid}` } }),
    );
    expect(await audited('microsoft.signed_in')).toContainEqual(
      expect.objectContaining({ outcome: 'success', request_id: signIn.headers['x-request-id'], details: expect.objectContaining({ ms_id: `${TENANT}:${oid}` }) }),
    );
  });

  it('records a sign-in refused while the new account waits for approval', async () => {
    const oid = newOid();
    const res = await complete(oid);
    expect(res.json().code).toBe('APPROVAL_PENDING');
    const [pending] = await holders(oid);
    const events = await connection.db!.collection('audit_events').find({ action: 'microsoft.signed_in', actor_id: pending.id }).toArray();
    expect(events).toEqual([expect.objectContaining({ outcome: 'denied', details: expect.objectContaining({ code: 'APPROVAL_PENDING', approval_status: 'pending' }) })]);
  });

  it('refuses a caller without a valid bearer token of ours (401), and links nothing', async () => {
    const oid = newOid();
    const msToken = await token({ oid });
    const forged = await new SignJWT({ id: (await createUser(app)).id, email: 'x@example.com', role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-our-secret-but-long-enough-to-sign'));
    for (const authorization of [undefined, 'Bearer not-a-jwt', `Bearer ${forged}`, `Bearer ${msToken}`]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/microsoft/link',
        headers: authorization ? { authorization } : {},
        payload: { access_token: msToken, password: PASSWORD },
      });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ ...ERROR_SHAPE, status: 401, code: 'UNAUTHORIZED' });
    }
    expect(await holders(oid)).toHaveLength(0);
  });

  it('refuses a wrong password (403), counted as failed logins: 429 past the limit, even with the right one', async () => {
    const local = await createUser(app);
    const oid = newOid();
    for (let attempt = 1; attempt <= 5; attempt++) {
      const res = await link(local, { access_token: await token({ oid }), password: `${PASSWORD} but wrong` });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({ ...ERROR_SHAPE, status: 403, code: 'INVALID_PASSWORD' });
    }
    const limited = await link(local, { access_token: await token({ oid }), password: PASSWORD });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(await holders(oid)).toHaveLength(0);
  });

  it('refuses a Microsoft account linked to another account (409), and changes neither', async () => {
    const oid = newOid();
    const owner = await createUser(app, { ms_tenant_id: TENANT, ms_id: oid });
    const approvedByMicrosoft = newOid();
    await complete(approvedByMicrosoft);
    await connection.db!.collection('users').updateOne({ ms_id: approvedByMicrosoft }, { $set: { approval_status: 'approved' } });
    const rejectedByAdmin = newOid();
    await complete(rejectedByAdmin);
    await connection.db!.collection('users').updateOne({ ms_id: rejectedByAdmin }, { $set: { approval_status: 'rejected' } });

    const caller = await createUser(app);
    for (const taken of [oid, approvedByMicrosoft, rejectedByAdmin]) {
      const before = await stored({ ms_id: taken });
      const res = await link(caller, { access_token: await token({ oid: taken }), password: PASSWORD });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toEqual({ ...ERROR_SHAPE, status: 409, code: 'MICROSOFT_IDENTITY_TAKEN' });
      expect(await stored({ ms_id: taken })).toEqual(before);
    }
    expect(await stored({ id: caller.id })).not.toHaveProperty('ms_id');
    expect((await complete(oid)).json().user.id).toBe(owner.id);
  });

  it('replaces the untouched pending account that the identity\'s own first sign-in created', async () => {
    const oid = newOid();
    const local = await createUser(app, { email: 'paula@example.com' });
    // Signing in with Microsoft first, with the same email: a new pending account, not this one.
    expect((await complete(oid, { preferred_username: 'paula@example.com' })).json().code).toBe('APPROVAL_PENDING');
    const pending = (await holders(oid))[0];
    expect(pending).toMatchObject({ email: `paula@example.com.${oid}.invalid`, approval_status: 'pending' });

    const res = await link(local, { access_token: await token({ oid }), password: PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(await holders(oid)).toEqual([expect.objectContaining({ id: local.id })]);
    expect(await stored({ id: pending.id })).toBeNull();
    expect((await complete(oid)).json().user.id).toBe(local.id);
  });

  it('refuses a second Microsoft account for an account already linked (409)', async () => {
    const local = await createUser(app, { ms_tenant_id: TENANT, ms_id: newOid() });
    const other = newOid();
    const res = await link(local, { access_token: await token({ oid: other }), password: PASSWORD });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({ ...ERROR_SHAPE, status: 409, code: 'MICROSOFT_ALREADY_LINKED' });
    expect(await holders(other)).toHaveLength(0);
  });

  it('answers 400 to a Microsoft token it does not accept and to a malformed body', async () => {
    const local = await createUser(app);
    const oid = newOid();
    const rejected = [
      await token({ oid }, { tenantId: OTHER_TENANT }),
      await token({ oid, aud: GRAPH_APP_ID }),
      await token({ oid, scp: 'User.Read' }),
      await fake.idToken({ tenantId: TENANT, audience: CLIENT_ID }),
      'not-a-jwt',
    ];
    for (const access_token of rejected) {
      const res = await link(local, { access_token, password: PASSWORD });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ ...ERROR_SHAPE, status: 400, code: 'MICROSOFT_TOKEN_INVALID' });
    }
    const msToken = await token({ oid });
    for (const payload of [{ access_token: msToken }, { password: PASSWORD }, { access_token: msToken, password: PASSWORD, ms_id: oid }, {}]) {
      const res = await link(local, payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    expect(await holders(oid)).toHaveLength(0);
    expect(await stored({ id: local.id })).not.toHaveProperty('ms_id');
  });

  it('unlinks (204): the identity\'s next sign-in is a new pending account, not this one', async () => {
    const oid = newOid();
    const local = await createUser(app, { ms_tenant_id: TENANT, ms_id: oid });
    expect((await complete(oid)).json().user.id).toBe(local.id);

    const res = await unlink(local);
    expect(res.statusCode).toBe(204);
    const after = await stored({ id: local.id });
    expect(after).not.toHaveProperty('ms_id');
    expect(after).not.toHaveProperty('ms_tenant_id');
    expect((await unlink(local)).statusCode).toBe(204);
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: await bearer(app, local) });
    expect(me.json()).toMatchObject({ id: local.id, microsoft_linked: false });

    expect((await complete(oid)).json().code).toBe('APPROVAL_PENDING');
    expect((await holders(oid)).map((user) => user.id)).not.toContain(local.id);
  });

  it('does not unlink an account that has no password: Microsoft is its only way in (409)', async () => {
    const oid = newOid();
    const microsoftOnly = await createUser(app, { password_hash: '', auth_provider: 'microsoft', ms_tenant_id: TENANT, ms_id: oid });
    const res = await unlink(microsoftOnly);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({ ...ERROR_SHAPE, status: 409, code: 'MICROSOFT_ONLY_ACCOUNT' });
    expect((await complete(oid)).json().user.id).toBe(microsoftOnly.id);
  });
});
