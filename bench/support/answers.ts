// What of each route's answer the raw baseline must reproduce, so that it is known to do the same work.
import type { Money } from '../../src/sales/common/money.js';

export interface ListDigest {
  ids: number[];
  total: number;
}

export interface ReceivablesDigest extends ListDigest {
  customers_total: number;
  amount_due: Money;
  /** partner id, name, currency, total due */
  top_customers: [number | null, string | null, string, number][];
}

export interface DashboardDigest {
  open_pipeline: { count: number; value: Money; weighted_value: Money };
  won: { count: number; value: Money };
  lost: { count: number; value: Money };
  won_deals: number;
  /** stage id, open count */
  pipeline_by_stage: [number | null, number][];
  /** month, count */
  forecast_by_month: [string, number][];
  /** account id, name, currency, total value */
  top_accounts: [number, string, string, number][];
  activities: { overdue: number; today: number; upcoming: number };
  receivables: { open_invoices: number; amount_due: Money; overdue_amount: Money };
}

type Ref = { id: number; name: string } | null;

interface ListBody {
  items: { id: number }[];
  total: number;
}

interface ReceivablesBody extends ListBody {
  customers_total: number;
  totals: { total: Money };
  by_customer: { partner: Ref; currency: string; total: number }[];
}

interface DashboardBody extends Omit<DashboardDigest, 'won_deals' | 'pipeline_by_stage' | 'forecast_by_month' | 'top_accounts'> {
  won_by_month: { count: number }[];
  pipeline_by_stage: { stage: Ref; count: number }[];
  forecast_by_month: { month: string; count: number }[];
  top_accounts: { account: { id: number; name: string }; currency: string; total_value: number }[];
}

export function listDigest(answer: unknown): ListDigest {
  const body = answer as ListBody;
  return { ids: body.items.map((item) => item.id), total: body.total };
}

export function receivablesDigest(answer: unknown): ReceivablesDigest {
  const body = answer as ReceivablesBody;
  return {
    ...listDigest(body),
    customers_total: body.customers_total,
    amount_due: body.totals.total,
    top_customers: body.by_customer.slice(0, 10).map((row) => [row.partner?.id ?? null, row.partner?.name ?? null, row.currency, row.total]),
  };
}

export function dashboardDigest(answer: unknown): DashboardDigest {
  const body = answer as DashboardBody;
  return {
    open_pipeline: { count: body.open_pipeline.count, value: body.open_pipeline.value, weighted_value: body.open_pipeline.weighted_value },
    won: { count: body.won.count, value: body.won.value },
    lost: { count: body.lost.count, value: body.lost.value },
    won_deals: body.won_by_month.reduce((total, month) => total + month.count, 0),
    pipeline_by_stage: body.pipeline_by_stage.map((stage) => [stage.stage?.id ?? null, stage.count]),
    forecast_by_month: body.forecast_by_month.map((month) => [month.month, month.count]),
    top_accounts: body.top_accounts.map((row) => [row.account.id, row.account.name, row.currency, row.total_value]),
    activities: { overdue: body.activities.overdue, today: body.activities.today, upcoming: body.activities.upcoming },
    receivables: {
      open_invoices: body.receivables.open_invoices,
      amount_due: body.receivables.amount_due,
      overdue_amount: body.receivables.overdue_amount,
    },
  };
}
