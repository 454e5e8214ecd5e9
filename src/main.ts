import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppModule } from './app.module.js';
import { configureApp, createFastifyAdapter } from './app.setup.js';
import { InvalidEnvironmentError, NodeEnvironment, validateEnvironment } from './config/environment.js';
import { startLocalDatabase, type LocalDatabase } from './database/local-database.js';

const logger = new Logger('Bootstrap');

async function bootstrap(): Promise<void> {
  // A local .env fills in what the real environment leaves unset.
  if (existsSync('.env')) process.loadEnvFile('.env');
  let env = validateEnvironment(process.env);
  const localDatabase = await startDevelopmentDatabase(env);
  if (localDatabase) {
    process.env.MONGO_URL = localDatabase.url;
    env = validateEnvironment(process.env);
  }

  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createFastifyAdapter(env), {
    rawBody: true,
    bufferLogs: true,
  });
  await configureApp(app, env);
  app.enableShutdownHooks();
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onClose', async () => {
      await localDatabase?.stop();
      logger.log('Shut down cleanly');
    });
  await app.listen(env.PORT, env.HOST);
  const url = env.BACKEND_URL ?? `http://localhost:${env.PORT}`;
  logger.log(`Node ${process.version}, ${env.NODE_ENV}; listening on ${env.HOST}:${env.PORT}`);
  logger.log(`API docs: ${url}/api/docs`);
}

/** Without MONGO_URL, development gets a local database whose data stays under LOCAL_DATA_DIR. */
async function startDevelopmentDatabase(env: ReturnType<typeof validateEnvironment>): Promise<LocalDatabase | null> {
  if (env.MONGO_URL || env.NODE_ENV === NodeEnvironment.Production) return null;
  const database = await startLocalDatabase({
    dataDir: path.resolve(env.LOCAL_DATA_DIR, 'mongodb'),
    postgresDatabase: 'sales_backend_dev',
    log: (line) => logger.log(line),
  });
  logger.log(`No MONGO_URL set: using a local ${database.engine} at ${database.url} (database ${env.DB_NAME})`);
  return database;
}

bootstrap().catch((error: unknown) => {
  if (error instanceof InvalidEnvironmentError) {
    for (const problem of error.problems) console.error(`Configuration error: ${problem}`);
  } else {
    logger.error(error instanceof Error ? error.message : String(error));
  }
  process.exit(1);
});
