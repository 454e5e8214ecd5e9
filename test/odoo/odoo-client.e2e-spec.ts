import { ConfigService } from '@nestjs/config';
import { validateEnvironment, type EnvironmentVariables } from '../../src/config/environment.js';
import { MetricsService } from '../../src/metrics/metrics.service.js';
import { OdooClient } from '../../src/odoo/odoo.client.js';
import { OdooClientFactory } from '../../src/odoo/odoo-client.factory.js';
import {
  OdooAuthenticationError,
  OdooDatabaseNotFoundError,
  OdooMissingModelError,
  OdooUnavailableError,
  OdooValidationError,
} from '../../src/odoo/odoo.errors.js';
import type { OdooClientOptions, OdooConnection } from '../../src/odoo/odoo.types.js';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import { connectionTo, startFakeOdoo } from '../support/fake-odoo.js';

const FAST: OdooClientOptions = { timeoutMs: 5_000, retries: 3, retryDelayMs: 10, maxConcurrency: 4 };

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe.each([
  ['17.0', 'json-rpc'],
  ['19.0', 'json-2'],
] as const)('OdooClient against Odoo %s', (version, protocol) => {
  let fake: FakeOdooServer;
  let client: OdooClient;

  beforeAll(async () => {
    fake = await startFakeOdoo({ version, leads: 3000 });
    client = new OdooClient(connectionTo(fake), FAST);
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.clearFaults();
    fake.resetCalls();
  });

  const clientWith = (overrides: Partial<OdooConnection>, options: Partial<OdooClientOptions> = {}) =>
    new OdooClient(connectionTo(fake, overrides), { ...FAST, ...options });

  it(`detects the protocol (${protocol}), reads the version and authenticates`, async () => {
    expect(await client.protocol()).toBe(protocol);
    expect((await client.version()).server_version).toMatch(new RegExp(`^${version.split('.')[0]}`));
    expect(await client.authenticate()).toBe(fake.uid);
  });

  it('searches, counts and reads with domains, order, limit, offset and context', async () => {
    const open = await client.searchRead('crm.lead', [['type', '=', 'opportunity'], ['probability', '>', 50]], {
      fields: ['name', 'probability', 'partner_id'],
      order: 'probability desc, id asc',
      limit: 20,
    });
    expect(open.length).toBe(20);
    expect(open.every((lead) => (lead.probability as number) > 50)).toBe(true);
    expect(open.map((lead) => lead.probability)).toEqual([...open.map((lead) => lead.probability)].sort((a, b) => (b as number) - (a as number)));
    expect(Array.isArray(open[0].partner_id) || open[0].partner_id === false).toBe(true);

    const active = await client.searchCount('crm.lead', []);
    const all = await client.searchCount('crm.lead', [], { active_test: false });
    expect(all).toBe(fake.records('crm.lead').length);
    expect(active).toBe(fake.records('crm.lead').filter((lead) => lead.active).length);
    expect(all).toBeGreaterThan(active);

    const ids = await client.search('crm.lead', [], { order: 'id asc', limit: 5, offset: 10 });
    expect(ids).toHaveLength(5);
    const [first] = await client.read('crm.lead', [ids[0]], ['name']);
    expect(first).toEqual({ id: ids[0], name: fake.record('crm.lead', ids[0])!.name });
  });

  it('creates a record', async () => {
    const id = await client.create('res.partner', { name: 'New Customer SA', is_company: true });
    expect(fake.record('res.partner', id)?.name).toBe('New Customer SA');
  });

  it('describes fields with fields_get', async () => {
    const fields = await client.fieldsGet('crm.lead');
    expect(fields.partner_id).toMatchObject({ type: 'many2one', relation: 'res.partner' });
    expect(fields.expected_revenue.type).toBe('monetary');
  });

  it('pages a model in keyset order, every record exactly once, archived included', async () => {
    const seen: number[] = [];
    for await (const page of client.pages('crm.lead', { fields: ['name'], pageSize: 500, context: { active_test: false } })) {
      expect(page.records.length).toBeLessThanOrEqual(500);
      seen.push(...page.records.map((record) => record.id));
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(fake.records('crm.lead').length);
  });

  it('maps Odoo errors to typed errors', async () => {
    expect(await caught(client.searchRead('no.such.model', []))).toBeInstanceOf(OdooMissingModelError);
    expect(await caught(client.searchRead('crm.lead', [['no_such_field', '=', 1]]))).toBeInstanceOf(OdooValidationError);
    expect(await caught(clientWith({ database: 'nope' }).authenticate())).toBeInstanceOf(OdooDatabaseNotFoundError);
  });

  it('does not retry refused credentials, and never shows the key in an error', async () => {
    fake.resetCalls();
    const error = await caught(clientWith({ secret: 'wrong-key-123' }, { retries: 5 }).searchCount('crm.lead', []));
    expect(error).toBeInstanceOf(OdooAuthenticationError);
    expect(fake.calls()).toBeLessThanOrEqual(2);
    expect(`${error.message} ${error.stack}`).not.toContain('wrong-key-123');
    expect(`${error.message} ${error.stack}`).not.toContain(fake.apiKey);
  });

  it.each(['html', 'error', 'truncate', 'reset'] as const)('retries a %s failure and then succeeds', async (kind) => {
    await client.authenticate();
    fake.resetCalls();
    fake.failNext(2, kind);
    expect(await client.searchCount('crm.lead', [])).toBeGreaterThan(0);
    expect(fake.calls()).toBe(3);
  });

  it('gives up after its retries with an unavailable error', async () => {
    fake.setFaults({ htmlErrorRate: 1 });
    const error = await caught(clientWith({}, { retries: 2 }).searchCount('crm.lead', []));
    expect(error).toBeInstanceOf(OdooUnavailableError);
    expect(error.message).toMatch(/not JSON|HTTP 502/);
  });

  it('times out a request that never answers', async () => {
    fake.setFaults({ hangRate: 1 });
    const started = performance.now();
    const error = await caught(clientWith({}, { timeoutMs: 300, retries: 0 }).searchCount('crm.lead', []));
    expect(error).toBeInstanceOf(OdooUnavailableError);
    expect(error.message).toContain('no answer within 300 ms');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('authenticates once for many calls, and once more only when Odoo refuses the session', async () => {
    const fresh = clientWith({});
    await Promise.all([fresh.searchCount('crm.lead', []), fresh.search('res.partner', [], { limit: 3 }), fresh.uid()]);
    await fresh.with({ retries: 0 }).read('crm.lead', [1], ['name']);
    const authentications = () => (protocol === 'json-rpc' ? fake.calls('common', 'authenticate') : fake.calls('res.users', 'context_get'));
    expect(authentications()).toBe(1);

    fake.failNext(1, 'auth', { model: 'crm.lead' });
    expect(await fresh.searchCount('crm.lead', [])).toBeGreaterThan(0);
    expect(authentications()).toBe(2);

    fake.failNext(2, 'auth', { model: 'crm.lead' });
    expect(await caught(fresh.searchCount('crm.lead', []))).toBeInstanceOf(OdooAuthenticationError);
    expect(authentications()).toBe(3);
  });

  it('keeps at most maxConcurrency requests in flight', async () => {
    const capped = clientWith({}, { maxConcurrency: 2 });
    await capped.authenticate();
    fake.setFaults({ latencyMs: 200 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 6 }, () => capped.searchCount('res.partner', [])));
    // Six calls of 200 ms, two at a time, take at least three rounds.
    expect(performance.now() - started).toBeGreaterThanOrEqual(580);
  });

  it('shares one client per connection, under one cap of requests in flight for the whole instance', async () => {
    const environment = validateEnvironment({ ...process.env, ODOO_RETRIES: '0', ODOO_MAX_CONCURRENCY: '2' });
    const factory = new OdooClientFactory(new ConfigService<EnvironmentVariables, true>(environment), new MetricsService());
    const shared = factory.shared(connectionTo(fake));
    expect(factory.shared(connectionTo(fake))).toBe(shared);
    expect(factory.shared(connectionTo(fake, { secret: 'a renewed key' }))).not.toBe(shared);

    const other = factory.create(connectionTo(fake));
    await Promise.all([shared.uid(), other.uid()]);
    fake.setFaults({ latencyMs: 200 });
    const started = performance.now();
    await Promise.all([shared, other, shared.with({ retries: 1 })].flatMap((odoo) => [odoo.searchCount('res.partner', []), odoo.searchCount('crm.lead', [])]));
    // Six calls of 200 ms from three clients, two at a time across them all, take at least three rounds.
    expect(performance.now() - started).toBeGreaterThanOrEqual(580);
  });
});

describe('keyset paging where write_date has microseconds, as in PostgreSQL', () => {
  let fake: FakeOdooServer;
  let client: OdooClient;

  beforeAll(async () => {
    fake = await startFakeOdoo({ leads: 600, subSecondWriteDates: true });
    client = new OdooClient(connectionTo(fake), FAST);
  });
  afterAll(() => fake.stop());

  async function pageAll(after?: { writeDate: string; id: number }) {
    const ids: number[] = [];
    let pages = 0;
    for await (const page of client.pages('crm.lead', { fields: ['name'], pageSize: 50, after, context: { active_test: false } })) {
      ids.push(...page.records.map((record) => record.id));
      if (++pages > 200) throw new Error('paging does not end');
    }
    return ids;
  }

  it('reads a mass edit that stamped hundreds of records with one instant, each exactly once', async () => {
    const start = fake.now();
    fake.setTime(new Date(Date.now() + 3_600_000), { frozen: true });
    const edited = fake.records('crm.lead').slice(0, 230).map((lead) => lead.id);
    for (const id of edited) fake.update('crm.lead', id, { priority: '2' });
    const ids = await pageAll({ writeDate: start, id: 0 });
    expect(ids.sort((a, b) => a - b)).toEqual([...edited].sort((a, b) => a - b));
  });

  it('misses nothing when records of one second were written in the opposite order of their ids', async () => {
    fake.setTime(new Date(Date.now() + 7_200_000));
    const start = fake.now();
    const edited = fake.records('crm.lead').slice(100, 220).map((lead) => lead.id).reverse();
    for (const id of edited) fake.update('crm.lead', id, { priority: '3' });
    const ids = await pageAll({ writeDate: start, id: 0 });
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort((a, b) => a - b)).toEqual([...edited].sort((a, b) => a - b));
  });

  it('pages the whole model once from the start', async () => {
    const ids = await pageAll();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(fake.records('crm.lead').length);
  });
});
