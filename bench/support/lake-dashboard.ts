// The dashboard for this quarter computed from data_lake_serving itself (as DashboardService did before it kept
// sums at sync time), through the raw driver: checked once against the route so that fast sums are also right.
import type { Collection } from 'mongodb';
import { many2oneId } from '../../src/odoo/odoo-values.js';
import { OPEN_ACTIVITY, stateCondition } from '../../src/sales/activities/activity-records.js';
import { addDays, startOf, today } from '../../src/sales/common/days.js';
import { addCents, currencyOf, toMoney, toUnits, type Cents } from '../../src/sales/common/money.js';
import { periodOf, type Period } from '../../src/sales/dashboard/period.js';
import { OPEN_INVOICE } from '../../src/sales/receivables/open-invoices.js';
import type { DashboardDigest } from './answers.js';
import { companiesOf, findFields, live, ownedBy, partnerNames, totals, type Filter, type Row } from './raw-lake.js';

const OPEN = { status: 'open', odoo_active: true };
const SUMS = { count: 1, cents: 'expected_revenue_cents', weighted: 'weighted_revenue_cents' } as const;

/** The period as a `closed_at` condition: from its first midnight to the midnight after its last day. */
function closedIn(period: Period): { $gte: Date; $lt: Date } {
  return { $gte: startOf(period.from), $lt: startOf(addDays(period.to, 1)) };
}

export async function lakeDashboard(lake: Collection, owners: number[] | null): Promise<DashboardDigest> {
  const period = periodOf({});
  const closed = closedIn(period);
  const owned = ownedBy(owners);
  const deals = { ...owned, kind: 'opportunity' };
  const [byStage, closedRows, wonDeals, forecast, topAccounts, activities, receivables] = await Promise.all([
    totals(lake, 'opportunity', { ...deals, ...OPEN }, { stage: 'stage_id', currency: 'currency' }, SUMS),
    totals(lake, 'opportunity', { ...deals, status: { $in: ['won', 'lost'] }, closed_at: closed }, { status: 'status', currency: 'currency' }, {
      count: 1,
      cents: 'expected_revenue_cents',
    }),
    findFields(lake, 'opportunity', { ...deals, status: 'won', closed_at: closed }, ['closed_at']),
    totals(lake, 'opportunity', { ...deals, ...OPEN, date: { $gte: period.from, $lte: period.to } }, { day: 'date', currency: 'currency' }, SUMS),
    topAccountsOf(lake, deals, closed),
    activityCounts(lake, owned),
    receivablesSummary(lake, owned),
  ]);
  return {
    open_pipeline: pipeline(byStage),
    won: closedTotals(closedRows, 'won'),
    lost: closedTotals(closedRows, 'lost'),
    won_deals: wonDeals.length,
    pipeline_by_stage: await pipelineByStage(lake, byStage),
    forecast_by_month: forecastMonths(forecast),
    top_accounts: topAccounts,
    activities,
    receivables,
  };
}

/** Stage ids of the open pipeline (no stage last), each as one of its opportunities names it. */
function pipelineByStage(lake: Collection, rows: Row[]): Promise<[number | null, number][]> {
  const stageIds = [...new Set(rows.map((row) => row.key.stage as number | null))].sort((a, b) => (a ?? Infinity) - (b ?? Infinity));
  return Promise.all(
    stageIds.map(async (stageId): Promise<[number | null, number]> => {
      const count = rows.filter((row) => row.key.stage === stageId).reduce((sum, row) => sum + row.sums.count, 0);
      if (stageId === null) return [null, count];
      const [sample] = await lake.find(live('opportunity', { stage_id: stageId }), { projection: { 'data.stage_id': 1 } }).limit(1).toArray();
      return [sample ? many2oneId((sample.data as Record<string, unknown>).stage_id) : null, count];
    }),
  );
}

async function topAccountsOf(lake: Collection, deals: Filter, closed: { $gte: Date; $lt: Date }): Promise<DashboardDigest['top_accounts']> {
  const rows = await totals(
    lake,
    'opportunity',
    { ...deals, partner_id: { $ne: null }, $or: [OPEN, { status: 'won', closed_at: closed }] },
    { partner: 'partner_id', status: 'status', currency: 'currency' },
    { cents: 'expected_revenue_cents' },
  );
  const companies = await companiesOf(lake, [...new Set(rows.map((row) => row.key.partner as number))]);
  const accounts = new Map<string, { accountId: number; currency: string; cents: number }>();
  for (const { key, sums } of rows) {
    const accountId = companies.get(key.partner as number) ?? (key.partner as number);
    const currency = currencyOf(key.currency);
    const entry = accounts.get(`${accountId}:${currency}`) ?? { accountId, currency, cents: 0 };
    entry.cents += sums.cents;
    accounts.set(`${accountId}:${currency}`, entry);
  }
  const top = topPerCurrency([...accounts.values()]);
  const names = await partnerNames(lake, top.map((entry) => entry.accountId));
  return top.map((entry) => [entry.accountId, names.get(entry.accountId) ?? '', entry.currency, toUnits(entry.cents)]);
}

/** The ten largest accounts of each currency, currencies in code order. */
export function topPerCurrency<T extends { accountId: number; currency: string; cents: number }>(accounts: T[]): T[] {
  return [...Map.groupBy(accounts, (entry) => entry.currency).entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([, entries]) => entries.sort((a, b) => b.cents - a.cents || a.accountId - b.accountId).slice(0, 10));
}

async function activityCounts(lake: Collection, owned: Filter): Promise<DashboardDigest['activities']> {
  const day = today();
  const count = (state: 'overdue' | 'today' | 'planned') => lake.countDocuments(live('activity', { ...owned, ...OPEN_ACTIVITY, date: stateCondition(state, day) }));
  const [overdue, dueToday, upcoming] = await Promise.all([count('overdue'), count('today'), count('planned')]);
  return { overdue, today: dueToday, upcoming };
}

async function receivablesSummary(lake: Collection, owned: Filter): Promise<DashboardDigest['receivables']> {
  const open = { ...owned, ...OPEN_INVOICE };
  const [all, overdue] = await Promise.all([
    totals(lake, 'invoice', open, { currency: 'currency' }, { count: 1, cents: 'amount_residual_cents' }),
    totals(lake, 'invoice', { ...open, due_date: { $lt: today() } }, { currency: 'currency' }, { cents: 'amount_residual_cents' }),
  ]);
  const due: Cents = {};
  const late: Cents = {};
  for (const { key, sums } of all) addCents(due, key.currency, sums.cents);
  for (const { key, sums } of overdue) addCents(late, key.currency, sums.cents);
  return { open_invoices: all.reduce((total, row) => total + row.sums.count, 0), amount_due: toMoney(due), overdue_amount: toMoney(late) };
}

function pipeline(rows: Row[]): DashboardDigest['open_pipeline'] {
  const value: Cents = {};
  const weighted: Cents = {};
  for (const { key, sums } of rows) {
    addCents(value, key.currency, sums.cents);
    addCents(weighted, key.currency, sums.weighted);
  }
  return { count: rows.reduce((total, row) => total + row.sums.count, 0), value: toMoney(value), weighted_value: toMoney(weighted) };
}

function closedTotals(rows: Row[], status: 'won' | 'lost'): DashboardDigest['won'] {
  const cents: Cents = {};
  let count = 0;
  for (const { key, sums } of rows.filter((row) => row.key.status === status)) {
    count += sums.count;
    addCents(cents, key.currency, sums.cents);
  }
  return { count, value: toMoney(cents) };
}

function forecastMonths(rows: Row[]): [string, number][] {
  const months = new Map<string, number>();
  for (const { key, sums } of rows) {
    const month = (key.day as string).slice(0, 7);
    months.set(month, (months.get(month) ?? 0) + sums.count);
  }
  return [...months.entries()].sort(([a], [b]) => a.localeCompare(b));
}
