import { ValidateIf } from 'class-validator';

/**
 * A body field that may be left out but is never null. class-validator's IsOptional lets null through as well,
 * and a PATCH would then store it (a user named null, of role null).
 */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}
