import { ApiProperty } from '@nestjs/swagger';
import { OPPORTUNITY_STATUSES, type OpportunityStatus } from '../../../data-lake/lake-record.js';
import { ActivityDto } from '../../activities/dto/activity.dto.js';
import { RefDto } from '../../common/ref.dto.js';

export const OPPORTUNITY_TYPES = ['lead', 'opportunity'] as const;
export type OpportunityType = (typeof OPPORTUNITY_TYPES)[number];

/** A lead or opportunity (crm.lead). Money is in `currency`, the opportunity's company currency. */
export class OpportunityDto {
  /** Odoo id (crm.lead). @example 4211 */
  id!: number;
  /** @example "Acme Corp: Office Design Project" */
  name!: string;
  @ApiProperty({ enum: OPPORTUNITY_TYPES, nullable: true, example: 'opportunity' })
  type!: string | null;
  /** `won` (in a won stage), `lost` (archived at probability 0, as "Mark as lost" leaves it) or `open`. */
  @ApiProperty({ enum: OPPORTUNITY_STATUSES, example: 'open' })
  status!: OpportunityStatus;
  /** The customer (res.partner): a company or a person. */
  partner!: RefDto | null;
  /** The salesperson (res.users). */
  owner!: RefDto | null;
  stage!: RefDto | null;
  /** The sales team (crm.team). */
  team!: RefDto | null;
  /** @example 12000 */
  expected_revenue!: number;
  /** Percent, 0 to 100. @example 40 */
  probability!: number;
  /** expected_revenue x probability / 100, rounded to the cent. @example 4800 */
  weighted_revenue!: number;
  /** ISO code. @example "EUR" */
  currency!: string | null;
  /** Expected closing date, YYYY-MM-DD. @example "2026-12-15" */
  expected_close!: string | null;
  /** When it was won or lost. */
  closed_at!: Date | null;
  /** When it was created in Odoo. */
  created_at!: Date | null;
  /** False when archived in Odoo (lost deals are archived). */
  active!: boolean;
}

/** One opportunity with its details and open activities. */
export class OpportunityDetailDto extends OpportunityDto {
  /** The prospect's company name, as typed on a lead without a customer. @example "Acme Corp" */
  partner_name!: string | null;
  /** @example "Jane Doe" */
  contact_name!: string | null;
  /** @example "jane.doe@acme.example" */
  email_from!: string | null;
  phone!: string | null;
  /** `0` (low) to `3` (very high). @example "1" */
  priority!: string | null;
  lost_reason!: RefDto | null;
  activities!: ActivityDto[];
}

export class OpportunityPageDto {
  items!: OpportunityDto[];
  /** @example 1250 */
  total!: number;
  /** @example 1 */
  page!: number;
  /** @example 50 */
  page_size!: number;
  /** Set when the caller is not linked to Odoo and so sees nothing. */
  hint?: string;
}
