import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CODES, type ErrorCode } from './error-codes.js';

/** One field that failed validation, by its path in the request (`items.0.name`). */
export class FieldErrorDto {
  /** @example "email" */
  field!: string;
  /** @example ["email must be an email"] */
  errors!: string[];
}

/** The one shape of every error this API answers with. */
export class ErrorResponseDto {
  /** HTTP status code. @example 400 */
  status!: number;
  /** Stable machine-readable error code. @example "VALIDATION_FAILED" */
  @ApiProperty({ enum: ERROR_CODES })
  code!: ErrorCode;
  /** Human-readable explanation. @example "Request validation failed" */
  message!: string;
  /** Per-field problems, for validation errors. */
  details?: FieldErrorDto[];
  /** Machine-readable facts about this error, e.g. `{ "sync_id": "..." }` for a sync already running. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { sync_id: '5b0c...' } })
  context?: Record<string, unknown>;
  /** Correlates this answer with the server's log; echoed in the `x-request-id` header. @example "6b0f1f5e-2f57-4d1c-9c0a-2a2b8f8f9a10" */
  request_id!: string;
}
