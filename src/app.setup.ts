import { randomUUID } from 'node:crypto';
import helmet from '@fastify/helmet';
import { ValidationPipe } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter.js';
import { validationException } from './common/errors/validation.js';
import type { EnvironmentVariables } from './config/environment.js';
import { setupOpenApi } from './openapi.js';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** A caller's `x-request-id` is kept when it is a plain token, so logs correlate across services. */
function requestId(request: { headers: FastifyRequest['headers'] }): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

export function createFastifyAdapter(env: EnvironmentVariables): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: env.BODY_LIMIT_BYTES,
    genReqId: requestId,
    requestIdHeader: false,
    // The seed writes some paths with a trailing slash (`/integrations/`); both spellings answer.
    routerOptions: { ignoreTrailingSlash: true },
    // Trusting X-Forwarded-For from anyone would let a client pick its own address and dodge the login limits.
    trustProxy: (_address: string, hop: number) => hop < env.TRUST_PROXY_HOPS,
  });
}

/** Everything main.ts and the e2e tests share: prefix, validation, errors, security headers, CORS, docs. */
export async function configureApp(app: NestFastifyApplication, env: EnvironmentVariables): Promise<void> {
  app.setGlobalPrefix('api');
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationException,
    }),
  );
  app.useGlobalFilters(new AllExceptionsFilter());
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
      void reply.header('x-request-id', request.id);
    });
  // No upgrade-insecure-requests: it breaks the Swagger UI for QA on plain-http hosts other than localhost.
  await app.register(helmet, { contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
  const origins = env.CORS_ORIGINS.split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  app.enableCors({ origin: origins.length > 0 ? origins : false, credentials: true });
  setupOpenApi(app);
}
