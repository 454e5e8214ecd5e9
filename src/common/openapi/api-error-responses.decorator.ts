import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { ErrorCode } from '../errors/error-codes.js';
import { ErrorResponseDto } from '../errors/error-response.dto.js';

const DESCRIPTIONS = {
  [HttpStatus.BAD_REQUEST]: 'Invalid request: malformed JSON, unknown or invalid fields',
  [HttpStatus.UNAUTHORIZED]: 'Missing, invalid or expired bearer token',
  [HttpStatus.FORBIDDEN]: 'The caller lacks the role this route needs',
  [HttpStatus.NOT_FOUND]: 'No such resource, or outside the caller\'s scope',
  [HttpStatus.CONFLICT]: 'Conflicts with the current state',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'Request body larger than the configured limit',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'Request body not sent as application/json',
  [HttpStatus.UNPROCESSABLE_ENTITY]: 'Well-formed, but could not be carried out; the code says why',
  [HttpStatus.TOO_MANY_REQUESTS]: 'Rate limit reached; see Retry-After',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'A dependency is unavailable',
} satisfies Partial<Record<HttpStatus, string>>;

/** The error statuses a route can document; each has a description and an example with a code of the catalogue. */
type DocumentedStatus = keyof typeof DESCRIPTIONS;

/** What each status typically answers, so Swagger UI does not show a validation error under a 401. */
const EXAMPLES: Record<DocumentedStatus, { code: ErrorCode; message: string; details?: object[] }> = {
  [HttpStatus.BAD_REQUEST]: { code: 'VALIDATION_FAILED', message: 'Request validation failed', details: [{ field: 'email', errors: ['email must be an email'] }] },
  [HttpStatus.UNAUTHORIZED]: { code: 'UNAUTHORIZED', message: 'Missing or invalid bearer token' },
  [HttpStatus.FORBIDDEN]: { code: 'FORBIDDEN', message: 'This route needs the admin role' },
  [HttpStatus.NOT_FOUND]: { code: 'NOT_FOUND', message: 'Not found' },
  [HttpStatus.CONFLICT]: { code: 'CONFLICT', message: 'Conflicts with the current state' },
  [HttpStatus.PAYLOAD_TOO_LARGE]: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' },
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Request bodies must be JSON (Content-Type: application/json)' },
  [HttpStatus.UNPROCESSABLE_ENTITY]: { code: 'ODOO_AUTHENTICATION_FAILED', message: 'Odoo refused the username and API key' },
  [HttpStatus.TOO_MANY_REQUESTS]: { code: 'TOO_MANY_REQUESTS', message: 'Too many attempts; try again later' },
  [HttpStatus.SERVICE_UNAVAILABLE]: { code: 'SERVICE_UNAVAILABLE', message: 'A dependency is unavailable' },
};

/** Documents the error answers of a route, all in the one error shape. */
export function ApiErrorResponses(...statuses: DocumentedStatus[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status], type: ErrorResponseDto, example: exampleOf(status) }),
    ),
  );
}

function exampleOf(status: DocumentedStatus) {
  return { status, ...EXAMPLES[status], request_id: '6b0f1f5e-2f57-4d1c-9c0a-2a2b8f8f9a10' };
}
