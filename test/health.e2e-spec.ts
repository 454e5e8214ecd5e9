import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startLocalDatabase, type LocalDatabase } from '../src/database/local-database.js';
import { freePort } from './support/free-port.js';
import { until } from './support/until.js';

describe('GET /api/health', () => {
  let database: LocalDatabase;
  let port: number;
  let app: NestFastifyApplication;

  // A database server of this test's own, so stopping it leaves the other test files alone.
  const startDatabase = () => startLocalDatabase({ postgresDatabase: 'sales_backend_test', port, ferretDbOnly: true });

  beforeAll(async () => {
    port = await freePort();
    database = await startDatabase();
    process.env.MONGO_URL = database.url;
    const { createTestApp } = await import('./support/test-app.js');
    app = await createTestApp();
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await database.stop();
  });

  const health = () => app.inject({ method: 'GET', url: '/api/health' });

  it('answers 200 with the database round-trip time, without a token', async () => {
    const res = await health();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: { status: 'up', round_trip_ms: expect.any(Number) } });
    expect(res.json().database.round_trip_ms).toBeGreaterThan(0);
  });

  it('answers 503 while the database is down and recovers by itself when it is back', async () => {
    await database.stop();
    const down = await health();
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE', request_id: expect.any(String) });

    database = await startDatabase();
    await until(async () => (await health()).statusCode === 200, 30_000);
    expect((await health()).statusCode).toBe(200);
  }, 60_000);
});
