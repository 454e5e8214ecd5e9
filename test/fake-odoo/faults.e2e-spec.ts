import { FakeOdooServer } from './fake-odoo-server.js';
import { executeKw, json2, jsonRpc } from './odoo-test-client.js';

describe('fault knobs and call counters', () => {
  let server: FakeOdooServer;

  beforeAll(async () => {
    server = await FakeOdooServer.start({ version: '19.0', faultSeed: 42 });
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    server.clearFaults();
    server.resetCalls();
  });

  const searchCount = () => executeKw(server, 'crm.stage', 'search_count', [[]]);

  it('adds latency to every answer', async () => {
    server.setFaults({ latencyMs: 150 });
    const started = performance.now();
    expect((await searchCount()).body.result).toBe(4);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    server.setFaults({ latencyMs: [20, 40] });
    const again = performance.now();
    await searchCount();
    expect(performance.now() - again).toBeGreaterThanOrEqual(15);
  });

  it("errorRate: Odoo's answer to a dropped database connection (JSON-RPC envelope, JSON-2 500)", async () => {
    server.setFaults({ errorRate: 1 });
    const rpc = await searchCount();
    expect(rpc.status).toBe(200);
    expect(rpc.body.error.data).toMatchObject({
      name: 'psycopg2.OperationalError',
      message: expect.stringMatching(/^server closed the connection unexpectedly/),
    });
    const modern = await json2(server, 'crm.stage', 'search_count', { domain: [] });
    expect([modern.status, modern.body.name]).toEqual([500, 'psycopg2.OperationalError']);
    server.setFaults({ errorRate: 0 });
    expect((await searchCount()).body.result).toBe(4);
  });

  it("htmlErrorRate: a proxy's 502 text/html page", async () => {
    server.setFaults({ htmlErrorRate: 1 });
    const answer = await searchCount();
    expect(answer.status).toBe(502);
    expect(answer.contentType).toBe('text/html');
    expect(answer.text).toContain('<title>502 Bad Gateway</title>');
    expect(answer.body).toBeUndefined();
  });

  it('hangRate: the request is never answered', async () => {
    server.setFaults({ hangRate: 1 });
    const hanging = fetch(`${server.url}/web/version`, { signal: AbortSignal.timeout(200) });
    await expect(hanging).rejects.toThrow(/aborted|timeout/i);
  });

  it('truncateRate: the JSON stops half way and the connection closes', async () => {
    server.setFaults({ truncateRate: 1 });
    const response = await fetch(`${server.url}/web/version`);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it('authFailure: every authentication fails until it is turned off', async () => {
    server.setFaults({ authFailure: true });
    expect((await jsonRpc(server.url, 'common', 'login', [server.database, server.login, server.password])).body.result).toBe(false);
    expect((await searchCount()).body.error.data.name).toBe('odoo.exceptions.AccessDenied');
    expect((await json2(server, 'crm.stage', 'search_count', { domain: [] })).status).toBe(401);
    server.setFaults({ authFailure: false });
    expect((await searchCount()).body.result).toBe(4);
  });

  it('failNext fails exactly the next calls, whatever the rates', async () => {
    server.failNext(2, 'html');
    expect((await searchCount()).status).toBe(502);
    expect((await searchCount()).status).toBe(502);
    expect((await searchCount()).body.result).toBe(4);

    server.failNext(1, 'error');
    expect((await searchCount()).body.error.data.name).toBe('psycopg2.OperationalError');
    server.failNext(1, 'auth');
    expect((await searchCount()).body.error.data.name).toBe('odoo.exceptions.AccessDenied');
    server.failNext(1, 'reset');
    await expect(searchCount()).rejects.toThrow(/fetch failed/);
    server.failNext(1, 'truncate');
    await expect(fetch(`${server.url}/web/version`).then((response) => response.text())).rejects.toThrow();
    server.failNext(1, 'hang');
    await expect(fetch(`${server.url}/web/version`, { signal: AbortSignal.timeout(150) })).rejects.toThrow();
    expect((await searchCount()).body.result).toBe(4);
  });

  it('failNext can wait for the calls of one model and method, letting the first ones through', async () => {
    const leadPage = () => executeKw(server, 'crm.lead', 'search_read', [[]], { limit: 1, fields: ['name'] });
    server.failNext(2, 'html', { model: 'crm.lead', method: 'search_read', after: 2 });
    expect((await leadPage()).status).toBe(200);
    expect((await searchCount()).body.result).toBe(4);
    expect((await leadPage()).status).toBe(200);
    expect((await searchCount()).body.result).toBe(4);
    expect((await leadPage()).status).toBe(502);
    expect((await executeKw(server, 'crm.lead', 'search_count', [[]])).status).toBe(200);
    expect((await leadPage()).status).toBe(502);
    expect((await leadPage()).status).toBe(200);

    server.failNext(1, 'error', { model: 'crm.stage' });
    expect((await leadPage()).status).toBe(200);
    expect((await searchCount()).body.error.data.name).toBe('psycopg2.OperationalError');
    expect((await searchCount()).body.result).toBe(4);
  });

  it('slow: the call is carried out, a write committed, but answered only after the delay', async () => {
    expect(() => server.failNext(1, 'slow')).toThrow(/delayMs/);
    server.failNext(1, 'slow', { model: 'crm.stage', method: 'create', delayMs: 300 });
    const started = performance.now();
    const creating = executeKw(server, 'crm.stage', 'create', [{ name: 'Slowly made' }]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await searchCount()).body.result).toBe(4);
    const id = (await creating).body.result;
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(server.record('crm.stage', id)).toMatchObject({ name: 'Slowly made' });
    server.delete('crm.stage', id);
  });

  it('draws the rates from the fault seed: the same seed gives the same failures', async () => {
    const pattern = async (fake: FakeOdooServer) => {
      fake.setFaults({ htmlErrorRate: 0.5 });
      const statuses: number[] = [];
      for (let index = 0; index < 12; index++) statuses.push((await executeKw(fake, 'crm.stage', 'search_count', [[]])).status);
      return statuses;
    };
    const [first, second] = await Promise.all([FakeOdooServer.start({ faultSeed: 7 }), FakeOdooServer.start({ faultSeed: 7 })]);
    try {
      const statuses = await pattern(first);
      expect(statuses).toEqual(await pattern(second));
      expect(statuses).toContain(502);
      expect(statuses).toContain(200);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });

  it('counts calls per model and method, the failed ones too, until reset', async () => {
    server.failNext(1, 'html');
    await searchCount();
    await searchCount();
    await executeKw(server, 'crm.lead', 'search_read', [[]], { limit: 1 });
    await json2(server, 'crm.lead', 'search_read', { domain: [], limit: 1 });
    await jsonRpc(server.url, 'common', 'version', []);
    expect(server.calls('crm.stage', 'search_count')).toBe(2);
    expect(server.calls('crm.lead', 'search_read')).toBe(2);
    expect(server.calls('crm.lead')).toBe(2);
    expect(server.calls('common', 'version')).toBe(1);
    expect(server.calls()).toBe(5);
    server.resetCalls();
    expect(server.calls()).toBe(0);
  });
});
