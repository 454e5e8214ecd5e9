import { ApiProperty } from '@nestjs/swagger';
import { ApiMoney } from '../../common/query.js';
import type { Money } from '../../common/money.js';
import { RefDto } from '../../common/ref.dto.js';

export class PeriodDto {
  /** The named period, or `custom` for date_from/date_to. @example "this_quarter" */
  @ApiProperty({ enum: ['this_month', 'this_quarter', 'this_year', 'last_quarter', 'custom'] })
  name!: string;
  /** First day, YYYY-MM-DD (UTC). @example "2026-10-01" */
  date_from!: string;
  /** Last day, included. @example "2026-12-31" */
  date_to!: string;
}

export class PipelineDto {
  /** @example 412 */
  count!: number;
  @ApiMoney('Expected revenue')
  value!: Money;
  @ApiMoney('Expected revenue x probability / 100')
  weighted_value!: Money;
}

export class CountValueDto {
  /** @example 57 */
  count!: number;
  @ApiMoney('Expected revenue')
  value!: Money;
}

export class StagePipelineDto {
  /** Null for opportunities without a stage. */
  stage!: RefDto | null;
  /** @example 120 */
  count!: number;
  @ApiMoney('Expected revenue')
  value!: Money;
  @ApiMoney('Weighted revenue')
  weighted_value!: Money;
}

export class MonthValueDto {
  /** YYYY-MM (UTC). @example "2026-11" */
  month!: string;
  /** @example 14 */
  count!: number;
  @ApiMoney('Expected revenue')
  value!: Money;
}

export class ForecastMonthDto extends MonthValueDto {
  @ApiMoney('Weighted revenue')
  weighted_value!: Money;
}

export class TopAccountDto {
  /** The customer company (a person when the customer has no company). */
  account!: RefDto;
  /** The currency of the amounts. @example "EUR" */
  currency!: string;
  /** Open opportunities' expected revenue. @example 42000 */
  open_value!: number;
  /** Expected revenue of the opportunities won in the period. @example 18500 */
  won_value!: number;
  /** open_value + won_value. @example 60500 */
  total_value!: number;
}

export class ActivityCountsDto {
  /** Deadline before today (UTC). @example 12 */
  overdue!: number;
  /** @example 3 */
  today!: number;
  /** Deadline after today. @example 40 */
  upcoming!: number;
}

export class ReceivablesSummaryDto {
  /** Posted customer invoices and credit notes with an amount still due. @example 37 */
  open_invoices!: number;
  @ApiMoney('Amount due (credit notes count negative)')
  amount_due!: Money;
  @ApiMoney('Amount due past its due date')
  overdue_amount!: Money;
  @ApiMoney("Amount due in the invoices' company currency, from Odoo's signed amounts (the aged receivable report's total)")
  company_amount_due!: Money;
  @ApiMoney("Amount due past its due date, in the invoices' company currency")
  company_overdue_amount!: Money;
}

/**
 * Sales figures for a period, over what the caller may see. Pipeline figures count opportunities (type
 * `opportunity`), not unqualified leads, as Odoo's pipeline does. Money is per currency, never converted.
 */
export class DashboardDto {
  period!: PeriodDto;
  /** Open opportunities now (not archived), whatever the period. */
  open_pipeline!: PipelineDto;
  /** Opportunities won in the period (by closing date). */
  won!: CountValueDto;
  /** Opportunities lost in the period (by closing date). */
  lost!: CountValueDto;
  /** won / (won + lost) by count, in the period; null when none closed. @example 0.4231 */
  win_rate!: number | null;
  @ApiMoney('Average expected revenue of the deals won in the period')
  average_won_deal!: Money;
  /** Average days from creation to closing of the deals won in the period, one decimal. @example 46.3 */
  average_sales_cycle_days!: number | null;
  /**
   * Open pipeline per stage, in stage id order: stages themselves (crm.stage with its sequence) are not synced
   * yet, and Odoo numbers its default stages in pipeline order.
   */
  pipeline_by_stage!: StagePipelineDto[];
  /** Won deals per closing month of the period (months without any are left out). */
  won_by_month!: MonthValueDto[];
  /** Open opportunities per expected closing month within the period (lost ones excluded). */
  forecast_by_month!: ForecastMonthDto[];
  /** Per currency, the 10 customers with the most open + won-in-period value, highest first. */
  top_accounts!: TopAccountDto[];
  /** Open activities assigned to users in the scope. */
  activities!: ActivityCountsDto;
  receivables!: ReceivablesSummaryDto;
  /** Set when the caller is not linked to Odoo and so sees nothing. */
  hint?: string;
}
