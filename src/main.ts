import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { configureApp, createFastifyAdapter } from './app.setup.js';
import { backendUrl, InvalidEnvironmentError, validateEnvironment } from './config/environment.js';
import { loadDotEnv, startDevelopmentDatabase } from './database/development-database.js';
import type { LocalDatabase } from './database/local-database.js';
import { startupLogger } from './logging/startup-logger.js';

const logger = new Logger('Bootstrap');

async function bootstrap(): Promise<void> {
  loadDotEnv();
  const initial = validateEnvironment(process.env);
  Logger.overrideLogger(startupLogger(initial));
  const localDatabase = await startDevelopmentDatabase(initial, logger);
  const env = validateEnvironment(process.env);

  const { AppModule } = await import('./app.module.js');
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createFastifyAdapter(env), {
    rawBody: true,
    bufferLogs: true,
  });
  await configureApp(app, env);
  stopOnSignals(app, localDatabase, env.SHUTDOWN_TIMEOUT_SECONDS);
  await app.listen(env.PORT, env.HOST);
  const url = backendUrl(env);
  logger.log(`Node ${process.version}, ${env.NODE_ENV}; listening on ${env.HOST}:${env.PORT}`);
  if (env.API_DOCS_ENABLED) logger.log(`API docs: ${url}/api/docs`);
}

/**
 * On SIGTERM or SIGINT the app closes (a running sync stops at its next page, requests in flight finish), then the
 * local database stops: last, as the app uses it to the end. Whatever hangs, the process exits within
 * `timeoutSeconds`; a second signal makes it exit at once.
 */
function stopOnSignals(app: NestFastifyApplication, localDatabase: LocalDatabase | null, timeoutSeconds: number): void {
  let closing = false;
  // A keep-alive connection would hold the close open until it idles out (72 s): responses sent while closing end theirs.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (_request, reply) => {
      if (closing) void reply.header('connection', 'close');
    });
  const stop = async (signal: NodeJS.Signals) => {
    if (closing) {
      logger.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    closing = true;
    logger.log(`${signal}: shutting down (SHUTDOWN_TIMEOUT_SECONDS ${timeoutSeconds})`);
    setTimeout(() => {
      logger.error(`Not shut down after ${timeoutSeconds} s (SHUTDOWN_TIMEOUT_SECONDS); exiting now`);
      process.exit(1);
    }, timeoutSeconds * 1000).unref();
    try {
      await app.close();
      await localDatabase?.stop();
    } catch (error) {
      logger.error(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
    logger.log('Shut down cleanly');
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, (received) => void stop(received));
}

bootstrap().catch((error: unknown) => {
  if (error instanceof InvalidEnvironmentError) {
    for (const problem of error.problems) console.error(`Configuration error: ${problem}`);
  } else {
    logger.error(error instanceof Error ? error.message : String(error));
  }
  process.exit(1);
});
