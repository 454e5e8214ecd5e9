import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page-query.dto.js';
import { OPPORTUNITY_STATUSES, type OpportunityStatus } from '../../../data-lake/lake-record.js';
import { IsDay, sortValues } from '../../common/query.js';
import { OdooIdParam } from '../../common/query-fields.js';
import { OPPORTUNITY_TYPES, type OpportunityType } from './opportunity.dto.js';

/** Sortable fields and the stored fields they sort on. */
export const OPPORTUNITY_SORTS = {
  created: 'odoo_created_at',
  expected_close: 'date',
  expected_revenue: 'expected_revenue_cents',
  weighted_revenue: 'weighted_revenue_cents',
  probability: 'probability',
  closed: 'closed_at',
  name: 'name',
};

export class ListOpportunitiesQueryDto extends PageQueryDto {
  /** Sort field; a leading `-` sorts descending. */
  @IsOptional()
  @IsIn(sortValues(OPPORTUNITY_SORTS))
  @ApiPropertyOptional({ enum: sortValues(OPPORTUNITY_SORTS), default: '-created' })
  sort: string = '-created';

  /** Stage id (crm.stage). */
  @OdooIdParam()
  stage_id?: number;

  /** Salesperson's Odoo user id (res.users); outside the caller's scope, the list is empty. */
  @OdooIdParam()
  owner?: number;

  /** Sales team id (crm.team). */
  @OdooIdParam()
  team_id?: number;

  /** Customer id (res.partner). */
  @OdooIdParam()
  partner_id?: number;

  /** `open`, `won` (in a won stage) or `lost` (archived at probability 0). */
  @IsOptional()
  @IsIn(OPPORTUNITY_STATUSES)
  @ApiPropertyOptional({ enum: OPPORTUNITY_STATUSES })
  status?: OpportunityStatus;

  /** Leads or opportunities. */
  @IsOptional()
  @IsIn(OPPORTUNITY_TYPES)
  @ApiPropertyOptional({ enum: OPPORTUNITY_TYPES })
  type?: OpportunityType;

  /** Expected closing on or after this date. @example "2026-10-01" */
  @IsOptional()
  @IsDay()
  date_from?: string;

  /** Expected closing on or before this date. @example "2026-12-31" */
  @IsOptional()
  @IsDay()
  date_to?: string;

  /** Lowest probability, percent. @example 20 */
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  probability_min?: number;

  /** Highest probability, percent. @example 90 */
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  probability_max?: number;

  /** Text in the name or the customer's name, case-insensitive. @example "acme" */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}
