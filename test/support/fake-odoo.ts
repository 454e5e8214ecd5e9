import { generateDataset } from '../fake-odoo/dataset.js';
import { FakeOdooServer, type FakeOdooServerOptions } from '../fake-odoo/fake-odoo-server.js';
import type { OdooConnection } from '../../src/odoo/odoo.types.js';
import { registerSecret } from './secret-scan.js';

/** Without a dataset, a generated one of `leads` leads (200 unless given). */
export type FakeOdooOptions = FakeOdooServerOptions & { leads?: number };

/** A fake Odoo with a small generated dataset; its password and API key are registered as never-to-leak. */
export async function startFakeOdoo(options: FakeOdooOptions = {}): Promise<FakeOdooServer> {
  const { leads = 200, dataset = generateDataset({ seed: 7, leads }), ...rest } = options;
  const fake = await FakeOdooServer.start({ dataset, ...rest });
  registerSecret(fake.apiKey);
  return fake;
}

export function connectionTo(fake: FakeOdooServer, overrides: Partial<OdooConnection> = {}): OdooConnection {
  return { url: fake.url, database: fake.database, username: fake.login, secret: fake.apiKey, protocol: 'auto', ...overrides };
}
