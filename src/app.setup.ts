import { randomUUID } from 'node:crypto';
import helmet from '@fastify/helmet';
import { HttpStatus, ValidationPipe } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Logger, PinoLogger } from 'nestjs-pino';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter.js';
import { ApiException, defaultErrorCode } from './common/errors/api.exception.js';
import type { ErrorCode } from './common/errors/error-codes.js';
import type { ErrorResponseDto } from './common/errors/error-response.dto.js';
import { validationException } from './common/errors/validation.js';
import { UnsafeInputPipe } from './common/validation/unsafe-input.pipe.js';
import type { EnvironmentVariables } from './config/environment.js';
import { recordHttpMetrics } from './metrics/http-metrics.js';
import { MetricsService } from './metrics/metrics.service.js';
import { logRequests } from './logging/request-log.js';
import { setupOpenApi } from './openapi.js';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** A caller's `x-request-id` is kept when it is a plain token, so logs correlate across services. */
function requestId(request: { headers: FastifyRequest['headers'] }): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

const FRAMEWORK_ERRORS: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_BAD_URL: { code: 'INVALID_URL', message: 'The URL is malformed (an invalid percent-escape)' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'URI_TOO_LONG', message: 'A path segment of the URL is too long' },
};

/**
 * Fastify's router refuses a malformed URL (`/users/%`, 400) or an over-long path parameter (414) before any hook
 * or Nest's exception layer runs; these answer in the one error shape too.
 */
function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 400;
  const { code, message } = FRAMEWORK_ERRORS[error.code] ?? { code: defaultErrorCode(status), message: error.message };
  const body: ErrorResponseDto = { status, code, message, request_id: String(request.id) };
  void reply.status(status).header('x-request-id', request.id).send(body);
}

export function createFastifyAdapter(env: EnvironmentVariables): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: env.BODY_LIMIT_BYTES,
    genReqId: requestId,
    requestIdHeader: false,
    frameworkErrors: frameworkError,
    // The seed writes some paths with a trailing slash (`/integrations/`); both spellings answer.
    routerOptions: { ignoreTrailingSlash: true },
    // Trusting X-Forwarded-For from anyone would let a client pick its own address and dodge the login limits.
    trustProxy: (_address: string, hop: number) => hop < env.TRUST_PROXY_HOPS,
  });
}

/** Everything main.ts and the e2e tests share: logs, prefix, validation, errors, security headers, CORS, docs. */
export async function configureApp(app: NestFastifyApplication, env: EnvironmentVariables): Promise<void> {
  app.useLogger(app.get(Logger));
  // The root logger: a request's own child logger would repeat its id.
  logRequests(app.getHttpAdapter().getInstance(), PinoLogger.root);
  app.setGlobalPrefix('api');
  app.useGlobalPipes(
    new UnsafeInputPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationException,
    }),
  );
  app.useGlobalFilters(new AllExceptionsFilter());
  // Bodies are JSON only. Nest would parse a form-encoded one too, into fields named after whatever text was sent,
  // which the validation errors then echo back (secrets included); it is refused instead.
  app.useBodyParser('application/x-www-form-urlencoded', {}, () => {
    throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'UNSUPPORTED_MEDIA_TYPE', 'Request bodies must be JSON (Content-Type: application/json)');
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
      void reply.header('x-request-id', request.id);
    });
  recordHttpMetrics(app.getHttpAdapter().getInstance(), app.get(MetricsService));
  // No upgrade-insecure-requests: it breaks the Swagger UI for QA on plain-http hosts other than localhost.
  await app.register(helmet, { contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
  const origins = env.CORS_ORIGINS.split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  app.enableCors({ origin: origins.length > 0 ? origins : false, credentials: true });
  if (env.API_DOCS_ENABLED) setupOpenApi(app);
}
