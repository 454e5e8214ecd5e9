import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page-query.dto.js';
import { IsDay, sortValues } from '../../common/query.js';
import { OdooIdParam } from '../../common/query-fields.js';
import { AGING_BUCKETS, type AgingBucket } from '../aging.js';

export const RECEIVABLE_SORTS = {
  due_date: 'due_date',
  invoice_date: 'date',
  amount_due: 'amount_residual_cents',
  name: 'name',
};

export class ListReceivablesQueryDto extends PageQueryDto {
  /** Sort field; a leading `-` sorts descending. */
  @IsOptional()
  @IsIn(sortValues(RECEIVABLE_SORTS))
  @ApiPropertyOptional({ enum: sortValues(RECEIVABLE_SORTS), default: 'due_date' })
  sort: string = 'due_date';

  /** Age the invoices at this date instead of today (UTC). @example "2026-12-31" */
  @IsOptional()
  @IsDay()
  as_of?: string;

  /** Customer id (res.partner): its own invoices and, for a company, those of its contacts. */
  @OdooIdParam()
  partner_id?: number;

  /** Only this aging bucket. */
  @IsOptional()
  @IsIn(AGING_BUCKETS)
  @ApiPropertyOptional({ enum: AGING_BUCKETS })
  bucket?: AgingBucket;

  /** ISO currency code. @example "EUR" */
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency?: string;
}
