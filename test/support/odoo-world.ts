import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AuthenticatedUser } from '../../src/common/auth/authenticated-user.js';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import { startFakeOdoo, type FakeOdooOptions } from './fake-odoo.js';
import { configureOdoo, runSync } from './sync.js';
import { bearer, createSuperAdmin } from './users.js';

export interface OdooWorld {
  app: NestFastifyApplication;
  fake: FakeOdooServer;
  /** A super admin's headers. */
  admin: { authorization: string };
  adminUser: AuthenticatedUser;
  /** Closes the app, then stops the fake Odoo. */
  stop: () => Promise<void>;
}

/**
 * The app beside a fake Odoo (startFakeOdoo's `options`), with a super admin. 'configured' saves the fake as the
 * app's Odoo; 'synced' then syncs it once, and fails unless that sync completes. The app module is imported only
 * here, so what a test file puts in process.env before this call is what ConfigModule reads.
 */
export async function startOdooWorld(options: FakeOdooOptions = {}, odoo?: 'configured' | 'synced'): Promise<OdooWorld> {
  const { createTestApp } = await import('./test-app.js');
  const fake = await startFakeOdoo(options);
  const app = await createTestApp();
  const adminUser = await createSuperAdmin(app);
  const admin = await bearer(app, adminUser);
  if (odoo) await configureOdoo(app, admin, fake);
  if (odoo === 'synced') {
    const log = await runSync(app, admin);
    if (log.status !== 'completed') throw new Error(`sync failed: ${JSON.stringify(log)}`);
  }
  const stop = async () => {
    await app.close();
    await fake.stop();
  };
  return { app, fake, admin, adminUser, stop };
}
