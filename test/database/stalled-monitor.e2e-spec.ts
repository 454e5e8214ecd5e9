import type { Socket } from 'node:net';
import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { MongoClient } from 'mongodb';
import type { Connection } from 'mongoose';
import { createTestApp } from '../support/test-app.js';
import { until } from '../support/until.js';
import { bearer, createAdmin } from '../support/users.js';

/** The driver's internals this test reaches into to reproduce its stall on demand. */
interface Monitor {
  connection: { socket: Socket } | null;
  requestCheck(): void;
}
type Internals = { topology: { s: { servers: Map<string, { monitor: Monitor }> } } };

describe('a server check of the MongoDB driver that never ends', () => {
  let app: NestFastifyApplication;
  let client: MongoClient;

  beforeAll(async () => {
    app = await createTestApp();
    client = app.get<Connection>(getConnectionToken()).getClient();
  });
  afterAll(() => app.close());

  /**
   * What a database restart under load does now and then (test/faults/database-restart): the monitor's socket is
   * destroyed and, before its `close` event has run, a check is written to it. The write waits for a `drain` that
   * never comes, and the monitor with it.
   */
  function stallTheMonitor(): void {
    const [server] = (client as unknown as Internals).topology.s.servers.values();
    server.monitor.connection!.socket.destroy();
    server.monitor.requestCheck();
  }

  it('is noticed: the app reconnects, and requests are served on the new connection', async () => {
    const admin = await bearer(app, await createAdmin(app));
    const events: string[] = [];
    for (const name of ['serverHeartbeatStarted', 'serverHeartbeatSucceeded', 'serverHeartbeatFailed', 'topologyOpening']) {
      client.on(name, () => events.push(name));
    }
    await until(() => Promise.resolve((client as unknown as Internals).topology.s.servers.values().next().value?.monitor.connection != null));
    await new Promise((resolve) => setTimeout(resolve, 600)); // past the driver's shortest interval between checks

    stallTheMonitor();
    await until(() => Promise.resolve(events.includes('topologyOpening')), 40_000);
    // The check that began ended neither way before the app reconnected.
    expect(events.slice(0, events.indexOf('topologyOpening'))).toEqual(['serverHeartbeatStarted']);

    await until(async () => (await app.inject({ method: 'GET', url: '/api/health' })).statusCode === 200, 10_000);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: admin })).statusCode).toBe(200);
  }, 60_000);
});
