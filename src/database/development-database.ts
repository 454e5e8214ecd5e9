import { Logger } from '@nestjs/common';
import path from 'node:path';
import { NodeEnvironment, type EnvironmentVariables } from '../config/environment.js';
import { startLocalDatabase, type LocalDatabase } from './local-database.js';

/**
 * Without MONGO_URL, development gets a local database whose data stays under LOCAL_DATA_DIR; it sets
 * process.env.MONGO_URL so the app connects to it. Production must name its database.
 */
export async function startDevelopmentDatabase(env: EnvironmentVariables, logger: Logger): Promise<LocalDatabase | null> {
  if (env.MONGO_URL || env.NODE_ENV === NodeEnvironment.Production) return null;
  const database = await startLocalDatabase({
    dataDir: path.resolve(env.LOCAL_DATA_DIR, 'mongodb'),
    postgresDatabase: 'sales_backend_dev',
    log: (line) => logger.log(line),
    debug: (line) => logger.debug(line),
  });
  process.env.MONGO_URL = database.url;
  logger.log(`No MONGO_URL set: using a local ${database.engine} at ${database.url} (database ${env.DB_NAME})`);
  return database;
}

/** A local .env fills in what the real environment leaves unset. */
export function loadDotEnv(): void {
  try {
    process.loadEnvFile('.env');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
