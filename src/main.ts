import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { configureApp, createFastifyAdapter } from './app.setup.js';
import { backendUrl, InvalidEnvironmentError, validateEnvironment } from './config/environment.js';
import { loadDotEnv, startDevelopmentDatabase } from './database/development-database.js';

const logger = new Logger('Bootstrap');

async function bootstrap(): Promise<void> {
  loadDotEnv();
  const localDatabase = await startDevelopmentDatabase(validateEnvironment(process.env), logger);
  const env = validateEnvironment(process.env);

  const { AppModule } = await import('./app.module.js');
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
  const url = backendUrl(env);
  logger.log(`Node ${process.version}, ${env.NODE_ENV}; listening on ${env.HOST}:${env.PORT}`);
  if (env.API_DOCS_ENABLED) logger.log(`API docs: ${url}/api/docs`);
}

bootstrap().catch((error: unknown) => {
  if (error instanceof InvalidEnvironmentError) {
    for (const problem of error.problems) console.error(`Configuration error: ${problem}`);
  } else {
    logger.error(error instanceof Error ? error.message : String(error));
  }
  process.exit(1);
});
