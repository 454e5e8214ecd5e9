import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { monthOf, today } from '../common/days.js';
import { LakeReader } from '../../data-lake/lake-reader.service.js';
import { addCents, currencyOf, toMoney, toUnits, type Cents } from '../common/money.js';
import type { SalesRollup } from '../rollups/schemas/sales-rollup.schema.js';
import { SalesRollupsService } from '../rollups/sales-rollups.service.js';
import { hintOf, VisibilityService } from '../visibility/visibility.service.js';
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
import { periodOf } from './period.js';

const TOP_ACCOUNTS_PER_CURRENCY = 10;
const DAY_MS = 86_400_000;

/**
 * The sales dashboard, from the sums kept at sync time (SalesRollupsService): rows per owner and day, filtered
 * to the caller's scope and the period, added up in integer cents.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly rollups: SalesRollupsService,
    private readonly lake: LakeReader,
    private readonly visibility: VisibilityService,
  ) {}

  async dashboard(user: AuthenticatedUser, query: DashboardQueryDto): Promise<DashboardDto> {
    const period = periodOf(query);
    const scope = await this.visibility.scopeOf(user);
    const owners = scope.all ? null : scope.odooUserIds;
    const days = { from: period.from, to: period.to };
    const [stages, forecast, closed, openAccounts, wonAccounts, activities, invoices, companyInvoices] = await Promise.all([
      this.rollups.rows('stage', owners),
      this.rollups.rows('forecast', owners, days),
      this.rollups.rows('closed', owners, days),
      this.rollups.rows('account_open', owners),
      this.rollups.rows('account_won', owners, days),
      this.rollups.rows('activity', owners),
      this.rollups.rows('invoice', owners),
      this.rollups.rows('invoice_company', owners),
    ]);
    const won = closedTotals(closed, 'won');
    const lost = closedTotals(closed, 'lost');
    return {
      period: { name: period.name, date_from: period.from, date_to: period.to },
      open_pipeline: pipeline(stages),
      won: { count: won.count, value: toMoney(won.cents) },
      lost: { count: lost.count, value: toMoney(lost.cents) },
      win_rate: won.count + lost.count === 0 ? null : round(won.count / (won.count + lost.count), 4),
      average_won_deal: averageDeal(won),
      average_sales_cycle_days: won.cycles === 0 ? null : round(won.cycleMs / won.cycles / DAY_MS, 1),
      pipeline_by_stage: pipelineByStage(stages),
      won_by_month: byMonth(closed.filter((row) => row.status === 'won')),
      forecast_by_month: forecastByMonth(forecast),
      top_accounts: await this.topAccounts(openAccounts, wonAccounts),
      activities: activityCounts(activities),
      receivables: receivablesSummary(invoices, companyInvoices),
      ...hintOf(scope),
    };
  }

  /**
   * Customers by open value plus value won in the period, per currency. An opportunity on a company's contact
   * counts for the company (resolved when the sums are built).
   */
  private async topAccounts(open: SalesRollup[], won: SalesRollup[]): Promise<TopAccountDto[]> {
    const accounts = new Map<string, { accountId: number; currency: string; open: number; won: number }>();
    const add = (row: SalesRollup, side: 'open' | 'won') => {
      const currency = currencyOf(row.currency);
      const id = `${row.account}:${currency}`;
      const entry = accounts.get(id) ?? { accountId: row.account!, currency, open: 0, won: 0 };
      entry[side] += row.cents;
      accounts.set(id, entry);
    };
    for (const row of open) add(row, 'open');
    for (const row of won) add(row, 'won');
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
}

/** Open pipeline per stage in stage id order (no stage last). */
function pipelineByStage(rows: SalesRollup[]): StagePipelineDto[] {
  const stages = Map.groupBy(rows, (row) => row.stage);
  return [...stages.keys()]
    .sort((a, b) => (a ?? Infinity) - (b ?? Infinity))
    .map((stage) => {
      const inStage = stages.get(stage)!;
      const name = inStage.find((row) => row.stage_name !== null)?.stage_name ?? '';
      return { stage: stage === null ? null : { id: stage, name }, ...pipeline(inStage) };
    });
}

function forecastByMonth(rows: SalesRollup[]): ForecastMonthDto[] {
  const months = new Map<string, { count: number; cents: Cents; weighted: Cents }>();
  for (const row of rows) {
    const month = monthOf(row.day!);
    const entry = months.get(month) ?? { count: 0, cents: {}, weighted: {} };
    entry.count += row.count;
    addCents(entry.cents, row.currency, row.cents);
    addCents(entry.weighted, row.currency, row.weighted_cents);
    months.set(month, entry);
  }
  return [...months.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, entry]) => ({ month, count: entry.count, value: toMoney(entry.cents), weighted_value: toMoney(entry.weighted) }));
}

function byMonth(rows: SalesRollup[]): MonthValueDto[] {
  const months = new Map<string, { count: number; cents: Cents }>();
  for (const row of rows) {
    const month = monthOf(row.day!);
    const entry = months.get(month) ?? { count: 0, cents: {} };
    entry.count += row.count;
    addCents(entry.cents, row.currency, row.cents);
    months.set(month, entry);
  }
  return [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, entry]) => ({ month, count: entry.count, value: toMoney(entry.cents) }));
}

function activityCounts(rows: SalesRollup[]): ActivityCountsDto {
  const day = today();
  const count = (matches: (deadline: string) => boolean) => rows.filter((row) => matches(row.day!)).reduce((total, row) => total + row.count, 0);
  return { overdue: count((deadline) => deadline < day), today: count((deadline) => deadline === day), upcoming: count((deadline) => deadline > day) };
}

/** Open invoices' amounts due, per invoice currency and per company currency (from rows of each). */
function receivablesSummary(rows: SalesRollup[], companyRows: SalesRollup[]): ReceivablesSummaryDto {
  const inCurrency = amountsDue(rows);
  const inCompanyCurrency = amountsDue(companyRows);
  return {
    open_invoices: rows.reduce((total, row) => total + row.count, 0),
    amount_due: inCurrency.due,
    overdue_amount: inCurrency.overdue,
    company_amount_due: inCompanyCurrency.due,
    company_overdue_amount: inCompanyCurrency.overdue,
  };
}

function amountsDue(rows: SalesRollup[]) {
  const day = today();
  const due: Cents = {};
  const overdue: Cents = {};
  for (const row of rows) {
    addCents(due, row.currency, row.cents);
    if (row.day !== null && row.day < day) addCents(overdue, row.currency, row.cents);
  }
  return { due: toMoney(due), overdue: toMoney(overdue) };
}

function pipeline(rows: SalesRollup[]) {
  const value: Cents = {};
  const weighted: Cents = {};
  for (const row of rows) {
    addCents(value, row.currency, row.cents);
    addCents(weighted, row.currency, row.weighted_cents);
  }
  return { count: rows.reduce((total, row) => total + row.count, 0), value: toMoney(value), weighted_value: toMoney(weighted) };
}

function closedTotals(rows: SalesRollup[], status: 'won' | 'lost') {
  const totals = { count: 0, cents: {} as Cents, counts: {} as Record<string, number>, cycles: 0, cycleMs: 0 };
  for (const row of rows.filter((candidate) => candidate.status === status)) {
    totals.count += row.count;
    addCents(totals.cents, row.currency, row.cents);
    addCents(totals.counts, row.currency, row.count);
    totals.cycles += row.cycles;
    totals.cycleMs += row.cycle_ms;
  }
  return totals;
}

/** Per currency: the won value over the number of deals won in that currency, to the cent. */
function averageDeal(won: { cents: Cents; counts: Record<string, number> }) {
  return toMoney(Object.fromEntries(Object.entries(won.cents).map(([currency, cents]) => [currency, Math.round(cents / won.counts[currency])])));
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
