import { ApiProperty } from '@nestjs/swagger';
import { RefDto } from '../../common/ref.dto.js';

export const ACTIVITY_STATES = ['overdue', 'today', 'planned'] as const;
export type ActivityState = (typeof ACTIVITY_STATES)[number];

/** A scheduled activity (mail.activity): a call, meeting, email or to-do on a record. */
export class ActivityDto {
  /** Odoo id (mail.activity). @example 311 */
  id!: number;
  /** @example "Call to discuss requirements" */
  summary!: string | null;
  /** Activity type (mail.activity.type). */
  type!: RefDto | null;
  /** Due date, YYYY-MM-DD. @example "2026-12-01" */
  deadline!: string | null;
  /** From the deadline against today (UTC), as Odoo computes it. */
  @ApiProperty({ enum: ACTIVITY_STATES, nullable: true, example: 'planned' })
  state!: ActivityState | null;
  /** The user the activity is assigned to (res.users). */
  owner!: RefDto | null;
  /** Model of the record it is attached to. @example "crm.lead" */
  res_model!: string | null;
  /** Id of the record it is attached to. @example 4211 */
  res_id!: number | null;
  /** Display name of that record. @example "Acme Corp: Office Design Project" */
  res_name!: string | null;
  /** Odoo's note (HTML). @example "<p>Bring the price list</p>" */
  note!: string | null;
  created_at!: Date | null;
}

export class ActivityPageDto {
  items!: ActivityDto[];
  /** @example 132 */
  total!: number;
  /** @example 1 */
  page!: number;
  /** @example 50 */
  page_size!: number;
  /** Set when the caller is not linked to Odoo and so sees nothing. */
  hint?: string;
}

export class OpportunityActivitiesDto {
  /** @example 4211 */
  opportunity_id!: number;
  /** Open activities of the opportunity, by deadline. */
  items!: ActivityDto[];
}
