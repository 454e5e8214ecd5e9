// Plain ESM: Jest loads global setup outside its ESM transform, and Node 24 strips the helper's types itself.
import { MongoClient } from 'mongodb';
import { startLocalDatabase } from '../../src/database/local-database.ts';
import { TEST_DATABASE_PREFIX } from './database-per-file.mjs';

/** Starts the test database server once for the whole run (unless MONGO_URL names one) and clears old test databases. */
export default async function globalSetup() {
  console.log(`\nTests run on Node ${process.version}`);
  if (!process.env.MONGO_URL) {
    const database = await startLocalDatabase({
      postgresDatabase: 'sales_backend_test',
      log: (line) => console.log(line),
    });
    process.env.MONGO_URL = database.url;
    globalThis.testDatabase = database;
    console.log(`Test database: ${database.engine} at ${database.url}`);
  }
  await dropOldTestDatabases(process.env.MONGO_URL);
}

/** Test databases of runs that may still be going are kept. */
const KEEP_MS = 2 * 60 * 60 * 1000;

function createdAt(name) {
  return parseInt(name.slice(TEST_DATABASE_PREFIX.length).split('_')[0], 36) || 0;
}

async function dropOldTestDatabases(url) {
  const client = await MongoClient.connect(url);
  try {
    const { databases } = await client.db().admin().listDatabases({ nameOnly: true });
    const old = databases.filter(({ name }) => name.startsWith(TEST_DATABASE_PREFIX) && createdAt(name) < Date.now() - KEEP_MS);
    await Promise.all(old.map(({ name }) => client.db(name).dropDatabase()));
  } finally {
    await client.close();
  }
}
