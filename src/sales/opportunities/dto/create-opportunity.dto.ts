import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNumber, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsOmittable } from '../../../common/validation/is-omittable.js';
import { MAX_ODOO_ID } from '../../../odoo/odoo-models.js';
import { IsDay } from '../../common/query.js';
import { OPPORTUNITY_TYPES, type OpportunityType } from './opportunity.dto.js';

/** A new opportunity, created in Odoo (crm.lead) first. */
export class CreateOpportunityDto {
  /** @example "Acme Corp: Office Design Project" */
  @IsString()
  @MaxLength(200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  /** Customer id (res.partner). @example 58 */
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(MAX_ODOO_ID)
  partner_id?: number;

  /** In the company currency. @example 12000 */
  @IsOmittable()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1_000_000_000_000)
  expected_revenue?: number;

  /** Percent, 0 to 100. @example 30 */
  @IsOmittable()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100)
  probability?: number;

  /** Expected closing date. @example "2026-12-15" */
  @IsOmittable()
  @IsDay()
  expected_close?: string;

  /** Stage id (crm.stage); Odoo's first stage when omitted. @example 2 */
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(MAX_ODOO_ID)
  stage_id?: number;

  /** Sales team id (crm.team). @example 1 */
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(MAX_ODOO_ID)
  team_id?: number;

  /**
   * Salesperson's Odoo user id (res.users); the caller's own when omitted. Anyone but an admin may only
   * assign a salesperson inside their own scope. @example 7
   */
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(MAX_ODOO_ID)
  owner_id?: number;

  /** `opportunity` when omitted. */
  @IsOmittable()
  @IsIn(OPPORTUNITY_TYPES)
  @ApiPropertyOptional({ enum: OPPORTUNITY_TYPES, default: 'opportunity' })
  type?: OpportunityType;
}
