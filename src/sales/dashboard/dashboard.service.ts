import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { OPEN_ACTIVITY, stateCondition } from '../activities/activity-records.js';
import { dayOf, monthOf, today } from '../common/days.js';
import { LakeReader, type Filter, type GroupRow } from '../common/lake-reader.service.js';
import { addCents, currencyOf, toMoney, toUnits, type Cents } from '../common/money.js';
import { refOf } from '../common/refs.js';
import { OPEN_INVOICE } from '../receivables/open-invoices.js';
import { hintOf, ownerFilter, VisibilityService } from '../visibility/visibility.service.js';
import type {
  ActivityCountsDto,
  DashboardDto,
  ForecastMonthDto,
  MonthValueDto,
  ReceivablesSummaryDto,
  StagePipelineDto,
  TopAccountDto,
} from './dto/dashboard.dto.js';
import type { DashboardQueryDto } from './dto/dashboard-query.dto.js';
import { closedIn, periodOf, type Period } from './period.js';

const TOP_ACCOUNTS_PER_CURRENCY = 10;
const DAY_MS = 86_400_000;

/** Open and not archived (an archived deal is out of Odoo's pipeline even above probability 0). */
const OPEN = { status: 'open', odoo_active: true };
const SUMS = { count: 1, cents: 'expected_revenue_cents', weighted: 'weighted_revenue_cents' } as const;

type Sums = GroupRow<string, 'count' | 'cents' | 'weighted'>['sums'];

/**
 * The sales dashboard. Every figure is a `$match` on normalized fields plus `$group`/`$sum` over integer
 * cents, except the won deals' months and sales cycles, read from the won deals of the period themselves.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly lake: LakeReader,
    private readonly visibility: VisibilityService,
  ) {}

  async dashboard(user: AuthenticatedUser, query: DashboardQueryDto): Promise<DashboardDto> {
    const period = periodOf(query);
    const scope = await this.visibility.scopeOf(user);
    const owned = ownerFilter(scope);
    const deals = { ...owned, kind: 'opportunity' };
    const [byStage, closed, wonDeals, forecast, topAccounts, activities, receivables] = await Promise.all([
      this.lake.totals('opportunity', { ...deals, ...OPEN }, { stage: 'stage_id', currency: 'currency' }, SUMS),
      this.lake.totals('opportunity', { ...deals, status: { $in: ['won', 'lost'] }, closed_at: closedIn(period) }, { status: 'status', currency: 'currency' }, {
        count: 1,
        cents: 'expected_revenue_cents',
      }),
      this.lake.find('opportunity', { ...deals, status: 'won', closed_at: closedIn(period) }, { fields: ['closed_at', 'odoo_created_at', 'expected_revenue_cents', 'currency'] }),
      this.forecast(deals, period),
      this.topAccounts(deals, period),
      this.activityCounts(owned),
      this.receivables(owned),
    ]);
    const won = closedTotals(closed, 'won');
    const lost = closedTotals(closed, 'lost');
    return {
      period: { name: period.name, date_from: period.from, date_to: period.to },
      open_pipeline: pipeline(byStage.map((row) => row.sums), byStage.map((row) => row.key.currency)),
      won: { count: won.count, value: toMoney(won.cents) },
      lost: { count: lost.count, value: toMoney(lost.cents) },
      win_rate: won.count + lost.count === 0 ? null : round(won.count / (won.count + lost.count), 4),
      average_won_deal: averageDeal(won),
      average_sales_cycle_days: averageCycleDays(wonDeals),
      pipeline_by_stage: await this.pipelineByStage(byStage),
      won_by_month: wonByMonth(wonDeals),
      forecast_by_month: forecast,
      top_accounts: topAccounts,
      activities,
      receivables,
      ...hintOf(scope),
    };
  }

  /** Open pipeline per stage in stage id order (no stage last); names from the opportunities' own stage. */
  private async pipelineByStage(rows: GroupRow<'stage' | 'currency', 'count' | 'cents' | 'weighted'>[]): Promise<StagePipelineDto[]> {
    const stageIds = [...new Set(rows.map((row) => row.key.stage as number | null))].sort((a, b) => (a ?? Infinity) - (b ?? Infinity));
    return Promise.all(
      stageIds.map(async (stageId) => {
        const inStage = rows.filter((row) => row.key.stage === stageId);
        const sample = stageId === null ? [] : await this.lake.find('opportunity', { stage_id: stageId }, { limit: 1, fields: ['data.stage_id'] });
        return {
          stage: sample.length ? refOf(sample[0].data.stage_id) : null,
          ...pipeline(inStage.map((row) => row.sums), inStage.map((row) => row.key.currency)),
        };
      }),
    );
  }

  /** Open opportunities by expected closing month, within the period. */
  private async forecast(deals: Filter, period: Period): Promise<ForecastMonthDto[]> {
    const rows = await this.lake.totals('opportunity', { ...deals, ...OPEN, date: { $gte: period.from, $lte: period.to } }, { day: 'date', currency: 'currency' }, SUMS);
    const months = new Map<string, { count: number; cents: Cents; weighted: Cents }>();
    for (const { key, sums } of rows) {
      const month = monthOf(key.day as string);
      const entry = months.get(month) ?? { count: 0, cents: {}, weighted: {} };
      entry.count += sums.count;
      addCents(entry.cents, key.currency, sums.cents);
      addCents(entry.weighted, key.currency, sums.weighted);
      months.set(month, entry);
    }
    return [...months.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, entry]) => ({ month, count: entry.count, value: toMoney(entry.cents), weighted_value: toMoney(entry.weighted) }));
  }

  /**
   * Customers by open value plus value won in the period, per currency. An opportunity on a company's contact
   * counts for the company.
   */
  private async topAccounts(deals: Filter, period: Period): Promise<TopAccountDto[]> {
    const rows = await this.lake.totals(
      'opportunity',
      { ...deals, partner_id: { $ne: null }, $or: [OPEN, { status: 'won', closed_at: closedIn(period) }] },
      { partner: 'partner_id', status: 'status', currency: 'currency' },
      { cents: 'expected_revenue_cents' },
    );
    const companies = await this.lake.companiesOf([...new Set(rows.map((row) => row.key.partner as number))]);
    const accounts = new Map<string, { accountId: number; currency: string; open: number; won: number }>();
    for (const { key, sums } of rows) {
      const accountId = companies.get(key.partner as number) ?? (key.partner as number);
      const currency = currencyOf(key.currency);
      const id = `${accountId}:${currency}`;
      const entry = accounts.get(id) ?? { accountId, currency, open: 0, won: 0 };
      if (key.status === 'won') entry.won += sums.cents;
      else entry.open += sums.cents;
      accounts.set(id, entry);
    }
    const top = [...Map.groupBy(accounts.values(), (entry) => entry.currency).entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([, entries]) =>
        entries.sort((a, b) => b.open + b.won - (a.open + a.won) || a.accountId - b.accountId).slice(0, TOP_ACCOUNTS_PER_CURRENCY),
      );
    const names = await this.lake.partnerNames(top.map((entry) => entry.accountId));
    return top.map((entry) => ({
      account: { id: entry.accountId, name: names.get(entry.accountId) ?? '' },
      currency: entry.currency,
      open_value: toUnits(entry.open),
      won_value: toUnits(entry.won),
      total_value: toUnits(entry.open + entry.won),
    }));
  }

  private async activityCounts(owned: Filter): Promise<ActivityCountsDto> {
    const day = today();
    const count = (state: 'overdue' | 'today' | 'planned') =>
      this.lake.count('activity', { ...owned, ...OPEN_ACTIVITY, date: stateCondition(state, day) });
    const [overdue, dueToday, upcoming] = await Promise.all([count('overdue'), count('today'), count('planned')]);
    return { overdue, today: dueToday, upcoming };
  }

  private async receivables(owned: Filter): Promise<ReceivablesSummaryDto> {
    const open = { ...owned, ...OPEN_INVOICE };
    const [all, overdue] = await Promise.all([
      this.lake.totals('invoice', open, { currency: 'currency' }, { count: 1, cents: 'amount_residual_cents' }),
      this.lake.totals('invoice', { ...open, due_date: { $lt: today() } }, { currency: 'currency' }, { cents: 'amount_residual_cents' }),
    ]);
    const due: Cents = {};
    const late: Cents = {};
    for (const { key, sums } of all) addCents(due, key.currency, sums.cents);
    for (const { key, sums } of overdue) addCents(late, key.currency, sums.cents);
    return { open_invoices: all.reduce((total, row) => total + row.sums.count, 0), amount_due: toMoney(due), overdue_amount: toMoney(late) };
  }
}

function pipeline(sums: Sums[], currencies: unknown[]) {
  const value: Cents = {};
  const weighted: Cents = {};
  sums.forEach((row, index) => {
    addCents(value, currencies[index], row.cents);
    addCents(weighted, currencies[index], row.weighted);
  });
  return { count: sums.reduce((total, row) => total + row.count, 0), value: toMoney(value), weighted_value: toMoney(weighted) };
}

function closedTotals(rows: GroupRow<'status' | 'currency', 'count' | 'cents'>[], status: 'won' | 'lost') {
  const totals = { count: 0, cents: {} as Cents, counts: {} as Record<string, number> };
  for (const { key, sums } of rows.filter((row) => row.key.status === status)) {
    totals.count += sums.count;
    addCents(totals.cents, key.currency, sums.cents);
    addCents(totals.counts, key.currency, sums.count);
  }
  return totals;
}

/** Per currency: the won value over the number of deals won in that currency, to the cent. */
function averageDeal(won: { cents: Cents; counts: Record<string, number> }) {
  return toMoney(Object.fromEntries(Object.entries(won.cents).map(([currency, cents]) => [currency, Math.round(cents / won.counts[currency])])));
}

type WonDeal = { closed_at?: Date | null; odoo_created_at?: Date | null; expected_revenue_cents?: number | null; currency?: string | null };

function averageCycleDays(deals: WonDeal[]): number | null {
  const cycles = deals.filter((deal) => deal.closed_at && deal.odoo_created_at).map((deal) => deal.closed_at!.getTime() - deal.odoo_created_at!.getTime());
  if (cycles.length === 0) return null;
  return round(cycles.reduce((total, ms) => total + ms, 0) / cycles.length / DAY_MS, 1);
}

function wonByMonth(deals: WonDeal[]): MonthValueDto[] {
  const months = new Map<string, { count: number; cents: Cents }>();
  for (const deal of deals) {
    const month = monthOf(dayOf(deal.closed_at!));
    const entry = months.get(month) ?? { count: 0, cents: {} };
    entry.count += 1;
    addCents(entry.cents, deal.currency, deal.expected_revenue_cents ?? 0);
    months.set(month, entry);
  }
  return [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, entry]) => ({ month, count: entry.count, value: toMoney(entry.cents) }));
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
