import { randomBytes, randomUUID } from 'node:crypto';
import { Logger, type LoggerService } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Collection, Connection } from 'mongoose';
import { AuditService, type AuditEventInput } from '../../src/audit/audit.service.js';
import type { AuthenticatedUser } from '../../src/common/auth/authenticated-user.js';
import { SyncRunner } from '../../src/sync/sync-runner.service.js';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import { expectError } from '../security/security-support.js';
import { startFakeOdoo } from '../support/fake-odoo.js';
import { registerSecret } from '../support/secret-scan.js';
import { configureOdoo } from '../support/sync.js';
import { bearer, createAdmin, createSuperAdmin, createUser } from '../support/users.js';

type Headers = Record<string, string>;

/** Every line the app logs through Nest's Logger, with its level and context. */
class CapturedLog implements LoggerService {
  readonly lines: { level: string; message: string; context: unknown }[] = [];
  log = (message: unknown, context?: unknown) => this.add('log', message, context);
  error = (message: unknown, ...rest: unknown[]) => this.add('error', message, rest.at(-1));
  warn = (message: unknown, context?: unknown) => this.add('warn', message, context);
  debug = (message: unknown, context?: unknown) => this.add('debug', message, context);
  verbose = (message: unknown, context?: unknown) => this.add('verbose', message, context);
  fatal = (message: unknown, context?: unknown) => this.add('fatal', message, context);

  private add(level: string, message: unknown, context: unknown): void {
    this.lines.push({ level, message: String(message), context });
  }

  /** The audit trail's lines that mention `text`. */
  audit(text: string) {
    return this.lines.filter((line) => line.context === 'Audit' && line.message.includes(text));
  }
}

describe('the audit trail', () => {
  let app: NestFastifyApplication;
  let fake: FakeOdooServer;
  let admin: AuthenticatedUser;
  let adminAuth: Headers;
  let rep: AuthenticatedUser;
  let repAuth: Headers;
  let events: Collection;
  const log = new CapturedLog();

  beforeAll(async () => {
    const { createTestApp } = await import('../support/test-app.js');
    fake = await startFakeOdoo({ leads: 10 });
    app = await createTestApp();
    Logger.overrideLogger(log);
    admin = await createAdmin(app, { email: 'Audit.Admin@example.com' });
    adminAuth = await bearer(app, admin);
    rep = await createUser(app);
    repAuth = await bearer(app, rep);
    events = app.get<Connection>(getConnectionToken()).db!.collection('audit_events') as unknown as Collection;
    await configureOdoo(app, await bearer(app, await createSuperAdmin(app)), fake);
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await fake.stop();
  });

  const list = (query: string, headers: Headers = adminAuth) => app.inject({ method: 'GET', url: `/api/audit-events${query}`, headers });

  async function trigger(headers: Headers = {}, remoteAddress = '203.0.113.7') {
    const res = await app.inject({
      method: 'POST',
      url: '/api/integrations/odoo/sync/trigger',
      headers: { ...adminAuth, ...headers },
      payload: { entities: ['opportunity'] },
      remoteAddress,
    });
    await app.get(SyncRunner).idle();
    return res;
  }

  /** Events recorded through the real service, a few milliseconds apart so that their order is certain. */
  async function record(inputs: AuditEventInput[]): Promise<void> {
    for (const input of inputs) {
      await app.get(AuditService).record(input);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  describe('a sync trigger', () => {
    it('is recorded with its actor, client address, request id and options, and answered as before', async () => {
      const res = await trigger({ 'x-forwarded-for': '198.51.100.9' });
      expect(res.statusCode).toBe(202);
      const requestId = res.headers['x-request-id'] as string;
      expect(requestId).toMatch(/^[\w-]{36}$/);

      const page = (await list(`?request_id=${requestId}`)).json();
      expect(page).toMatchObject({ total: 1, page: 1, page_size: 50 });
      expect(page.items[0]).toEqual({
        id: expect.stringMatching(/^[\w-]{36}$/),
        occurred_at: expect.any(String),
        action: 'sync.triggered',
        outcome: 'success',
        actor: { id: admin.id, email: 'audit.admin@example.com' },
        target: { type: 'sync', id: res.json().sync_id },
        // The socket's address: with TRUST_PROXY_HOPS=0 a client cannot choose its own with X-Forwarded-For.
        client_ip: '203.0.113.7',
        request_id: requestId,
        details: { entities: ['opportunity'], full_resync: false, force_deletions: false },
      });
      expect(Math.abs(Date.parse(page.items[0].occurred_at) - Date.now())).toBeLessThan(10_000);
    });

    it('keeps the caller\'s own x-request-id, as the response and error bodies do', async () => {
      const res = await trigger({ 'x-request-id': 'frontend-trace.42' });
      expect(res.headers['x-request-id']).toBe('frontend-trace.42');
      expect((await list('?request_id=frontend-trace.42')).json().items).toEqual([
        expect.objectContaining({ action: 'sync.triggered', request_id: 'frontend-trace.42', target: { type: 'sync', id: res.json().sync_id } }),
      ]);
    });

    it('writes one log line per event, in context Audit, with what the stored event holds', async () => {
      const res = await trigger({ 'x-request-id': 'one-line-check' });
      const lines = log.audit('one-line-check');
      expect(lines).toEqual([{ level: 'log', context: 'Audit', message: expect.stringMatching(/^sync\.triggered success /) }]);
      expect(lines[0].message).toContain(admin.id);
      expect(lines[0].message).toContain(res.json().sync_id);
      expect(lines[0].message).toContain('"203.0.113.7"');
      // Three more events, three more lines: never two for one event.
      const before = log.lines.filter((line) => line.context === 'Audit').length;
      await record([
        { action: 'login.failed', outcome: 'failure', actor: null, details: { email: 'x@example.com', reason: 'wrong_password' } },
        { action: 'user.created', outcome: 'success', actor: admin, target: { type: 'user', id: rep.id } },
        { action: 'login.locked', outcome: 'denied', actor: null, details: { email: 'x@example.com', retry_after_seconds: 60 } },
      ]);
      const added = log.lines.filter((line) => line.context === 'Audit').slice(before);
      expect(added.map((line) => [line.level, line.message.split(' ').slice(0, 2).join(' ')])).toEqual([
        ['warn', 'login.failed failure'],
        ['log', 'user.created success'],
        ['warn', 'login.locked denied'],
      ]);
    });

    it('never fails the request when the event cannot be stored, and logs it instead', async () => {
      // A real refusal by the database: a unique index the second event with the same request id breaks.
      const index = await events.createIndex({ request_id: 1, action: 1 }, { unique: true, name: 'test_unique_request' });
      try {
        const first = await trigger({ 'x-request-id': 'stored-once' });
        const second = await trigger({ 'x-request-id': 'stored-once' });
        expect([first.statusCode, second.statusCode]).toEqual([202, 202]);
        expect(second.json().sync_id).not.toBe(first.json().sync_id);
        expect(await events.countDocuments({ request_id: 'stored-once' })).toBe(1);
        const lines = log.audit('stored-once');
        expect(lines.map((line) => line.level)).toEqual(['log', 'error']);
        expect(lines[1].message).toMatch(new RegExp(`^sync\\.triggered success .*${second.json().sync_id}.* NOT STORED: .*duplicate key`, 's'));
      } finally {
        await events.dropIndex(index);
      }
    });
  });

  describe('GET /api/audit-events', () => {
    const actorA = { id: randomUUID(), email: 'Ana@Example.com' };
    const actorB = { id: randomUUID(), email: 'bob@example.com' };
    const userX = randomUUID();
    let times: string[];

    beforeAll(async () => {
      await record([
        { action: 'user.created', outcome: 'success', actor: actorA, target: { type: 'user', id: userX }, client_ip: '10.1.0.1', request_id: 'r-1' },
        { action: 'user.role_changed', outcome: 'success', actor: actorA, target: { type: 'user', id: userX }, details: { role: 'admin', previous_role: 'user' } },
        { action: 'user.role_changed', outcome: 'denied', actor: actorB, target: { type: 'user', id: userX }, details: { code: 'SUPER_ADMIN_REQUIRED' } },
        { action: 'integration.configured', outcome: 'success', actor: actorB, target: { type: 'integration', id: 'odoo' } },
        { action: 'user.deactivated', outcome: 'success', actor: actorA, target: { type: 'user', id: userX } },
      ]);
      const all = (await list(`?target_id=${userX}`)).json().items as { occurred_at: string }[];
      times = all.map((event) => event.occurred_at).reverse();
    });

    const actions = async (query: string) => (await list(query)).json().items.map((event: { action: string }) => event.action);

    it('lists newest first, paginated', async () => {
      const first = (await list(`?actor_id=${actorA.id}&page_size=2`)).json();
      expect(first).toMatchObject({ total: 3, page: 1, page_size: 2 });
      expect(first.items.map((event: { action: string }) => event.action)).toEqual(['user.deactivated', 'user.role_changed']);
      const second = (await list(`?actor_id=${actorA.id}&page_size=2&page=2`)).json();
      expect(second).toMatchObject({ total: 3, page: 2, page_size: 2 });
      expect(second.items.map((event: { action: string }) => event.action)).toEqual(['user.created']);
      expect(second.items[0]).toMatchObject({ client_ip: '10.1.0.1', request_id: 'r-1', details: {} });
      expect((await list(`?actor_id=${actorA.id}&page=3&page_size=2`)).json()).toMatchObject({ items: [], total: 3 });
      // With no filter, the whole trail, newest first.
      const everything = (await list('?page_size=200')).json();
      expect(everything.total).toBe(everything.items.length);
      const stamps = everything.items.map((event: { occurred_at: string }) => Date.parse(event.occurred_at));
      expect(stamps).toEqual([...stamps].sort((a, b) => b - a));
    });

    it('filters by action, outcome, actor, target and time', async () => {
      expect(await actions(`?target_id=${userX}&action=user.role_changed`)).toEqual(['user.role_changed', 'user.role_changed']);
      expect(await actions(`?target_id=${userX}&outcome=denied`)).toEqual(['user.role_changed']);
      expect(await actions(`?actor_email=ANA@example.COM`)).toEqual(['user.deactivated', 'user.role_changed', 'user.created']);
      expect(await actions(`?actor_id=${actorB.id}&target_type=integration`)).toEqual(['integration.configured']);
      expect(await actions(`?target_type=integration&target_id=odoo&actor_id=${actorB.id}`)).toEqual(['integration.configured']);
      expect(await actions(`?target_id=${userX}&from=${times[1]}&to=${times[2]}`)).toEqual(['user.role_changed', 'user.role_changed']);
      expect(await actions(`?target_id=${userX}&from=${times[3]}`)).toEqual(['user.deactivated']);
      expect(await actions(`?target_id=${userX}&to=${times[0]}`)).toEqual(['user.created']);
      expect(await actions(`?target_id=${userX}&from=2000-01-01&to=2000-12-31`)).toEqual([]);
      expect(await actions(`?actor_id=${randomUUID()}`)).toEqual([]);
    });

    it.each([
      ['an unknown action', 'action=user.deleted', 'VALIDATION_FAILED'],
      ['an unknown outcome', 'outcome=maybe', 'VALIDATION_FAILED'],
      ['an actor id that is no uuid', 'actor_id=admin', 'VALIDATION_FAILED'],
      ['an actor email that is no email', 'actor_email=ana', 'VALIDATION_FAILED'],
      ['an unknown target type', 'target_type=opportunity', 'VALIDATION_FAILED'],
      ['an operator for the target id', `target_id=${encodeURIComponent('{"$ne":null}')}`, 'VALIDATION_FAILED'],
      ['an operator in brackets', 'actor_id[$ne]=x', 'VALIDATION_FAILED'],
      ['a date that does not exist', 'from=2026-02-30', 'VALIDATION_FAILED'],
      ['a time without its offset', 'from=2026-11-01T08:00:00', 'VALIDATION_FAILED'],
      ['a time range upside down', 'from=2026-11-02&to=2026-11-01', 'INVALID_RANGE'],
      ['a page too large', 'page_size=500', 'VALIDATION_FAILED'],
      ['an unknown filter', 'secret=1', 'VALIDATION_FAILED'],
    ])('answers 400 to %s', async (_label, query, code) => {
      expect(expectError(await list(`?${query}`), 400, query).code).toBe(code);
    });

    it('is for admins only', async () => {
      expect(expectError(await list('', repAuth), 403).code).toBe('FORBIDDEN');
      expect(expectError(await list('', {}), 401).code).toBe('UNAUTHORIZED');
    });
  });

  describe('details', () => {
    const PASSWORD = `pw-${randomBytes(8).toString('hex')}`;
    const API_KEY = `key-${randomBytes(12).toString('hex')}`;
    const JWT = `eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IjEyMzQ1Njc4OSJ9.${randomBytes(16).toString('base64url')}`;
    const HASH = `$argon2id$v=19$m=19456,t=2,p=1$${randomBytes(16).toString('base64')}`;
    const URL_SECRET = `pass${randomBytes(6).toString('hex')}`;

    it('keep only allowed, non-secret facts: no password, hash, token or key is stored, logged or answered', async () => {
      for (const secret of [PASSWORD, API_KEY, JWT, HASH, URL_SECRET]) registerSecret(secret);
      const target = randomUUID();
      const careless = {
        email: 'ana@example.com',
        password: PASSWORD,
        new_password: PASSWORD,
        api_key: API_KEY,
        access_token: JWT,
        password_hash: HASH,
        ms_access_token: JWT,
        // Allowed keys, secret values: a caller that put a token or hash under an innocent name.
        reason: JWT,
        name: HASH,
        username: `Bearer ${API_KEY}`,
        // Credentials longer than what is kept of a text: removed before it is cut short, not half left.
        url: `https://${'admin'.repeat(50)}:${URL_SECRET}@odoo.example.com/web`,
        // Nested objects could hide anything: refused whatever their key.
        database: { password: PASSWORD } as unknown as string,
      };
      await record([{ action: 'user.created', outcome: 'success', actor: admin, target: { type: 'user', id: target }, details: careless }]);

      const stored = await events.findOne({ target_id: target }, { projection: { _id: 0 } });
      expect(stored?.details).toEqual({
        email: 'ana@example.com',
        reason: '[redacted]',
        name: '[redacted]',
        username: '[redacted]',
        url: 'https://odoo.example.com/web',
      });
      const answered = (await list(`?target_id=${target}`)).json().items[0];
      expect(answered.details).toEqual(stored?.details);
      const [line] = log.audit(target);
      for (const secret of [PASSWORD, API_KEY, JWT, HASH, URL_SECRET]) {
        expect(JSON.stringify(stored)).not.toContain(secret);
        expect(line.message).not.toContain(secret);
      }
      // The log names the keys it dropped, so whoever wired the event sees it.
      expect(line.message).toContain('dropped_detail_keys=["password","new_password","api_key","access_token","password_hash","ms_access_token","database"]');
    });

    it('cannot forge a second log line or bloat the trail with crafted text', async () => {
      const target = randomUUID();
      const forged = `x@example.com\n[Nest] 1 - LOG [Audit] login.succeeded success actor="${admin.id}"`;
      await record([{ action: 'login.failed', outcome: 'failure', actor: null, target: { type: 'user', id: target }, details: { email: forged, reason: 'r'.repeat(5000) } }]);
      const [line] = log.audit(target);
      expect(line.message).not.toContain('\n');
      const [event] = (await list(`?target_id=${target}`)).json().items;
      expect(event.actor).toBeNull();
      expect(event.details.reason).toHaveLength(200);
    });
  });

  describe('behind a proxy', () => {
    it('takes the forwarded client address from a trusted proxy when TRUST_PROXY_HOPS says there is one', async () => {
      // Last in this file: closing a second app here ends the database connection the first one uses too.
      const { createTestApp } = await import('../support/test-app.js');
      const proxied = await createTestApp({}, { TRUST_PROXY_HOPS: '1' });
      try {
        const res = await proxied.inject({
          method: 'POST',
          url: '/api/integrations/odoo/sync/trigger',
          headers: { ...adminAuth, 'x-forwarded-for': '198.51.100.9' },
          payload: { entities: ['user'] },
          remoteAddress: '10.0.0.2',
        });
        expect(res.statusCode).toBe(202);
        await proxied.get(SyncRunner).idle();
        const [event] = (await list(`?request_id=${res.headers['x-request-id'] as string}`)).json().items;
        expect(event.client_ip).toBe('198.51.100.9');
      } finally {
        await proxied.close();
      }
    });
  });
});
