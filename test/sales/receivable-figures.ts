// What GET /receivables and GET /accounts/real must answer, computed from Odoo's records (OdooFigures), the way
// Odoo's aged receivable report and its partners define each figure.
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import type { ReadRecord } from '../fake-odoo/orm-read.js';
import { expectedRef, type OdooFigures } from './odoo-figures.js';
import { add, cents, idOf, money, sees, type Caller } from './sales-world.js';

export const BUCKETS = ['not_due', 'days_1_30', 'days_31_60', 'days_61_90', 'days_91_120', 'older'] as const;
export const nameOf = (value: unknown) => (Array.isArray(value) ? (value[1] as string) : '');

/** The aged receivable report's column: days past due at `asOf`, 0 or less is not due. */
export function bucketOf(due: string, asOf: string): (typeof BUCKETS)[number] {
  const days = (Date.parse(asOf) - Date.parse(due)) / 86_400_000;
  if (days <= 0) return 'not_due';
  if (days <= 30) return 'days_1_30';
  if (days <= 60) return 'days_31_60';
  if (days <= 90) return 'days_61_90';
  if (days <= 120) return 'days_91_120';
  return 'older';
}

/** The aged receivable as Odoo's report makes it: by commercial partner, per invoice currency and per company currency. */
export function expectedReceivables(odoo: OdooFigures, caller: Caller, asOf: string, keep: (move: ReadRecord) => boolean = () => true) {
  const invoices = odoo.openInvoices(caller).filter(keep);
  const columns = [...BUCKETS, 'total'] as const;
  const perColumn = () => Object.fromEntries(columns.map((column) => [column, new Map<string, number>()]));
  const totals = perColumn();
  const companyTotals = perColumn();
  type Row = { partner: number | null; currency: string; cents: Record<string, number>; company: Record<string, Map<string, number>> };
  const customers = new Map<string, Row>();
  for (const move of invoices) {
    const currency = nameOf(move.currency_id);
    const bucket = bucketOf(odoo.dueDate(move), asOf);
    const partner = odoo.customerOf(move);
    const id = `${partner}:${currency}`;
    const row = customers.get(id) ?? { partner, currency, cents: Object.fromEntries(columns.map((c) => [c, 0])), company: perColumn() };
    for (const column of [bucket, 'total']) {
      add(totals[column], currency, odoo.due(move));
      add(companyTotals[column], odoo.companyCurrency(move), odoo.companyDue(move));
      row.cents[column] += odoo.due(move);
      add(row.company[column], odoo.companyCurrency(move), odoo.companyDue(move));
    }
    customers.set(id, row);
  }
  const asMoney = (amounts: Record<string, Map<string, number>>) =>
    Object.fromEntries(Object.entries(amounts).map(([column, amount]) => [column, money(amount)]));
  const rows = [...customers.values()].sort((a, b) => b.cents.total - a.cents.total || (a.partner ?? 0) - (b.partner ?? 0));
  return {
    invoices,
    totals: asMoney(totals),
    company_totals: asMoney(companyTotals),
    by_customer: rows.slice(0, 100).map((row) => ({
      partner: row.partner === null ? null : { id: row.partner, name: odoo.partnerName(row.partner) },
      currency: row.currency,
      ...Object.fromEntries(columns.map((column) => [column, row.cents[column] / 100])),
      company_totals: asMoney(row.company),
    })),
    customers_total: rows.length,
  };
}

export function expectedReceivable(odoo: OdooFigures, move: ReadRecord, asOf: string) {
  const due = odoo.dueDate(move);
  return {
    id: move.id,
    name: move.name,
    type: move.move_type,
    partner: expectedRef(move.partner_id),
    commercial_partner: expectedRef(move.commercial_partner_id),
    salesperson: expectedRef(move.invoice_user_id),
    invoice_date: move.invoice_date,
    due_date: due,
    days_overdue: Math.max(0, (Date.parse(asOf) - Date.parse(due)) / 86_400_000),
    bucket: bucketOf(due, asOf),
    currency: nameOf(move.currency_id),
    amount_total: ((move.move_type === 'out_refund' ? -1 : 1) * cents(move.amount_total)) / 100,
    amount_due: odoo.due(move) / 100,
    company_currency: odoo.companyCurrency(move),
    company_amount_total: cents(move.amount_total_signed) / 100,
    company_amount_due: odoo.companyDue(move) / 100,
    payment_state: move.payment_state,
  };
}

/** The companies a caller may see in GET /accounts/real, each as the route must show it, to the cent. */
export function expectedAccounts(odoo: OdooFigures, fake: FakeOdooServer, caller: Caller) {
  const companies = fake.records('res.partner').filter((partner) => partner.is_company);
  const leads = odoo.leads(caller);
  const moves = odoo.customerMoves(caller);
  const linked = new Set([...leads, ...moves].filter((r) => idOf(r.partner_id) !== null).map((r) => odoo.accountOf(idOf(r.partner_id)!)));
  const visible = companies.filter((c) => caller.odooUserIds === null || sees(caller, idOf(c.user_id)) || linked.has(c.id));
  const sum = (records: ReadRecord[], currency: (r: ReadRecord) => string, amount: (r: ReadRecord) => number) => {
    const total = new Map<string, number>();
    for (const record of records) add(total, currency(record), amount(record));
    return money(total);
  };
  return visible.map((company) => {
    const deals = odoo.opportunities(caller).filter((lead) => idOf(lead.partner_id) !== null && odoo.accountOf(idOf(lead.partner_id)!) === company.id);
    const open = deals.filter((lead) => odoo.isOpen(lead));
    const receivable = odoo.openInvoices(caller).filter((move) => odoo.accountOf(idOf(move.partner_id)!) === company.id);
    return {
      id: company.id,
      name: company.name,
      email: company.email || null,
      phone: company.phone || null,
      city: company.city || null,
      country: expectedRef(company.country_id),
      salesperson: expectedRef(company.user_id),
      active: company.active,
      open_opportunities: open.length,
      pipeline_value: sum(open, (l) => odoo.currency(l), (l) => cents(l.expected_revenue)),
      won_revenue: sum(deals.filter((l) => odoo.status(l) === 'won'), (l) => odoo.currency(l), (l) => cents(l.expected_revenue)),
      amount_receivable: sum(receivable, (m) => nameOf(m.currency_id), (m) => odoo.due(m)),
    };
  });
}
