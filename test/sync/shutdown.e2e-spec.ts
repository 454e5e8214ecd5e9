import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Db } from 'mongodb';
import type { Connection } from 'mongoose';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import { expectLakeMatchesOdoo } from '../faults/lake.js';
import { compileApp, root, startApp, stopApp, waitForLog, type AppProcess } from '../support/app-process.js';
import { freePort } from '../support/free-port.js';
import { startOdooWorld, type OdooWorld } from '../support/odoo-world.js';
import { registerSecret } from '../support/secret-scan.js';
import { runSync } from '../support/sync.js';
import { APP_START_TIMEOUT_MS } from '../support/timeouts.js';
import { until } from '../support/until.js';

const SHUTDOWN_TIMEOUT_SECONDS = 10;
const LEADS = 600;
// Both instances share what a scaled-out deployment must share.
const shared = { JWT_SECRET: randomBytes(32).toString('hex'), SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('hex') };

/** The compiled app in a process of its own, and its API. */
interface Instance {
  process: AppProcess;
  url: string;
}

function apiOf({ url }: Instance, authorization: string) {
  return {
    post: (route: string, body: object = {}) =>
      fetch(`${url}${route}`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    fetchedLeads: async (syncId: string) => {
      const log = (await (await fetch(`${url}/integrations/sync/${syncId}`, { headers: { authorization } })).json()) as { stats: Record<string, { fetched: number }> };
      return log.stats.opportunity.fetched;
    },
  };
}

describe('an instance stopped (SIGTERM) in the middle of a sync', () => {
  let outDir: string;
  let world: OdooWorld;
  let fake: FakeOdooServer;
  let db: Db;
  const instances: AppProcess[] = [];

  beforeAll(async () => {
    Object.values(shared).forEach(registerSecret);
    Object.assign(process.env, shared);
    outDir = await compileApp(path.join(root, '.e2e-dist', 'shutdown'));
    world = await startOdooWorld({ leads: LEADS }, 'synced');
    fake = world.fake;
    db = world.app.get<Connection>(getConnectionToken()).db as unknown as Db;
    // Every lead changes, ten seconds apart in Odoo's time: the next run reads them all again, in that order.
    for (const lead of fake.records('crm.lead')) {
      fake.clock.advance(10_000);
      fake.update('crm.lead', lead.id, { priority: '3' });
    }
  }, APP_START_TIMEOUT_MS);
  afterAll(async () => {
    for (const instance of instances) await stopApp(instance, 1000);
    await world.stop();
  });

  async function startInstance(env: Record<string, string>): Promise<Instance> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/api`;
    const started = startApp(path.join(outDir, 'main.js'), {
      PORT: String(port),
      HOST: '127.0.0.1',
      SHUTDOWN_TIMEOUT_SECONDS: String(SHUTDOWN_TIMEOUT_SECONDS),
      // Small pages: the run has many.
      SYNC_PAGE_SIZE: '20',
      ...shared,
      ...env,
    });
    instances.push(started);
    await waitForLog(started, /listening on/, 90_000);
    return { process: started, url };
  }

  /**
   * Starts a run on the instance; once it has stored a few pages of leads, and a request is in flight (Odoo answers
   * the connection test 2 s late), sends SIGTERM and waits for the process to exit.
   */
  async function stopMidRun(instance: Instance, authorization: string): Promise<string> {
    const api = apiOf(instance, authorization);
    // Each Odoo call takes a while, as a remote Odoo's do: the whole run takes far longer than the shutdown may.
    fake.setFaults({ latencyMs: 100 });
    const triggered = await api.post('/integrations/odoo/sync/trigger');
    expect(triggered.status).toBe(202);
    const { sync_id: syncId } = (await triggered.json()) as { sync_id: string };
    await until(async () => (await api.fetchedLeads(syncId)) >= 60, 90_000);

    fake.failNext(1, 'slow', { model: 'common', method: 'version', delayMs: 2000 });
    const versionCalls = fake.calls('common', 'version');
    const inFlight = api.post('/integrations/odoo/test');
    await until(() => Promise.resolve(fake.calls('common', 'version') > versionCalls));
    const signalled = Date.now();
    instance.process.child.kill('SIGTERM');
    const exit = await instance.process.exited;
    const tookMs = Date.now() - signalled;
    fake.clearFaults();

    expect(exit).toEqual({ code: 0, signal: null });
    expect(tookMs).toBeLessThan(SHUTDOWN_TIMEOUT_SECONDS * 1000);
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ ok: true });
    // Its keep-alive connection is not left open to hold the close up.
    expect(answered.headers.get('connection')).toBe('close');
    expect(instance.process.output()).toContain(`Sync ${syncId} failed: Interrupted by shutdown; the next run resumes from the cursor`);
    expect(instance.process.output()).toContain('Shut down cleanly');
    return syncId;
  }

  const get = async (url: string) => (await world.app.inject({ method: 'GET', url: `/api/integrations${url}`, headers: world.admin })).json();

  it('stops at a page within SHUTDOWN_TIMEOUT_SECONDS, closes its log, releases the lease; the next run resumes from the cursor', async () => {
    const syncId = await stopMidRun(await startInstance({ MONGO_URL: process.env.MONGO_URL! }), world.admin.authorization);

    const interrupted = await get(`/sync/${syncId}`);
    expect(interrupted).toMatchObject({
      status: 'failed',
      completed_at: expect.any(String),
      error_message: 'Interrupted by shutdown; the next run resumes from the cursor',
    });
    // Stopped well before the end: in the leads, the entities after them not begun.
    expect(interrupted.stats.opportunity).toMatchObject({ status: 'failed', fetched: expect.any(Number) });
    expect(interrupted.stats.opportunity.fetched).toBeLessThan(LEADS);
    expect(interrupted.stats.activity.status).toBe('pending');
    // Released, so the next run starts now on any instance, not once the lease has lapsed.
    expect(await db.collection('sync_lease').countDocuments()).toBe(0);
    // Not an Odoo failure: the entity's state records none.
    const state = await db.collection<{ _id: string }>('sync_state').findOne({ _id: 'opportunity' });
    expect(state).toMatchObject({ cursor_write_date: expect.any(String), last_error: null });

    const resumed = await runSync(world.app, world.admin);
    expect(resumed.status).toBe('completed');
    // From the cursor: the leads the interrupted run had not stored, and those of the overlap window before it
    // (SYNC_OVERLAP_SECONDS, 300: 30 leads ten seconds apart), not all of them again.
    const notStored = LEADS - interrupted.stats.opportunity.fetched;
    expect(resumed.stats.opportunity.fetched).toBeGreaterThanOrEqual(notStored);
    expect(resumed.stats.opportunity.fetched).toBeLessThanOrEqual(notStored + 31);
    await expectLakeMatchesOdoo(db, fake);
  }, 240_000);

  it('in development, stops its local database last: the interrupted run still closes its log', async () => {
    const password = randomBytes(16).toString('hex');
    registerSecret(password);
    const instance = await startInstance({
      NODE_ENV: 'development',
      LOCAL_DATA_DIR: await mkdtemp(path.join(tmpdir(), 'sales-dev-')),
      ADMIN_EMAIL: 'ops@example.com',
      ADMIN_PASSWORD: password,
    });
    const login = await apiOf(instance, '').post('/auth/login', { email: 'ops@example.com', password });
    const authorization = `Bearer ${((await login.json()) as { access_token: string }).access_token}`;
    const configure = { url: fake.url, database: fake.database, username: fake.login, api_key: fake.apiKey };
    expect((await apiOf(instance, authorization).post('/integrations/odoo/configure', configure)).status).toBe(200);

    await stopMidRun(instance, authorization);
    expect(instance.process.output()).not.toContain('closing its log failed');
  }, 240_000);
});
