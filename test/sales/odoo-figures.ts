// What the sales routes must answer, computed independently from the fake Odoo's own records (as `read`
// returns them), the way Odoo defines each figure. Amounts in integer cents per currency code.
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import type { ReadRecord } from '../fake-odoo/orm-read.js';
import { add, cents, idOf, money, sees, type Caller } from './sales-world.js';

export type Status = 'open' | 'won' | 'lost';

const nameOf = (value: unknown): string => (Array.isArray(value) ? (value[1] as string) : '');
const refOf = (value: unknown) => (Array.isArray(value) ? { id: value[0] as number, name: value[1] as string } : null);
const day = (datetime: unknown) => (typeof datetime === 'string' ? datetime.slice(0, 10) : null);
const utc = (datetime: string) => new Date(`${datetime.replace(' ', 'T')}Z`).getTime();

export class OdooFigures {
  private readonly wonStages: Set<number>;

  constructor(private readonly fake: FakeOdooServer) {
    this.wonStages = new Set(fake.records('crm.stage').filter((stage) => stage.is_won).map((stage) => stage.id));
  }

  /** crm.lead won_status (Odoo 18): won at 100% in a won stage, lost when archived at 0%, else pending. */
  status(lead: ReadRecord): Status {
    if (lead.probability === 100 && this.wonStages.has(idOf(lead.stage_id)!)) return 'won';
    if (lead.active === false && lead.probability === 0) return 'lost';
    return 'open';
  }

  leads(caller: Caller): ReadRecord[] {
    return this.fake.records('crm.lead').filter((lead) => sees(caller, idOf(lead.user_id)));
  }

  /** What the pipeline counts: opportunities (not leads) the caller sees. */
  opportunities(caller: Caller): ReadRecord[] {
    return this.leads(caller).filter((lead) => lead.type === 'opportunity');
  }

  /** In Odoo's pipeline: active and not won. */
  isOpen(lead: ReadRecord): boolean {
    return lead.active !== false && this.status(lead) === 'open';
  }

  currency(lead: ReadRecord): string {
    return nameOf(lead.company_currency);
  }

  /** The customer's company: a contact's parent, else the partner itself. */
  accountOf(partnerId: number): number {
    const partner = this.fake.record('res.partner', partnerId);
    return partner && !partner.is_company && idOf(partner.parent_id) !== null ? idOf(partner.parent_id)! : partnerId;
  }

  partnerName(partnerId: number): string {
    return String(this.fake.record('res.partner', partnerId)?.name ?? '');
  }

  /** Open customer invoices and credit notes (posted, something still due) of salespeople the caller sees. */
  openInvoices(caller: Caller): ReadRecord[] {
    return this.customerMoves(caller).filter(
      (move) =>
        move.state === 'posted' && !['paid', 'in_payment', 'reversed'].includes(move.payment_state as string) && cents(move.amount_residual) !== 0,
    );
  }

  customerMoves(caller: Caller): ReadRecord[] {
    return this.fake
      .records('account.move')
      .filter((move) => ['out_invoice', 'out_refund'].includes(move.move_type as string) && sees(caller, idOf(move.invoice_user_id)));
  }

  /** Amount due in cents, negative for a credit note. */
  due(move: ReadRecord): number {
    return (move.move_type === 'out_refund' ? -1 : 1) * cents(move.amount_residual);
  }

  /** Amount due in the company's currency, in cents: Odoo's own signed field (negative for a credit note). */
  companyDue(move: ReadRecord): number {
    return cents(move.amount_residual_signed);
  }

  companyCurrency(move: ReadRecord): string {
    return nameOf(move.company_currency_id);
  }

  /** Who Odoo's aged receivable counts an invoice for: its commercial partner (the company of a contact). */
  /** The commercial partner, or null for an invoice without customer (Odoo 19's demo data has one). */
  customerOf(move: ReadRecord): number | null {
    return idOf(move.commercial_partner_id);
  }

  dueDate(move: ReadRecord): string {
    return (move.invoice_date_due || move.invoice_date) as string;
  }

  openActivities(caller: Caller): ReadRecord[] {
    return this.fake.records('mail.activity').filter((activity) => activity.active !== false && sees(caller, idOf(activity.user_id)));
  }

  /** Everything GET /sales/dashboard/real shows, for a period [from, to] and today. */
  dashboard(caller: Caller, from: string, to: string, today: string) {
    const deals = this.opportunities(caller);
    const open = deals.filter((lead) => this.isOpen(lead));
    const closedIn = (status: Status) =>
      deals.filter((lead) => this.status(lead) === status && day(lead.date_closed)! >= from && day(lead.date_closed)! <= to);
    const won = closedIn('won');
    const lost = closedIn('lost');
    const sum = (leads: ReadRecord[], amount: (lead: ReadRecord) => number) => {
      const total = new Map<string, number>();
      for (const lead of leads) add(total, this.currency(lead), amount(lead));
      return total;
    };
    const revenue = (lead: ReadRecord) => cents(lead.expected_revenue);
    const weighted = (lead: ReadRecord) => cents(lead.prorated_revenue);
    const wonValue = sum(won, revenue);
    const wonCount = sum(won, () => 1);
    const cycles = won.map((lead) => (utc(lead.date_closed as string) - utc(lead.create_date as string)) / 86_400_000);
    const stages = [...new Set(open.map((lead) => idOf(lead.stage_id)!))].sort((a, b) => a - b);
    const months = (leads: ReadRecord[], monthOf: (lead: ReadRecord) => string) =>
      [...new Set(leads.map(monthOf))].sort().map((month) => leads.filter((lead) => monthOf(lead) === month));
    const forecast = open.filter((lead) => lead.date_deadline && lead.date_deadline >= from && lead.date_deadline <= to);
    const invoices = this.openInvoices(caller);
    const activities = this.openActivities(caller);
    const invoiceSum = (moves: ReadRecord[]) => {
      const total = new Map<string, number>();
      for (const move of moves) add(total, nameOf(move.currency_id), this.due(move));
      return money(total);
    };
    const companySum = (moves: ReadRecord[]) => {
      const total = new Map<string, number>();
      for (const move of moves) add(total, this.companyCurrency(move), this.companyDue(move));
      return money(total);
    };
    const overdue = invoices.filter((move) => this.dueDate(move) < today);
    return {
      period: { date_from: from, date_to: to },
      open_pipeline: { count: open.length, value: money(sum(open, revenue)), weighted_value: money(sum(open, weighted)) },
      won: { count: won.length, value: money(wonValue) },
      lost: { count: lost.length, value: money(sum(lost, revenue)) },
      win_rate: won.length + lost.length ? Math.round((won.length / (won.length + lost.length)) * 10_000) / 10_000 : null,
      average_won_deal: money(new Map([...wonValue].map(([code, total]) => [code, Math.round(total / wonCount.get(code)!)]))),
      average_sales_cycle_days: cycles.length ? Math.round((cycles.reduce((a, b) => a + b, 0) / cycles.length) * 10) / 10 : null,
      pipeline_by_stage: stages.map((stageId) => {
        const inStage = open.filter((lead) => idOf(lead.stage_id) === stageId);
        const stage = this.fake.record('crm.stage', stageId)!;
        return {
          stage: { id: stageId, name: stage.name },
          count: inStage.length,
          value: money(sum(inStage, revenue)),
          weighted_value: money(sum(inStage, weighted)),
        };
      }),
      won_by_month: months(won, (lead) => (lead.date_closed as string).slice(0, 7)).map((leads) => ({
        month: (leads[0].date_closed as string).slice(0, 7),
        count: leads.length,
        value: money(sum(leads, revenue)),
      })),
      forecast_by_month: months(forecast, (lead) => (lead.date_deadline as string).slice(0, 7)).map((leads) => ({
        month: (leads[0].date_deadline as string).slice(0, 7),
        count: leads.length,
        value: money(sum(leads, revenue)),
        weighted_value: money(sum(leads, weighted)),
      })),
      top_accounts: this.topAccounts([...open, ...won]),
      activities: {
        overdue: activities.filter((a) => (a.date_deadline as string) < today).length,
        today: activities.filter((a) => a.date_deadline === today).length,
        upcoming: activities.filter((a) => (a.date_deadline as string) > today).length,
      },
      receivables: {
        open_invoices: invoices.length,
        amount_due: invoiceSum(invoices),
        overdue_amount: invoiceSum(overdue),
        company_amount_due: companySum(invoices),
        company_overdue_amount: companySum(overdue),
      },
    };
  }

  /** The ten customers per currency with the most open + won value, by company. */
  private topAccounts(leads: ReadRecord[]) {
    const totals = new Map<string, { id: number; currency: string; open: number; won: number }>();
    for (const lead of leads.filter((l) => idOf(l.partner_id) !== null)) {
      const id = this.accountOf(idOf(lead.partner_id)!);
      const currency = this.currency(lead);
      const entry = totals.get(`${id}:${currency}`) ?? { id, currency, open: 0, won: 0 };
      if (this.status(lead) === 'won') entry.won += cents(lead.expected_revenue);
      else entry.open += cents(lead.expected_revenue);
      totals.set(`${id}:${currency}`, entry);
    }
    const currencies = [...new Set([...totals.values()].map((entry) => entry.currency))].sort();
    return currencies.flatMap((currency) =>
      [...totals.values()]
        .filter((entry) => entry.currency === currency)
        .sort((a, b) => b.open + b.won - (a.open + a.won) || a.id - b.id)
        .slice(0, 10)
        .map((entry) => ({
          account: { id: entry.id, name: this.partnerName(entry.id) },
          currency,
          open_value: entry.open / 100,
          won_value: entry.won / 100,
          total_value: (entry.open + entry.won) / 100,
        })),
    );
  }

  /** An opportunity as GET /opportunities shows it. */
  opportunity(lead: ReadRecord) {
    return {
      id: lead.id,
      name: lead.name,
      type: lead.type,
      status: this.status(lead),
      partner: refOf(lead.partner_id),
      owner: refOf(lead.user_id),
      stage: refOf(lead.stage_id),
      team: refOf(lead.team_id),
      expected_revenue: cents(lead.expected_revenue) / 100,
      probability: lead.probability,
      weighted_revenue: cents(lead.prorated_revenue) / 100,
      currency: this.currency(lead),
      expected_close: lead.date_deadline || null,
      closed_at: lead.date_closed ? new Date(utc(lead.date_closed as string)).toISOString() : null,
      created_at: new Date(utc(lead.create_date as string)).toISOString(),
      active: lead.active,
    };
  }
}

export { refOf as expectedRef };
