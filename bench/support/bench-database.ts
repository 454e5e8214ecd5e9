import { startLocalDatabase, type LocalDatabase } from '../../src/database/local-database.js';

/** MONGO_URL when set, else the same local database the tests use; a fresh database name per run. */
export async function benchDatabase(): Promise<{ url: string; name: string; local: LocalDatabase | null; engine: string }> {
  const name = `bench_${Date.now().toString(36)}`;
  if (process.env.MONGO_URL) return { url: process.env.MONGO_URL, name, local: null, engine: 'MONGO_URL' };
  const local = await startLocalDatabase({ postgresDatabase: 'sales_backend_bench', log: (line) => console.log(line) });
  return { url: local.url, name, local, engine: local.engine };
}
