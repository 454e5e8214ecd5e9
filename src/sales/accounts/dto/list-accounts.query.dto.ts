import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page-query.dto.js';
import { sortValues } from '../../common/query.js';

export const ACCOUNT_SORTS = { name: 'name', created: 'odoo_created_at' };

export class ListAccountsQueryDto extends PageQueryDto {
  /** Sort field; a leading `-` sorts descending. */
  @IsOptional()
  @IsIn(sortValues(ACCOUNT_SORTS))
  @ApiPropertyOptional({ enum: sortValues(ACCOUNT_SORTS), default: 'name' })
  sort: string = 'name';

  /** Text in the name or the email, case-insensitive. @example "acme" */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}
