// The database's ceiling: the reads src/sales runs for each measured route, issued through the raw driver in the
// same shape, order and parallelism, reduced to the digests of answers.ts.
import type { Collection, Db, Document } from 'mongodb';
import { today } from '../../src/sales/common/days.js';
import { addCents, currencyOf, toMoney, toUnits, type Cents } from '../../src/sales/common/money.js';
import { periodOf } from '../../src/sales/dashboard/period.js';
import { AGING_BUCKETS, dueDateCondition } from '../../src/sales/receivables/aging.js';
import { OPEN_INVOICE } from '../../src/sales/receivables/open-invoices.js';
import type { DashboardDigest, ListDigest, ReceivablesDigest } from './answers.js';
import { topPerCurrency } from './lake-dashboard.js';
import { live, ownedBy, partnerNames, totals } from './raw-lake.js';

const PAGE_SIZE = 50;

/** A row of `sales_rollups` (src/sales/rollups/schemas/sales-rollup.schema.ts). */
interface Rollup {
  owner: number | null;
  day: string | null;
  stage: number | null;
  status: string | null;
  account: number | null;
  currency: string | null;
  count: number;
  cents: number;
  weighted_cents: number;
}

export class RawRoutes {
  readonly lake: Collection;
  private readonly rollups: Collection;
  private readonly rollupState: Collection<{ _id: string; generation: string }>;

  constructor(db: Db) {
    this.lake = db.collection('data_lake_serving');
    this.rollups = db.collection('sales_rollups');
    this.rollupState = db.collection('sales_rollup_state');
  }

  /** OpportunitiesService.list with no filter and the default sort, `-created`. */
  async opportunities(owners: number[] | null, page: number): Promise<ListDigest> {
    const query = live('opportunity', ownedBy(owners));
    const [items, total] = await Promise.all([
      this.lake.find(query).sort({ odoo_created_at: -1, _id: 1 }).skip((page - 1) * PAGE_SIZE).limit(PAGE_SIZE).toArray(),
      this.lake.countDocuments(query),
    ]);
    return { ids: items.map((item) => Number(item.serving_id)), total };
  }

  /** ReceivablesService.list with no filter: page 1 by due date, the aging of each bucket, names of the top 100 customers. */
  async receivables(owners: number[] | null): Promise<ReceivablesDigest> {
    const asOf = today();
    const filter = { ...ownedBy(owners), ...OPEN_INVOICE };
    const query = live('invoice', filter);
    const [items, total, perBucket] = await Promise.all([
      this.lake.find(query).sort({ due_date: 1, _id: 1 }).limit(PAGE_SIZE).toArray(),
      this.lake.countDocuments(query),
      Promise.all(
        AGING_BUCKETS.map((bucket) =>
          totals(
            this.lake,
            'invoice',
            { ...filter, due_date: dueDateCondition(bucket, asOf) },
            { partner: 'commercial_partner_id', currency: 'currency', companyCurrency: 'company_currency' },
            { cents: 'amount_residual_cents', companyCents: 'amount_residual_company_cents' },
          ),
        ),
      ),
    ]);
    const customers = new Map<string, { partnerId: number | null; currency: string; total: number }>();
    for (const { key, sums } of perBucket.flat()) {
      const partnerId = typeof key.partner === 'number' ? key.partner : null;
      const currency = currencyOf(key.currency);
      const row = customers.get(`${partnerId}:${currency}`) ?? { partnerId, currency, total: 0 };
      row.total += sums.cents;
      customers.set(`${partnerId}:${currency}`, row);
    }
    const top = [...customers.values()].sort((a, b) => b.total - a.total || (a.partnerId ?? 0) - (b.partnerId ?? 0)).slice(0, 100);
    const names = await partnerNames(this.lake, top.flatMap((row) => (row.partnerId === null ? [] : [row.partnerId])));
    const due: Cents = {};
    for (const row of customers.values()) addCents(due, row.currency, row.total);
    return {
      ids: items.map((item) => Number(item.serving_id)),
      total,
      customers_total: customers.size,
      amount_due: toMoney(due),
      top_customers: top.slice(0, 10).map((row) => [row.partnerId, row.partnerId === null ? null : (names.get(row.partnerId) ?? ''), row.currency, toUnits(row.total)]),
    };
  }

  /** DashboardService.dashboard for this quarter: eight reads of the sums kept at sync time, then the top accounts' names. */
  async dashboard(owners: number[] | null): Promise<DashboardDigest> {
    const period = periodOf({});
    const days = { from: period.from, to: period.to };
    const [stages, forecast, closed, openAccounts, wonAccounts, activities, invoices] = await Promise.all([
      this.rollupRows('stage', owners),
      this.rollupRows('forecast', owners, days),
      this.rollupRows('closed', owners, days),
      this.rollupRows('account_open', owners),
      this.rollupRows('account_won', owners, days),
      this.rollupRows('activity', owners),
      this.rollupRows('invoice', owners),
      this.rollupRows('invoice_company', owners),
    ]);
    const won = closed.filter((row) => row.status === 'won');
    return {
      open_pipeline: pipeline(stages),
      won: { count: sum(won, 'count'), value: money(won, 'cents') },
      lost: { count: sum(closed.filter((row) => row.status === 'lost'), 'count'), value: money(closed.filter((row) => row.status === 'lost'), 'cents') },
      won_deals: sum(won, 'count'),
      pipeline_by_stage: [...Map.groupBy(stages, (row) => row.stage).entries()]
        .sort(([a], [b]) => (a ?? Infinity) - (b ?? Infinity))
        .map(([stage, rows]) => [stage, sum(rows, 'count')]),
      forecast_by_month: [...Map.groupBy(forecast, (row) => row.day!.slice(0, 7)).entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, rows]) => [month, sum(rows, 'count')]),
      top_accounts: await this.topAccounts([...openAccounts, ...wonAccounts]),
      activities: activityCounts(activities),
      receivables: receivablesSummary(invoices),
    };
  }

  /** SalesRollupsService.rows: the current generation's rows of a kind, for the owners, within the days. */
  private async rollupRows(kind: string, owners: number[] | null, days?: { from: string; to: string }): Promise<Rollup[]> {
    const state = await this.rollupState.findOne({ _id: 'dashboard' });
    const filter: Document = { generation: state?.generation, kind };
    if (owners) filter.owner = { $in: owners };
    if (days) filter.day = { $gte: days.from, $lte: days.to };
    return this.rollups.find<Rollup>(filter).toArray();
  }

  private async topAccounts(rows: Rollup[]): Promise<DashboardDigest['top_accounts']> {
    const accounts = new Map<string, { accountId: number; currency: string; cents: number }>();
    for (const row of rows) {
      const currency = currencyOf(row.currency);
      const entry = accounts.get(`${row.account}:${currency}`) ?? { accountId: row.account!, currency, cents: 0 };
      entry.cents += row.cents;
      accounts.set(`${row.account}:${currency}`, entry);
    }
    const top = topPerCurrency([...accounts.values()]);
    const names = await partnerNames(this.lake, top.map((entry) => entry.accountId));
    return top.map((entry) => [entry.accountId, names.get(entry.accountId) ?? '', entry.currency, toUnits(entry.cents)]);
  }
}

function sum(rows: Rollup[], field: 'count' | 'cents'): number {
  return rows.reduce((total, row) => total + row[field], 0);
}

function money(rows: Rollup[], field: 'cents' | 'weighted_cents') {
  const cents: Cents = {};
  for (const row of rows) addCents(cents, row.currency, row[field]);
  return toMoney(cents);
}

function pipeline(rows: Rollup[]): DashboardDigest['open_pipeline'] {
  return { count: sum(rows, 'count'), value: money(rows, 'cents'), weighted_value: money(rows, 'weighted_cents') };
}

function activityCounts(rows: Rollup[]): DashboardDigest['activities'] {
  const day = today();
  const count = (matches: (deadline: string) => boolean) => sum(rows.filter((row) => matches(row.day!)), 'count');
  return { overdue: count((deadline) => deadline < day), today: count((deadline) => deadline === day), upcoming: count((deadline) => deadline > day) };
}

function receivablesSummary(rows: Rollup[]): DashboardDigest['receivables'] {
  const day = today();
  return { open_invoices: sum(rows, 'count'), amount_due: money(rows, 'cents'), overdue_amount: money(rows.filter((row) => row.day !== null && row.day < day), 'cents') };
}
