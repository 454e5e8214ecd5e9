import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Connection } from 'mongoose';
import { SyncAlreadyRunningError } from '../../src/sync/sync-already-running.error.js';
import { SyncRunner } from '../../src/sync/sync-runner.service.js';
import { SyncScheduler } from '../../src/sync/sync-scheduler.service.js';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import { startFakeOdoo } from '../support/fake-odoo.js';
import { configureOdoo, runSync } from '../support/sync.js';
import { createTestApp } from '../support/test-app.js';
import { bearer, createSuperAdmin } from '../support/users.js';

type Auth = { authorization: string };

describe('one sync at a time across instances, and the sync routes', () => {
  let apps: NestFastifyApplication[];
  let fake: FakeOdooServer;
  let admin: Auth;
  let db: NonNullable<Connection['db']>;

  beforeAll(async () => {
    fake = await startFakeOdoo({ leads: 100 });
    apps = await Promise.all([createTestApp(), createTestApp(), createTestApp()]);
    admin = await bearer(apps[0], await createSuperAdmin(apps[0]));
    await configureOdoo(apps[0], admin, fake);
    db = apps[0].get<Connection>(getConnectionToken()).db!;
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await fake.stop();
  });
  beforeEach(() => fake.clearFaults());

  const get = (url: string, app = apps[0]) => app.inject({ method: 'GET', url: `/api/integrations${url}`, headers: admin });
  const idle = () => Promise.all(apps.map((app) => app.get(SyncRunner).idle()));

  it('lets exactly one of three instances run; the others get 409 with the running sync_id', async () => {
    fake.setFaults({ latencyMs: 20 });
    const answers = await Promise.all(
      apps.map((app) => app.inject({ method: 'POST', url: '/api/integrations/odoo/sync/trigger', headers: admin, payload: {} })),
    );
    const started = answers.filter((res) => res.statusCode === 202);
    const refused = answers.filter((res) => res.statusCode === 409);
    expect(started).toHaveLength(1);
    expect(refused).toHaveLength(2);
    const syncId = started[0].json().sync_id;
    for (const res of refused) expect(res.json()).toMatchObject({ code: 'SYNC_RUNNING', context: { sync_id: syncId } });

    const status = (await get('/background-sync/status', apps[2])).json();
    expect(status).toMatchObject({ running: true, running_sync_id: syncId, running_instance: expect.any(String) });
    expect(status.this_instance).not.toBe(status.running_instance === status.this_instance ? '' : status.running_instance);
    await idle();
    expect((await get(`/sync/${syncId}`, apps[1])).json().status).toBe('completed');
    expect(await db.collection('sync_logs').countDocuments({ status: 'running' })).toBe(0);
  });

  it('takes over an expired lease and closes the crashed holder\'s run as failed', async () => {
    const crashedId = '11111111-1111-4111-8111-111111111111';
    await db.collection('sync_logs').insertOne({ id: crashedId, status: 'running', trigger: 'scheduled', started_at: new Date(Date.now() - 600_000), stats: {} });
    await db.collection('sync_lease').updateOne(
      { _id: 'odoo-sync' as never },
      { $set: { owner: 'dead-host:1:abc', sync_id: crashedId, expires_at: new Date(Date.now() - 1000), heartbeat_at: new Date(Date.now() - 61_000) } },
      { upsert: true },
    );
    const log = await runSync(apps[1], admin);
    expect(log.status).toBe('completed');
    const crashed = (await get(`/sync/${crashedId}`)).json();
    expect(crashed).toMatchObject({ status: 'failed', error_message: expect.stringContaining('dead-host:1:abc'), completed_at: expect.any(String) });
  });

  it('refuses to take a lease that is still alive', async () => {
    await db.collection('sync_lease').updateOne(
      { _id: 'odoo-sync' as never },
      { $set: { owner: 'busy-host:2:def', sync_id: 'busy', expires_at: new Date(Date.now() + 60_000), heartbeat_at: new Date() } },
      { upsert: true },
    );
    const res = await apps[0].inject({ method: 'POST', url: '/api/integrations/odoo/sync/trigger', headers: admin, payload: {} });
    expect(res.json()).toMatchObject({ status: 409, context: { sync_id: 'busy', instance: 'busy-host:2:def' } });
    // The scheduler is told the same by the runner itself, and skips its turn quietly.
    const refused = await apps[0].get(SyncRunner).start('scheduled', null).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SyncAlreadyRunningError);
    expect(refused).toMatchObject({ syncId: 'busy', instance: 'busy-host:2:def' });
    expect(await apps[0].get(SyncScheduler).tick()).toBeNull();
    await db.collection('sync_lease').deleteMany({});
  });

  it('runs one scheduled sync per interval, whichever instance ticks', async () => {
    await db.collection('sync_logs').deleteMany({});
    const first = await apps[0].get(SyncScheduler).tick();
    expect(first).toEqual(expect.any(String));
    await idle();
    expect(await apps[1].get(SyncScheduler).tick()).toBeNull();
    expect(await apps[2].get(SyncScheduler).tick()).toBeNull();
    const runs = await db.collection('sync_logs').find({ trigger: 'scheduled' }).toArray();
    expect(runs).toHaveLength(1);
    expect(runs[0].status).toBe('completed');
  });

  it('lists logs newest first, filtered and paginated, and reports status and health', async () => {
    await runSync(apps[0], admin, { entities: ['account'] });
    const logs = (await get('/sync/logs?page_size=10')).json();
    expect(logs.total).toBe(2);
    expect(logs.items[0].trigger).toBe('manual');
    expect(new Date(logs.items[0].started_at).getTime()).toBeGreaterThan(new Date(logs.items[1].started_at).getTime());
    expect((await get('/sync/logs?trigger=scheduled')).json().items).toHaveLength(1);
    expect((await get('/sync/logs?status=failed')).json().total).toBe(0);
    expect((await get('/sync/logs?page=2&page_size=1')).json().items).toHaveLength(1);
    for (const bad of ['status=done', 'page=-1', 'trigger[$ne]=x', 'page_size=100000']) {
      expect((await get(`/sync/logs?${bad}`)).statusCode).toBe(400);
    }

    const status = (await get('/background-sync/status')).json();
    expect(status).toMatchObject({ enabled: false, interval_seconds: 300, running: false, last_run: { trigger: 'manual', status: 'completed' } });
    const health = (await get('/background-sync/health')).json();
    expect(health).toMatchObject({ status: 'degraded', consecutive_failures: 0, last_success_at: expect.any(String) });
    expect(health.reasons).toEqual([expect.stringContaining('SYNC_ENABLED=false')]);
  });

  it('reports failing after repeated failures, with the reason', async () => {
    fake.setFaults({ authFailure: true });
    for (let i = 0; i < 3; i++) await runSync(apps[0], admin, { entities: ['account'] });
    const health = (await get('/background-sync/health')).json();
    expect(health).toMatchObject({ status: 'failing', consecutive_failures: 3 });
    expect(health.reasons).toEqual(expect.arrayContaining([expect.stringContaining('last 3 runs failed')]));
    const [latest] = (await get('/sync/logs?status=failed')).json().items;
    expect(latest.error_message).toMatch(/refused the login/);
  });

  it('answers 404 for an unknown sync and 400 for a malformed id', async () => {
    expect((await get('/sync/00000000-0000-4000-8000-000000000000')).json()).toMatchObject({ status: 404, code: 'SYNC_NOT_FOUND' });
    expect((await get('/sync/not-a-uuid')).statusCode).toBe(400);
    const bad = await apps[0].inject({ method: 'POST', url: '/api/integrations/odoo/sync/trigger', headers: admin, payload: { entities: ['deals'] } });
    expect(bad.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });
});
