import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Db } from 'mongodb';
import type { Connection } from 'mongoose';
import { startLocalDatabase, type LocalDatabase } from '../../src/database/local-database.js';
import { SyncRunner } from '../../src/sync/sync-runner.service.js';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import { freePort } from '../support/free-port.js';
import { startOdooWorld, type OdooWorld } from '../support/odoo-world.js';
import { until } from '../support/until.js';
import { expectLakeMatchesOdoo, expectNothingLost, lakeSnapshot } from './lake.js';

const LEASE_SECONDS = 10;

describe('the database stopped and restarted while requests and a sync are running', () => {
  let database: LocalDatabase;
  let port: number;
  let world: OdooWorld;
  let fake: FakeOdooServer;
  let app: NestFastifyApplication;
  let admin: { authorization: string };

  // A database server of this file's own, restarted on the same port, so the other test files are left alone.
  const startDatabase = () => startLocalDatabase({ postgresDatabase: 'sales_backend_test', port, ferretDbOnly: true });
  const db = () => app.get<Connection>(getConnectionToken()).db as unknown as Db;

  beforeAll(async () => {
    port = await freePort();
    database = await startDatabase();
    Object.assign(process.env, { MONGO_URL: database.url, SYNC_PAGE_SIZE: '40', SYNC_LEASE_SECONDS: String(LEASE_SECONDS) });
    world = await startOdooWorld({ leads: 600 }, 'synced');
    ({ app, fake, admin } = world);
  }, 180_000);
  afterAll(async () => {
    await world.stop();
    await database.stop();
  });

  const get = (url: string) => app.inject({ method: 'GET', url, headers: admin });

  /** Requests as a frontend sends them, until stopped; answers the status codes seen. */
  function traffic(): { stop: () => Promise<number[]> } {
    const codes: number[] = [];
    let running = true;
    const loop = (async () => {
      const routes = ['/api/auth/me', '/api/opportunities?page_size=20', '/api/sales/dashboard/real', '/api/integrations/background-sync/status'];
      for (let i = 0; running; i++) {
        codes.push((await get(routes[i % routes.length])).statusCode);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    return {
      stop: async () => {
        running = false;
        await loop;
        return codes;
      },
    };
  }

  it('answers 503 while it is down, recovers by itself, loses nothing, and the next sync completes', async () => {
    const before = await lakeSnapshot(db());
    const edited = fake.records('crm.lead')[5];
    fake.update('crm.lead', edited.id, { expected_revenue: (edited.expected_revenue as number) + 1000 });

    const load = traffic();
    const trigger = await app.inject({ method: 'POST', url: '/api/integrations/odoo/sync/trigger', headers: admin, payload: { full_resync: true } });
    expect(trigger.statusCode).toBe(202);
    const { sync_id: interrupted } = trigger.json();
    // Mid-run: some pages stored, more to come.
    await until(async () => ((await get(`/api/integrations/sync/${interrupted}`)).json().stats?.opportunity?.fetched ?? 0) >= 80);

    await database.stop();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const whileDown = await get('/api/auth/me');
    expect(whileDown.statusCode).toBe(503);
    expect(whileDown.json()).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE', request_id: expect.any(String) });
    database = await startDatabase();

    await until(async () => (await app.inject({ method: 'GET', url: '/api/health' })).statusCode === 200, 40_000);
    await until(async () => (await get('/api/auth/me')).statusCode === 200, 10_000);
    const codes = await load.stop();
    expect(codes.filter((code) => ![200, 503].includes(code))).toEqual([]);
    expect(codes.at(-1)).toBe(200);

    // The interrupted run ends on its own: closed, or left to the lease takeover when it could not close its log.
    await app.get(SyncRunner).idle();
    const log = (await get(`/api/integrations/sync/${interrupted}`)).json();
    expect(['completed', 'failed', 'running']).toContain(log.status);

    await until(async () => {
      const next = await app.inject({ method: 'POST', url: '/api/integrations/odoo/sync/trigger', headers: admin, payload: {} });
      if (next.statusCode !== 202) return false;
      await app.get(SyncRunner).idle();
      return (await get(`/api/integrations/sync/${next.json().sync_id}`)).json().status === 'completed';
    }, 2 * LEASE_SECONDS * 1000 + 30_000);
    expect((await get(`/api/integrations/sync/${interrupted}`)).json().status).not.toBe('running');

    expectNothingLost(before, await lakeSnapshot(db()), [`opportunity/${edited.id}`]);
    await expectLakeMatchesOdoo(db(), fake);
  }, 150_000);
});
