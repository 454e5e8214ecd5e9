import { HttpException, HttpStatus } from '@nestjs/common';
import type { ErrorCode } from './error-codes.js';
import type { FieldErrorDto } from './error-response.dto.js';

export interface ApiExceptionOptions {
  details?: FieldErrorDto[];
  /** Response headers that go with the error, e.g. `Retry-After`. */
  headers?: Record<string, string>;
  /** Machine-readable facts about the error, e.g. the id of the sync already running. */
  context?: Record<string, unknown>;
}

/** An HTTP error with a stable code of our own, answered in the one error shape. */
export class ApiException extends HttpException {
  readonly details?: FieldErrorDto[];
  readonly headers: Record<string, string>;
  readonly context?: Record<string, unknown>;

  constructor(
    status: HttpStatus,
    readonly code: ErrorCode,
    message: string,
    options: ApiExceptionOptions = {},
  ) {
    super({ code, message, details: options.details }, status);
    this.details = options.details;
    this.headers = options.headers ?? {};
    this.context = options.context;
  }
}

/** The code an HTTP status gets when the thrower gave none. */
export function defaultErrorCode(status: number): ErrorCode {
  const codes: Record<number, ErrorCode> = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHORIZED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    406: 'NOT_ACCEPTABLE',
    408: 'REQUEST_TIMEOUT',
    409: 'CONFLICT',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    422: 'UNPROCESSABLE_ENTITY',
    429: 'TOO_MANY_REQUESTS',
    503: 'SERVICE_UNAVAILABLE',
  };
  return codes[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'HTTP_ERROR');
}
