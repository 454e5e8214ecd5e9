import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../errors/error-response.dto.js';

const DESCRIPTIONS: Partial<Record<HttpStatus, string>> = {
  [HttpStatus.BAD_REQUEST]: 'Invalid request: malformed JSON, unknown or invalid fields',
  [HttpStatus.UNAUTHORIZED]: 'Missing, invalid or expired bearer token',
  [HttpStatus.FORBIDDEN]: 'The caller lacks the role this route needs',
  [HttpStatus.NOT_FOUND]: 'No such resource, or outside the caller\'s scope',
  [HttpStatus.CONFLICT]: 'Conflicts with the current state',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'Request body larger than the configured limit',
  [HttpStatus.TOO_MANY_REQUESTS]: 'Rate limit reached; see Retry-After',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'A dependency is unavailable',
};

/** Documents the error answers of a route, all in the one error shape. */
export function ApiErrorResponses(...statuses: HttpStatus[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', type: ErrorResponseDto }),
    ),
  );
}
