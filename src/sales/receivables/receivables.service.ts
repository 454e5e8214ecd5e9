import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import type { DataLakeRecord } from '../../data-lake/schemas/data-lake-record.schema.js';
import { today } from '../common/days.js';
import { LakeReader, type Filter } from '../common/lake-reader.service.js';
import { addCents, currencyOf, toMoney, toUnits, type Cents } from '../common/money.js';
import { sortSpec } from '../common/query.js';
import { text } from '../../odoo/odoo-values.js';
import { refOf } from '../common/refs.js';
import { hintOf, ownerFilter, VisibilityService } from '../visibility/visibility.service.js';
import { AGING_BUCKETS, bucketOf, daysOverdue, dueDateCondition, type AgingBucket } from './aging.js';
import type { AgingTotalsDto, CustomerAgingDto, ReceivableDto, ReceivablePageDto } from './dto/receivable.dto.js';
import { RECEIVABLE_SORTS, type ListReceivablesQueryDto } from './dto/list-receivables.query.dto.js';
import { OPEN_INVOICE } from './open-invoices.js';

const CUSTOMER_LIMIT = 100;

type CustomerRow = { partnerId: number | null; currency: string; cents: Record<AgingBucket, number>; total: number };

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
    if (query.partner_id !== undefined) filter.partner_id = query.partner_id;
    if (query.currency !== undefined) filter.currency = query.currency;
    const buckets = query.bucket ? [query.bucket] : [...AGING_BUCKETS];
    const pageFilter = query.bucket ? { ...filter, due_date: dueDateCondition(query.bucket, asOf) } : filter;
    const [page, customers] = await Promise.all([
      this.lake.page('invoice', pageFilter, sortSpec(query.sort, RECEIVABLE_SORTS), query),
      this.customerAging(filter, buckets, asOf),
    ]);
    const top = customers.sort((a, b) => b.total - a.total || (a.partnerId ?? 0) - (b.partnerId ?? 0)).slice(0, CUSTOMER_LIMIT);
    const names = await this.lake.partnerNames(top.flatMap((row) => (row.partnerId === null ? [] : [row.partnerId])));
    return {
      as_of: asOf,
      items: page.items.map((invoice) => toReceivableDto(invoice, asOf)),
      total: page.total,
      page: query.page,
      page_size: query.page_size,
      totals: bucketTotals(customers),
      by_customer: top.map((row) => toCustomerAgingDto(row, names)),
      customers_total: customers.length,
      ...hintOf(scope),
    };
  }

  /** Amounts due per customer, currency and bucket: one aggregation per bucket (its due date range). */
  private async customerAging(filter: Filter, buckets: AgingBucket[], asOf: string): Promise<CustomerRow[]> {
    const perBucket = await Promise.all(
      buckets.map((bucket) =>
        this.lake.totals('invoice', { ...filter, due_date: dueDateCondition(bucket, asOf) }, { partner: 'partner_id', currency: 'currency' }, {
          cents: 'amount_residual_cents',
        }),
      ),
    );
    const rows = new Map<string, CustomerRow>();
    perBucket.forEach((groups, index) => {
      for (const { key, sums } of groups) {
        const partnerId = typeof key.partner === 'number' ? key.partner : null;
        const currency = currencyOf(key.currency);
        const id = `${partnerId}:${currency}`;
        let row = rows.get(id);
        if (!row) {
          row = { partnerId, currency, cents: Object.fromEntries(AGING_BUCKETS.map((b) => [b, 0])) as Record<AgingBucket, number>, total: 0 };
          rows.set(id, row);
        }
        row.cents[buckets[index]] += sums.cents;
        row.total += sums.cents;
      }
    });
    return [...rows.values()];
  }
}

function bucketTotals(customers: CustomerRow[]): AgingTotalsDto {
  const cents = Object.fromEntries([...AGING_BUCKETS, 'total'].map((bucket) => [bucket, {}])) as Record<AgingBucket | 'total', Cents>;
  for (const row of customers) {
    for (const bucket of AGING_BUCKETS) addCents(cents[bucket], row.currency, row.cents[bucket]);
    addCents(cents.total, row.currency, row.total);
  }
  return Object.fromEntries(Object.entries(cents).map(([bucket, amounts]) => [bucket, toMoney(amounts)])) as unknown as AgingTotalsDto;
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
    total: toUnits(row.total),
  };
}

function toReceivableDto(invoice: DataLakeRecord, asOf: string): ReceivableDto {
  const data = invoice.data;
  return {
    id: Number(invoice.serving_id),
    name: invoice.name ?? '',
    type: invoice.kind ?? null,
    partner: refOf(data.partner_id),
    salesperson: refOf(data.invoice_user_id),
    invoice_date: invoice.date ?? null,
    due_date: invoice.due_date ?? null,
    days_overdue: invoice.due_date ? Math.max(0, daysOverdue(invoice.due_date, asOf)) : 0,
    bucket: bucketOf(invoice.due_date, asOf),
    currency: invoice.currency ?? null,
    amount_total: toUnits(invoice.amount_total_cents ?? 0),
    amount_due: toUnits(invoice.amount_residual_cents ?? 0),
    payment_state: text(data.payment_state),
  };
}
