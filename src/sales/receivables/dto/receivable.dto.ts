import { ApiProperty } from '@nestjs/swagger';
import type { Money } from '../../common/money.js';
import { ApiMoney } from '../../common/query.js';
import { RefDto } from '../../common/ref.dto.js';
import { AGING_BUCKETS, type AgingBucket } from '../aging.js';

/**
 * An open customer invoice or credit note (account.move). Amounts are in its `currency`, and again in its
 * company's currency as Odoo counts them (`company_*`, Odoo's signed amounts: what its aged receivable shows).
 */
export class ReceivableDto {
  /** Odoo id (account.move). @example 913 */
  id!: number;
  /** @example "INV/2026/00412" */
  name!: string;
  /** `out_invoice` (invoice) or `out_refund` (credit note, amounts negative). @example "out_invoice" */
  type!: string | null;
  /** The customer (res.partner) on the invoice: a company, or a person. */
  partner!: RefDto | null;
  /** The customer's commercial entity: the company of a contact, else the customer itself (what `by_customer` groups by). */
  commercial_partner!: RefDto | null;
  /** The salesperson (res.users). */
  salesperson!: RefDto | null;
  /** @example "2026-09-30" */
  invoice_date!: string | null;
  /** @example "2026-10-30" */
  due_date!: string | null;
  /** Days past the due date at `as_of`; 0 when not yet due. @example 25 */
  days_overdue!: number;
  @ApiProperty({ enum: AGING_BUCKETS, example: 'days_1_30' })
  bucket!: AgingBucket;
  /** ISO code. @example "EUR" */
  currency!: string | null;
  /** @example 1210 */
  amount_total!: number;
  /** What the customer still owes. @example 605 */
  amount_due!: number;
  /** ISO code of the company's currency. @example "USD" */
  company_currency!: string | null;
  /** amount_total in the company's currency (Odoo's amount_total_signed). @example 1306.8 */
  company_amount_total!: number;
  /** amount_due in the company's currency (Odoo's amount_residual_signed). @example 653.4 */
  company_amount_due!: number;
  /** Odoo's payment state: `not_paid` or `partial`. @example "partial" */
  payment_state!: string | null;
}

/** Amounts due per aging bucket and currency (invoice currency, or company currency for `company_totals`). */
export class AgingTotalsDto {
  @ApiMoney('Not yet due')
  not_due!: Money;
  @ApiMoney('1 to 30 days past due')
  days_1_30!: Money;
  @ApiMoney('31 to 60 days past due')
  days_31_60!: Money;
  @ApiMoney('61 to 90 days past due')
  days_61_90!: Money;
  @ApiMoney('91 to 120 days past due')
  days_91_120!: Money;
  @ApiMoney('More than 120 days past due')
  older!: Money;
  @ApiMoney('All buckets')
  total!: Money;
}

/** One customer's amounts due in one invoice currency, per aging bucket. */
export class CustomerAgingDto {
  /** The commercial partner (a company with its contacts' invoices, or a person without company). */
  partner!: RefDto | null;
  /** @example "EUR" */
  currency!: string;
  /** @example 0 */
  not_due!: number;
  /** @example 605 */
  days_1_30!: number;
  days_31_60!: number;
  days_61_90!: number;
  days_91_120!: number;
  older!: number;
  /** @example 605 */
  total!: number;
  /** The same invoices in their company's currency, per aging bucket (Odoo's signed amounts). */
  company_totals!: AgingTotalsDto;
}

export class ReceivablePageDto {
  /** The date the aging is computed at. @example "2026-11-24" */
  as_of!: string;
  /** The open invoices of this page, by due date unless sorted otherwise. */
  items!: ReceivableDto[];
  /** Open invoices matching the filters. @example 37 */
  total!: number;
  /** @example 1 */
  page!: number;
  /** @example 50 */
  page_size!: number;
  /** Over every open invoice matching the filters, not only this page, per invoice currency. */
  totals!: AgingTotalsDto;
  /**
   * The same in company currency, from Odoo's signed amounts (no conversion of ours): with one company, the
   * totals of Odoo's aged receivable report.
   */
  company_totals!: AgingTotalsDto;
  /**
   * Per customer and invoice currency, over every open invoice matching the filters: the 100 largest amounts
   * due. A customer is the commercial partner, as in Odoo's aged receivable report: a company with its contacts.
   */
  by_customer!: CustomerAgingDto[];
  /** How many customer and currency pairs there are in all. @example 12 */
  customers_total!: number;
  /** Set when the caller is not linked to Odoo and so sees nothing. */
  hint?: string;
}
