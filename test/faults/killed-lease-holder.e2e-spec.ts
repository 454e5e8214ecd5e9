import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Db } from 'mongodb';
import type { Connection } from 'mongoose';
import { SyncRunner } from '../../src/sync/sync-runner.service.js';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import { compileApp, root, startApp, stopApp, waitForLog, type AppProcess } from '../support/app-process.js';
import { freePort } from '../support/free-port.js';
import { startOdooWorld, type OdooWorld } from '../support/odoo-world.js';
import { registerSecret, scanResponse } from '../support/secret-scan.js';
import { until } from '../support/until.js';
import { expectLakeMatchesOdoo, expectNothingLost, lakeSnapshot } from './lake.js';

const LEASE_SECONDS = 8;
// Both instances share what a scaled-out deployment must share (README, "Running scaled out").
const shared = { JWT_SECRET: randomBytes(32).toString('hex'), SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('hex'), SYNC_LEASE_SECONDS: String(LEASE_SECONDS) };

describe('an instance killed while it holds the sync lease', () => {
  let outDir: string;
  let world: OdooWorld;
  let fake: FakeOdooServer;
  let app: NestFastifyApplication;
  let admin: { authorization: string };
  let db: Db;
  let doomed: AppProcess | undefined;

  beforeAll(async () => {
    Object.values(shared).forEach(registerSecret);
    Object.assign(process.env, shared, { SYNC_PAGE_SIZE: '25' });
    outDir = await compileApp(path.join(root, '.e2e-dist', 'faults'));
    world = await startOdooWorld({ leads: 200 }, 'synced');
    ({ app, fake, admin } = world);
    db = app.get<Connection>(getConnectionToken()).db as unknown as Db;
  }, 180_000);
  afterAll(async () => {
    if (doomed) await stopApp(doomed, 1000);
    await world.stop();
  });

  /** The compiled app in a process of its own on this file's database, ready for requests. */
  async function startOtherInstance(): Promise<{ process: AppProcess; url: string }> {
    const port = await freePort();
    const started = startApp(path.join(outDir, 'main.js'), {
      MONGO_URL: process.env.MONGO_URL!,
      PORT: String(port),
      HOST: '127.0.0.1',
      ...shared,
    });
    await waitForLog(started, /listening on/, 60_000);
    return { process: started, url: `http://127.0.0.1:${port}` };
  }

  const trigger = () => app.inject({ method: 'POST', url: '/api/integrations/odoo/sync/trigger', headers: admin, payload: {} });
  const get = async (url: string) => (await app.inject({ method: 'GET', url: `/api/integrations${url}`, headers: admin })).json();

  it('keeps others out until the lease lapses; the next run takes over, closes the dead run as failed, deletes nothing', async () => {
    const other = await startOtherInstance();
    doomed = other.process;
    const edited = fake.records('crm.lead').slice(0, 60);
    for (const lead of edited) fake.update('crm.lead', lead.id, { priority: '3' });
    const before = await lakeSnapshot(db);
    fake.setFaults({ latencyMs: 200 });

    const res = await fetch(`${other.url}/api/integrations/odoo/sync/trigger`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: '{}',
    });
    const body = await res.text();
    scanResponse('/api/integrations/odoo/sync/trigger', body);
    expect(res.status).toBe(202);
    const deadRun = JSON.parse(body).sync_id;
    await until(async () => (await get(`/sync/${deadRun}`)).stats.opportunity.fetched > 0, 60_000);
    const { running_instance: deadInstance } = await get('/background-sync/status');

    other.process.child.kill('SIGKILL');
    expect(await other.process.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const refused = await trigger();
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'SYNC_RUNNING', context: { sync_id: deadRun, instance: deadInstance } });
    const lease = await db.collection('sync_lease').findOne({});
    expect(lease).toMatchObject({ sync_id: deadRun, owner: deadInstance });

    // No heartbeat comes any more: within SYNC_LEASE_SECONDS of the last one, the lease lapses.
    await until(async () => (await get('/background-sync/status')).running === false, LEASE_SECONDS * 1000 + 2000);
    expect(Date.now()).toBeGreaterThanOrEqual(lease!.expires_at.getTime());
    fake.clearFaults();
    const takeover = await trigger();
    expect(takeover.statusCode).toBe(202);
    await app.get(SyncRunner).idle();

    const dead = await get(`/sync/${deadRun}`);
    expect(dead).toMatchObject({
      status: 'failed',
      completed_at: expect.any(String),
      error_message: `Instance ${deadInstance} stopped during the run (its lease expired)`,
    });
    // The entity it was on when it died failed with it; none is left running.
    const statuses = Object.values(dead.stats).map((stats) => (stats as { status: string }).status);
    expect(statuses).toContain('failed');
    expect(statuses).not.toContain('running');
    expect(await get(`/sync/${takeover.json().sync_id}`)).toMatchObject({ status: 'completed', error_message: null });
    expect(await db.collection('sync_logs').countDocuments({ status: 'running' })).toBe(0);

    expectNothingLost(before, await lakeSnapshot(db), edited.map((lead) => `opportunity/${lead.id}`));
    await expectLakeMatchesOdoo(db, fake);
  }, 120_000);
});
