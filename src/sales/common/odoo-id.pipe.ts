import { HttpStatus, Injectable, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { ApiException } from '../../common/errors/api.exception.js';

const MAX_ID = 2_147_483_647;

/** A path id that is an Odoo id: a positive integer (PostgreSQL serial). Anything else is a 400. */
@Injectable()
export class OdooIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^[1-9]\d{0,9}$/.test(value) || Number(value) > MAX_ID) {
      throw new ApiException(HttpStatus.BAD_REQUEST, 'INVALID_ID', 'The id must be a positive integer (an Odoo record id)');
    }
    return Number(value);
  }
}

/** Documents an `:id` path parameter that OdooIdPipe reads. */
export function ApiOdooIdParam(model: string) {
  return ApiParam({ name: 'id', schema: { type: 'integer', minimum: 1, maximum: MAX_ID }, description: `Odoo id (${model})`, example: 4211 });
}
