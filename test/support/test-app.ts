import type { ModuleMetadata } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module.js';
import { configureApp, createFastifyAdapter } from '../../src/app.setup.js';
import { validateEnvironment } from '../../src/config/environment.js';
import { checkQueries } from './query-coverage.js';
import { LOG_DESTINATION } from '../../src/logging/logging.module.js';
import { scanResponse } from './secret-scan.js';
import { testLog } from './test-log.js';

/**
 * The real application, configured exactly as main.ts does, on this test file's own database.
 * `extra` adds test-only controllers or providers beside AppModule. `env` overrides what main.ts reads before
 * Nest starts (body limit, CORS); ConfigModule reads process.env when AppModule is first imported, so a test
 * that needs another MONGO_URL sets it before importing this file.
 */
export async function createTestApp(
  extra: Pick<ModuleMetadata, 'controllers' | 'providers'> = {},
  env: Record<string, string | undefined> = {},
): Promise<NestFastifyApplication> {
  const environment = validateEnvironment({ ...process.env, ...env });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule], ...extra }).overrideProvider(LOG_DESTINATION).useValue(testLog).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(environment), { rawBody: true });
  await configureApp(app, environment);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (request, _reply, payload) => {
      scanResponse(request.url, payload);
      return payload;
    });
  checkQueries(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
