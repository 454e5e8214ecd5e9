import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** An optional query parameter holding an Odoo record id. */
export function OdooIdParam() {
  return applyDecorators(
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(2_147_483_647),
    ApiPropertyOptional({ type: 'integer', minimum: 1 }),
  );
}
