import { createHmac, randomBytes } from 'node:crypto';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import { compileApp, root, stopApp, waitForLog } from '../support/app-process.js';
import { startFakeOdoo } from '../support/fake-odoo.js';
import { registerSecret } from '../support/secret-scan.js';
import { call, eventually, startInstances, type CallOptions, type Instance } from './cluster.js';

// Three real app processes on one database, as behind a load balancer: requests go round-robin.
const INTERVAL_SECONDS = 15;
const INTERVAL_MS = INTERVAL_SECONDS * 1000;
const MAX_ATTEMPTS_PER_CLIENT = 6;
const MAX_FAILURES_PER_ACCOUNT = 3;
const WINDOW_SECONDS = 3600;
const ADMIN = { email: 'admin@example.com', password: 'scaled out admin password' };

const env = {
  NODE_ENV: 'production',
  MONGO_URL: process.env.MONGO_URL!,
  DB_NAME: process.env.DB_NAME!,
  JWT_SECRET: randomBytes(32).toString('hex'),
  SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
  TRUST_PROXY_HOPS: '1',
  LOGIN_MAX_ATTEMPTS_PER_CLIENT: String(MAX_ATTEMPTS_PER_CLIENT),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: String(MAX_FAILURES_PER_ACCOUNT),
  LOGIN_WINDOW_SECONDS: String(WINDOW_SECONDS),
  SYNC_ENABLED: 'true',
  SYNC_INTERVAL_SECONDS: String(INTERVAL_SECONDS),
  // Only an instance that dies mid-run lets it lapse; long enough that no heartbeat under load comes too late.
  SYNC_LEASE_SECONDS: '20',
};

describe('three instances on one database', () => {
  let instances: Instance[] = [];
  let fake: FakeOdooServer | undefined;
  let admin: string;
  let turn = 0;

  /** The next instance, round-robin. */
  const next = () => instances[turn++ % instances.length];
  const login = (instance: Instance, email: string, password: string, forwardedFor: string) =>
    call(instance, 'POST', '/api/auth/login', { body: { email, password }, forwardedFor });
  const asAdmin = (instance: Instance, method: string, url: string, options: CallOptions = {}) =>
    call(instance, method, url, { token: admin, ...options });
  const status = (instance: Instance) => asAdmin(instance, 'GET', '/api/integrations/background-sync/status');
  const logs = (instance: Instance) => asAdmin(instance, 'GET', '/api/integrations/sync/logs?page_size=100');

  beforeAll(async () => {
    registerSecret(env.JWT_SECRET);
    registerSecret(env.SECRETS_ENCRYPTION_KEY);
    const outDir = await compileApp(path.join(root, '.e2e-dist', 'scale'));
    fake = await startFakeOdoo({ leads: 40 });
    instances = await startInstances(outDir, 3, env);
    await Promise.all(instances.map((instance) => waitForLog(instance.process, /listening on/, 120_000)));
    admin = (await login(instances[0], ADMIN.email, ADMIN.password, '10.0.0.1')).body.access_token;
    const configured = await asAdmin(instances[0], 'POST', '/api/integrations/odoo/configure', {
      body: { url: fake.url, database: fake.database, username: fake.login, api_key: fake.apiKey },
    });
    expect(configured.status).toBe(200);
  }, 300_000);

  afterAll(async () => {
    await Promise.all(instances.map((instance) => stopApp(instance.process)));
    await fake?.stop();
  }, 60_000);

  /**
   * Waits for a moment with no run in progress, just after one started: no scheduled run may start for most of
   * an interval, so what the test does next is not disturbed by one.
   */
  async function quietMoment(): Promise<void> {
    await eventually(
      async () => {
        const { body } = await status(next());
        const startedAgo = body.last_run ? Date.now() - new Date(body.last_run.started_at).getTime() : Infinity;
        return !body.running && body.last_run?.status === 'completed' && startedAgo < 0.5 * INTERVAL_MS ? true : undefined;
      },
      6 * INTERVAL_MS,
      'a quiet moment right after a sync',
    );
  }

  it('creates exactly one super admin when all three start at once on an empty database', async () => {
    const client = await MongoClient.connect(process.env.MONGO_URL!);
    try {
      const users = await client.db(process.env.DB_NAME).collection('users').find().toArray();
      expect(users).toEqual([expect.objectContaining({ email: ADMIN.email, role: 'admin', is_super_admin: true })]);
    } finally {
      await client.close();
    }
    const created = instances.filter((instance) => instance.process.output().includes('created super admin'));
    expect(created).toHaveLength(1);
  });

  it('accepts a token issued by one instance on every other', async () => {
    const issued = await login(instances[0], ADMIN.email, ADMIN.password, '10.1.0.1');
    expect(issued.status).toBe(200);
    for (const instance of instances) {
      const me = await call(instance, 'GET', '/api/auth/me', { token: issued.body.access_token });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: issued.body.user.id, email: ADMIN.email });
    }
    const [header, payload] = issued.body.access_token.split('.');
    const signature = createHmac('sha256', 'not the secret the instances share').update(`${header}.${payload}`).digest('base64url');
    const forged = `${header}.${payload}.${signature}`;
    for (const instance of instances) expect((await call(instance, 'GET', '/api/auth/me', { token: forged })).status).toBe(401);
  });

  it('stops failures on an account from one client after the limit in total, not per instance, with Retry-After; the owner elsewhere signs in', async () => {
    const rep = { email: 'rep@example.com', name: 'Rep', password: 'rep password 1234' };
    expect((await asAdmin(next(), 'POST', '/api/users', { body: rep })).status).toBe(201);

    const statuses: number[] = [];
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT + 3; i++) {
      const password = i < MAX_FAILURES_PER_ACCOUNT ? 'wrong password' : rep.password;
      statuses.push((await login(next(), rep.email, password, '10.2.0.1')).status);
    }
    expect(statuses).toEqual([...Array<number>(MAX_FAILURES_PER_ACCOUNT).fill(401), 429, 429, 429]);
    const locked = await login(next(), rep.email, rep.password, '10.2.0.1');
    expect(locked.body).toMatchObject({ status: 429, code: 'TOO_MANY_LOGIN_ATTEMPTS' });
    expectRetryAfter(locked.headers);
    expect((await login(next(), rep.email, rep.password, '10.2.1.1')).status).toBe(200);
  });

  it('limits attempts per client address in total across instances, leaving other clients alone', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < MAX_ATTEMPTS_PER_CLIENT + 3; i++) {
      statuses.push((await login(next(), `nobody${i}@example.com`, 'any password', '10.3.0.1')).status);
    }
    expect(statuses).toEqual([...Array<number>(MAX_ATTEMPTS_PER_CLIENT).fill(401), 429, 429, 429]);
    expectRetryAfter((await login(next(), ADMIN.email, ADMIN.password, '10.3.0.1')).headers);
    for (const instance of instances) expect((await login(instance, ADMIN.email, ADMIN.password, '10.3.0.2')).status).toBe(200);
  });

  it('lets one of three simultaneous manual triggers through; the others answer 409 with its sync_id', async () => {
    await quietMoment();
    fake!.setFaults({ latencyMs: 150 });
    try {
      const answers = await Promise.all(instances.map((instance) => asAdmin(instance, 'POST', '/api/integrations/odoo/sync/trigger', { body: {} })));
      const started = answers.filter((res) => res.status === 202);
      const refused = answers.filter((res) => res.status === 409);
      expect(started).toHaveLength(1);
      expect(refused).toHaveLength(2);
      const syncId = started[0].body.sync_id;
      for (const res of refused) expect(res.body).toMatchObject({ code: 'SYNC_RUNNING', context: { sync_id: syncId } });

      const running = await Promise.all(instances.map(status));
      const winner = running[answers.indexOf(started[0])].body.this_instance;
      for (const { body } of running) expect(body).toMatchObject({ running: true, running_sync_id: syncId, running_instance: winner });
      const finished = await eventually(
        async () => {
          const { body } = await asAdmin(next(), 'GET', `/api/integrations/sync/${syncId}`);
          return body.status === 'running' ? undefined : body;
        },
        60_000,
        `sync ${syncId} to end`,
      );
      expect(finished).toMatchObject({ status: 'completed', trigger: 'manual' });
    } finally {
      fake!.clearFaults();
    }
  }, 120_000);

  it('runs one scheduled sync per interval across the three, never two at once', async () => {
    const runs = await eventually(
      async () => {
        const items: SyncRun[] = (await logs(next())).body.items;
        const done = items.filter((run) => run.trigger === 'scheduled' && run.status !== 'running');
        return done.length >= 3 ? items.filter((run) => run.status !== 'running').reverse() : undefined;
      },
      10 * INTERVAL_MS,
      'three scheduled runs',
    );
    for (const run of runs) expect(run).toMatchObject({ status: 'completed' });
    for (let i = 1; i < runs.length; i++) {
      const [before, after] = [runs[i - 1], runs[i]];
      expect(time(after.started_at)).toBeGreaterThanOrEqual(time(before.completed_at!));
      // The scheduler lets a run start once the last one started an interval ago, less 10% for timer jitter.
      if (after.trigger === 'scheduled') {
        expect(time(after.started_at) - time(before.started_at)).toBeGreaterThanOrEqual(0.9 * INTERVAL_MS);
      }
    }
  }, 180_000);

  it('answers the same background-sync status, health and logs from every instance', async () => {
    await quietMoment();
    const answers = await Promise.all(
      instances.map(async (instance) => ({
        status: (await status(instance)).body,
        health: (await asAdmin(instance, 'GET', '/api/integrations/background-sync/health')).body,
        logs: (await logs(instance)).body,
      })),
    );
    const shared = ({ status: s, health, logs: l }: (typeof answers)[number]) => ({
      last_run: s.last_run,
      running: s.running,
      running_sync_id: s.running_sync_id,
      running_instance: s.running_instance,
      enabled: s.enabled,
      interval_seconds: s.interval_seconds,
      health: { status: health.status, last_success_at: health.last_success_at, consecutive_failures: health.consecutive_failures },
      logs: l,
    });
    expect(shared(answers[0])).toMatchObject({ running: false, enabled: true, interval_seconds: INTERVAL_SECONDS, last_run: { status: 'completed' } });
    expect(answers[0].logs.items.map((run: SyncRun) => run.status)).not.toContain('running');
    expect(shared(answers[1])).toEqual(shared(answers[0]));
    expect(shared(answers[2])).toEqual(shared(answers[0]));
    expect(new Set(answers.map((answer) => answer.status.this_instance)).size).toBe(3);
  }, 120_000);
});

interface SyncRun {
  id: string;
  trigger: string;
  status: string;
  started_at: string;
  completed_at: string | null;
}

const time = (iso: string) => new Date(iso).getTime();

function expectRetryAfter(headers: Headers): void {
  const retryAfter = Number(headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
}
