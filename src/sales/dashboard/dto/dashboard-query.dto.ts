import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsDay } from '../../common/query.js';
import { PERIODS, type PeriodName } from '../period.js';

export class DashboardQueryDto {
  /** A calendar period in UTC; `this_quarter` when neither it nor dates are given. */
  @IsOptional()
  @IsIn(PERIODS)
  @ApiPropertyOptional({ enum: PERIODS, default: 'this_quarter' })
  period?: PeriodName;

  /** First day of a custom period, with `date_to` (instead of `period`). @example "2026-01-01" */
  @IsOptional()
  @IsDay()
  date_from?: string;

  /** Last day of a custom period, included. @example "2026-06-30" */
  @IsOptional()
  @IsDay()
  date_to?: string;
}
