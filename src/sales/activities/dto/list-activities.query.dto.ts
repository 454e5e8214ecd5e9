import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page-query.dto.js';
import { IsDay, sortValues } from '../../common/query.js';
import { OdooIdParam } from '../../common/query-fields.js';
import { ACTIVITY_STATES, type ActivityState } from './activity.dto.js';

export const ACTIVITY_SORTS = { deadline: 'date', created: 'odoo_created_at' };

export class ListActivitiesQueryDto extends PageQueryDto {
  /** Sort field; a leading `-` sorts descending. */
  @IsOptional()
  @IsIn(sortValues(ACTIVITY_SORTS))
  @ApiPropertyOptional({ enum: sortValues(ACTIVITY_SORTS), default: 'deadline' })
  sort: string = 'deadline';

  /** From the deadline against today (UTC): `overdue` before today, `today`, `planned` after today. */
  @IsOptional()
  @IsIn(ACTIVITY_STATES)
  @ApiPropertyOptional({ enum: ACTIVITY_STATES })
  state?: ActivityState;

  /** Activity type id (mail.activity.type). */
  @OdooIdParam()
  activity_type_id?: number;

  /** Assigned user's Odoo id (res.users); outside the caller's scope, the list is empty. */
  @OdooIdParam()
  owner?: number;

  /** Deadline on or after this date. @example "2026-11-01" */
  @IsOptional()
  @IsDay()
  date_from?: string;

  /** Deadline on or before this date. @example "2026-11-30" */
  @IsOptional()
  @IsDay()
  date_to?: string;
}
