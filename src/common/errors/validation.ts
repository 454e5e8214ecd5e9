import { HttpStatus, type ValidationError } from '@nestjs/common';
import { ApiException } from './api.exception.js';
import type { FieldErrorDto } from './error-response.dto.js';

/** The ValidationPipe's exception: every failing field, nested ones by their dotted path. */
export function validationException(errors: ValidationError[]): ApiException {
  return new ApiException(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'Request validation failed', {
    details: flatten(errors),
  });
}

function flatten(errors: ValidationError[], parent?: string): FieldErrorDto[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, errors: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
