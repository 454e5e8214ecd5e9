import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { LakeReader, type Filter } from '../../data-lake/lake-reader.service.js';
import type { LakeRecord } from '../../data-lake/lake-record.js';
import { today } from '../common/days.js';
import { addCents, currencyOf, toMoney, toUnits, type Cents } from '../common/money.js';
import { sortSpec } from '../common/query.js';
import { text } from '../../odoo/odoo-values.js';
import type { RefDto } from '../common/ref.dto.js';
import { refOf } from '../common/refs.js';
import { hintOf, ownerFilter, VisibilityService } from '../visibility/visibility.service.js';
import { AGING_BUCKETS, bucketOf, daysOverdue, dueDateCondition, type AgingBucket } from './aging.js';
import type { AgingTotalsDto, CustomerAgingDto, ReceivableDto, ReceivablePageDto } from './dto/receivable.dto.js';
import { RECEIVABLE_SORTS, type ListReceivablesQueryDto } from './dto/list-receivables.query.dto.js';
import { OPEN_INVOICE } from './open-invoices.js';

const CUSTOMER_LIMIT = 100;

const BUCKETS_AND_TOTAL = [...AGING_BUCKETS, 'total'] as const;
type BucketOrTotal = (typeof BUCKETS_AND_TOTAL)[number];

/** One customer's amounts due in one invoice currency, and the same invoices' amounts in company currency. */
interface CustomerRow {
  partnerId: number | null;
  currency: string;
  cents: Record<BucketOrTotal, number>;
  company: Record<BucketOrTotal, Cents>;
}

/** Open customer invoices owned by salespeople in the caller's scope, aged as Odoo's aged receivable report. */
@Injectable()
export class ReceivablesService {
  constructor(
    private readonly lake: LakeReader,
    private readonly visibility: VisibilityService,
  ) {}

  async list(user: AuthenticatedUser, query: ListReceivablesQueryDto): Promise<ReceivablePageDto> {
    const scope = await this.visibility.scopeOf(user);
    const asOf = query.as_of ?? today();
    const filter: Filter = { ...ownerFilter(scope), ...OPEN_INVOICE };
    // A customer's invoices are those on it and, for a company, those on its contacts (its commercial partner).
    if (query.partner_id !== undefined) filter.$or = [{ partner_id: query.partner_id }, { commercial_partner_id: query.partner_id }];
    if (query.currency !== undefined) filter.currency = query.currency;
    const buckets = query.bucket ? [query.bucket] : [...AGING_BUCKETS];
    const pageFilter = query.bucket ? { ...filter, due_date: dueDateCondition(query.bucket, asOf) } : filter;
    const [page, customers] = await Promise.all([
      this.lake.page('invoice', pageFilter, sortSpec(query.sort, RECEIVABLE_SORTS), query),
      this.customerAging(filter, buckets, asOf),
    ]);
    const top = customers.sort((a, b) => b.cents.total - a.cents.total || (a.partnerId ?? 0) - (b.partnerId ?? 0)).slice(0, CUSTOMER_LIMIT);
    const names = await this.lake.partnerNames(top.flatMap((row) => (row.partnerId === null ? [] : [row.partnerId])));
    return {
      as_of: asOf,
      items: page.items.map((invoice) => toReceivableDto(invoice, asOf)),
      total: page.total,
      page: query.page,
      page_size: query.page_size,
      totals: invoiceCurrencyTotals(customers),
      company_totals: companyCurrencyTotals(customers),
      by_customer: top.map((row) => toCustomerAgingDto(row, names)),
      customers_total: customers.length,
      ...hintOf(scope),
    };
  }

  /**
   * Amounts due per customer (commercial partner), invoice currency and bucket, in that currency and in company
   * currency: one aggregation per bucket (its due date range).
   */
  private async customerAging(filter: Filter, buckets: AgingBucket[], asOf: string): Promise<CustomerRow[]> {
    const perBucket = await Promise.all(
      buckets.map((bucket) =>
        this.lake.totals(
          'invoice',
          { ...filter, due_date: dueDateCondition(bucket, asOf) },
          { partner: 'commercial_partner_id', currency: 'currency', companyCurrency: 'company_currency' },
          { cents: 'amount_residual_cents', companyCents: 'amount_residual_company_cents' },
        ),
      ),
    );
    const rows = new Map<string, CustomerRow>();
    perBucket.forEach((groups, index) => {
      const bucket = buckets[index];
      for (const { key, sums } of groups) {
        const partnerId = typeof key.partner === 'number' ? key.partner : null;
        const currency = currencyOf(key.currency);
        const id = `${partnerId}:${currency}`;
        let row = rows.get(id);
        if (!row) {
          row = { partnerId, currency, cents: perBucketOrTotal(() => 0), company: perBucketOrTotal(() => ({})) };
          rows.set(id, row);
        }
        row.cents[bucket] += sums.cents;
        row.cents.total += sums.cents;
        addCents(row.company[bucket], key.companyCurrency, sums.companyCents);
        addCents(row.company.total, key.companyCurrency, sums.companyCents);
      }
    });
    return [...rows.values()];
  }
}

function perBucketOrTotal<T>(initial: () => T): Record<BucketOrTotal, T> {
  return Object.fromEntries(BUCKETS_AND_TOTAL.map((bucket) => [bucket, initial()])) as Record<BucketOrTotal, T>;
}

function toAgingTotals(cents: Record<BucketOrTotal, Cents>): AgingTotalsDto {
  return Object.fromEntries(Object.entries(cents).map(([bucket, amounts]) => [bucket, toMoney(amounts)])) as unknown as AgingTotalsDto;
}

function invoiceCurrencyTotals(customers: CustomerRow[]): AgingTotalsDto {
  const cents = perBucketOrTotal<Cents>(() => ({}));
  for (const row of customers) {
    for (const bucket of BUCKETS_AND_TOTAL) addCents(cents[bucket], row.currency, row.cents[bucket]);
  }
  return toAgingTotals(cents);
}

function companyCurrencyTotals(customers: CustomerRow[]): AgingTotalsDto {
  const cents = perBucketOrTotal<Cents>(() => ({}));
  for (const row of customers) {
    for (const bucket of BUCKETS_AND_TOTAL) {
      for (const [currency, amount] of Object.entries(row.company[bucket])) addCents(cents[bucket], currency, amount);
    }
  }
  return toAgingTotals(cents);
}

function toCustomerAgingDto(row: CustomerRow, names: Map<number, string>): CustomerAgingDto {
  return {
    partner: row.partnerId === null ? null : { id: row.partnerId, name: names.get(row.partnerId) ?? '' },
    currency: row.currency,
    not_due: toUnits(row.cents.not_due),
    days_1_30: toUnits(row.cents.days_1_30),
    days_31_60: toUnits(row.cents.days_31_60),
    days_61_90: toUnits(row.cents.days_61_90),
    days_91_120: toUnits(row.cents.days_91_120),
    older: toUnits(row.cents.older),
    total: toUnits(row.cents.total),
    company_totals: toAgingTotals(row.company),
  };
}

function commercialPartnerOf(invoice: LakeRecord): RefDto | null {
  return invoice.commercial_partner_id == null ? null : { id: invoice.commercial_partner_id, name: invoice.commercial_partner_name ?? '' };
}

function toReceivableDto(invoice: LakeRecord, asOf: string): ReceivableDto {
  const data = invoice.data;
  return {
    id: Number(invoice.serving_id),
    name: invoice.name ?? '',
    type: invoice.kind ?? null,
    partner: refOf(data.partner_id),
    commercial_partner: commercialPartnerOf(invoice),
    salesperson: refOf(data.invoice_user_id),
    invoice_date: invoice.date ?? null,
    due_date: invoice.due_date ?? null,
    days_overdue: invoice.due_date ? Math.max(0, daysOverdue(invoice.due_date, asOf)) : 0,
    bucket: bucketOf(invoice.due_date, asOf),
    currency: invoice.currency ?? null,
    amount_total: toUnits(invoice.amount_total_cents ?? 0),
    amount_due: toUnits(invoice.amount_residual_cents ?? 0),
    company_currency: invoice.company_currency ?? null,
    company_amount_total: toUnits(invoice.amount_total_company_cents ?? 0),
    company_amount_due: toUnits(invoice.amount_residual_company_cents ?? 0),
    payment_state: text(data.payment_state),
  };
}
