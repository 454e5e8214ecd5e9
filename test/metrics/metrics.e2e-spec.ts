import { mkdir, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import { freePort } from '../support/free-port.js';
import { startOdooWorld, type OdooWorld } from '../support/odoo-world.js';
import { runSync } from '../support/sync.js';
import { createUser } from '../support/users.js';
import { sample } from './exposition.js';

const LEADS = 40;
const artifacts = path.resolve(import.meta.dirname, '../../test-artifacts');

describe('Prometheus metrics on METRICS_PORT', () => {
  let world: OdooWorld;
  let app: NestFastifyApplication;
  let fake: FakeOdooServer;
  let admin: { authorization: string };
  let metricsUrl: string;
  let stopped = false;

  beforeAll(async () => {
    const port = await freePort();
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
    Object.assign(process.env, {
      HOST: '127.0.0.1',
      METRICS_PORT: String(port),
      ODOO_WEBHOOK_SECRET: 'metrics-test-webhook-secret',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '1',
      ODOO_RETRIES: '1',
    });
    world = await startOdooWorld({ leads: LEADS }, 'configured');
    ({ app, fake, admin } = world);
  });
  afterAll(async () => {
    if (!stopped) await world.stop();
  });

  async function scrape(): Promise<string> {
    const res = await fetch(metricsUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  }

  it('moves by exactly what the traffic and a sync did', async () => {
    const before = await scrape();
    expect(sample(before, 'sync_last_success_age_seconds')).toBe(Infinity);

    const user = await createUser(app);
    const login = () => app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: 'not the password' } });
    expect((await login()).statusCode).toBe(401);
    // Past LOGIN_MAX_FAILURES_PER_ACCOUNT failures from this client, the next attempt is refused before any check.
    expect((await login()).statusCode).toBe(429);
    expect((await app.inject({ method: 'GET', url: `/api/users/${user.id}`, headers: admin })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/opportunities/987654', headers: admin })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/no/such/route' })).statusCode).toBe(404);
    const webhook = await app.inject({
      method: 'POST',
      url: '/api/webhooks/odoo',
      headers: { 'content-type': 'application/json', 'x-odoo-timestamp': String(Math.floor(Date.now() / 1000)), 'x-odoo-signature': `sha256=${'0'.repeat(64)}` },
      payload: JSON.stringify({ _model: 'crm.lead', _id: 1 }),
    });
    expect(webhook.statusCode).toBe(401);
    const log = await runSync(app, admin);
    expect(log.status).toBe('completed');

    const after = await scrape();
    await mkdir(artifacts, { recursive: true });
    await writeFile(path.join(artifacts, 'metrics.prom'), after);
    const moved = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);

    // The route is the pattern the request matched, never its id; no route at all is `unmatched`.
    expect(moved('http_request_duration_seconds_count', { method: 'GET', route: '/api/users/:id', status: '200' })).toBe(1);
    expect(moved('http_request_duration_seconds_count', { method: 'GET', route: '/api/opportunities/:id', status: '404' })).toBe(1);
    expect(moved('http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(moved('http_request_duration_seconds_count', { method: 'POST', route: '/api/auth/login', status: '401' })).toBe(1);
    expect(moved('http_request_duration_seconds_count', { method: 'POST', route: '/api/auth/login', status: '429' })).toBe(1);
    expect(after).not.toContain(user.id);
    expect(after).not.toContain('987654');

    expect(moved('login_failures_total', { reason: 'wrong_password' })).toBe(1);
    expect(moved('login_failures_total')).toBe(1);
    expect(moved('login_lockouts_total')).toBe(1);
    expect(moved('webhook_requests_total', { outcome: 'refused' })).toBe(1);
    expect(moved('webhook_requests_total')).toBe(1);

    expect(moved('sync_runs_total', { trigger: 'manual', outcome: 'completed' })).toBe(1);
    expect(moved('sync_runs_total')).toBe(1);
    expect(moved('sync_run_duration_seconds_count', { trigger: 'manual', outcome: 'completed' })).toBe(1);
    expect(moved('sync_records_total', { entity: 'opportunity', outcome: 'inserted' })).toBe(fake.records('crm.lead').length);
    expect(moved('sync_records_total', { entity: 'opportunity', outcome: 'inserted' })).toBe(log.stats.opportunity.inserted);
    expect(sample(after, 'sync_last_success_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(after, 'sync_last_success_age_seconds')).toBeLessThan(60);

    expect(moved('odoo_calls_total', { model: 'crm.lead', method: 'search_read', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(moved('odoo_call_duration_seconds_count')).toBe(moved('odoo_calls_total'));
    expect(moved('odoo_calls_total', { outcome: 'ok' })).toBe(moved('odoo_calls_total'));

    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds']) {
      expect(sample(after, name)).toBeGreaterThan(0);
    }
  });

  it('counts each attempt at an Odoo call that failed by the kind of failure, and the failed run', async () => {
    const before = await scrape();
    // A proxy's 502 page on both attempts (ODOO_RETRIES=1) at reading the leads.
    const leads = { model: 'crm.lead', method: 'search_read' };
    fake.failNext(2, 'html', leads);
    const log = await runSync(app, admin, { entities: ['opportunity'] });
    expect(log.status).toBe('failed');
    const after = await scrape();
    const moved = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(moved('odoo_calls_total', { ...leads, outcome: 'unavailable' })).toBe(2);
    expect(moved('sync_runs_total', { trigger: 'manual', outcome: 'failed' })).toBe(1);
    expect(moved('sync_runs_total', { trigger: 'manual', outcome: 'completed' })).toBe(0);
    // The last success is still the first run's.
    expect(sample(after, 'sync_last_success_age_seconds')).toBeGreaterThan(sample(before, 'sync_last_success_age_seconds'));
  });

  it('is not served on the API port', async () => {
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/metrics' })).statusCode).toBe(404);
    expect((await fetch(metricsUrl.replace('/metrics', '/api/health'))).status).toBe(404);
  });

  it('closes at once with the app, even with a scrape halfway through its request', async () => {
    const socket = connect(Number(new URL(metricsUrl).port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const closedSocket = new Promise((resolve) => socket.once('close', resolve));
    // Closed from the server's end, the connection may be reset rather than ended.
    socket.on('error', () => undefined);
    socket.write('GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const started = performance.now();
    stopped = true;
    await world.stop();
    await closedSocket;
    expect(performance.now() - started).toBeLessThan(5_000);
    await expect(fetch(metricsUrl)).rejects.toThrow();
  });
});
