import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_ODOO_ID } from '../../odoo/odoo-models.js';

/** An optional query parameter holding an Odoo record id. */
export function OdooIdParam() {
  return applyDecorators(
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(MAX_ODOO_ID),
    ApiPropertyOptional({ type: 'integer', minimum: 1 }),
  );
}
