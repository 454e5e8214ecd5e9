import { createParamDecorator, HttpStatus, type ExecutionContext } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiException } from '../../common/errors/api.exception.js';
import { MAX_ODOO_ID } from '../../odoo/odoo-models.js';

/** An Odoo id: a positive integer (PostgreSQL serial). Anything else is a 400. */
function parseOdooId(value: string | undefined): number {
  if (value === undefined || !/^[1-9]\d{0,9}$/.test(value) || Number(value) > MAX_ODOO_ID) {
    throw new ApiException(HttpStatus.BAD_REQUEST, 'INVALID_ID', 'The id must be a positive integer (an Odoo record id)');
  }
  return Number(value);
}

/**
 * A path parameter holding an Odoo id: `@OdooIdPath('id') id: number`. It reads the parameter as sent: behind
 * `@Param('id', pipe) id: number`, the global ValidationPipe would hand the pipe `+value` instead, so that
 * `' 1'`, `'1e3'` or `'0x10'` passed as 1, 1000 or 16.
 */
export const OdooIdPath = createParamDecorator((name: string, context: ExecutionContext): number =>
  parseOdooId((context.switchToHttp().getRequest<FastifyRequest>().params as Record<string, string | undefined>)[name]),
);

/** Documents an `:id` path parameter that OdooIdPath reads. */
export function ApiOdooIdParam(model: string) {
  return ApiParam({ name: 'id', schema: { type: 'integer', minimum: 1, maximum: MAX_ODOO_ID }, description: `Odoo id (${model})`, example: 4211 });
}
