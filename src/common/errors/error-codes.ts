import { AUTH_ERRORS } from '../../auth/auth-errors.js';
import { INTEGRATION_ERRORS } from '../../integrations/integration-errors.js';
import { SALES_ERRORS } from '../../sales/sales-errors.js';
import { SYNC_ERRORS } from '../../sync/sync-errors.js';
import { USER_ERRORS } from '../../users/user-errors.js';
import { WEBHOOK_ERRORS } from '../../webhooks/webhook-errors.js';

/**
 * The codes any route can answer: the default of each HTTP status (defaultErrorCode), the framework's refusals, the
 * global guards and pipes, and the shared errors of common-errors.ts.
 */
const COMMON_ERRORS = [
  'BAD_REQUEST',
  'CONFLICT',
  'DATABASE_UNAVAILABLE',
  'FORBIDDEN',
  'HTTP_ERROR',
  'INTERNAL_ERROR',
  'INVALID_JSON',
  'INVALID_RANGE',
  'INVALID_URL',
  'METHOD_NOT_ALLOWED',
  'NOT_ACCEPTABLE',
  'NOT_FOUND',
  'PAYLOAD_TOO_LARGE',
  'REQUEST_TIMEOUT',
  'SERVICE_UNAVAILABLE',
  'SUPER_ADMIN_REQUIRED',
  'TOO_MANY_REQUESTS',
  'UNAUTHORIZED',
  'UNPROCESSABLE_ENTITY',
  'UNSUPPORTED_MEDIA_TYPE',
  'URI_TOO_LONG',
  'VALIDATION_FAILED',
] as const;

/**
 * Every code an error answer can carry, sorted: each module keeps its own in a `*-errors.ts` beside it. The error
 * schema of openapi.json lists them, so a client can switch on them and the contract tests refuse any other.
 */
export const ERROR_CODES = [
  ...new Set([...COMMON_ERRORS, ...AUTH_ERRORS, ...USER_ERRORS, ...INTEGRATION_ERRORS, ...SYNC_ERRORS, ...WEBHOOK_ERRORS, ...SALES_ERRORS]),
].sort();

export type ErrorCode = (typeof ERROR_CODES)[number];
