// Leads and opportunities (won, lost, open), customer invoices and credit notes, and activities on leads.
import type { DatasetContext } from './dataset-context.js';
import type { Customer, SalesOrg, Seller } from './dataset-people.js';
import {
  ACTIVITY_TYPES,
  ADMIN_UID,
  CHF,
  EUR,
  GBP,
  irModelId,
  LOST_REASONS,
  MAIN_COMPANY,
  RATES,
  STAGES,
  TAGS,
  USD,
  WON_STAGE,
} from './dataset-reference.js';
import type { StoredRecord } from './model-types.js';
import { proratedRevenue } from './models/crm-models.js';
import { addDays, formatDate, formatDatetime } from './odoo-dates.js';
import { WeightedChoice } from './seeded-random.js';

const PRODUCTS = [
  'Office Design Project', 'Quote for carpets', 'Distributor Contract', 'Furniture renewal', 'Open Space Design',
  'Conference room equipment', 'Consulting services', 'Training session', 'Software license renewal', 'Annual maintenance',
  'Warehouse shelving', 'Interest in your products',
];

type LeadStatus = 'open' | 'won' | 'lost';

export interface LeadSummary {
  readonly id: number;
  readonly name: string;
  readonly userId: number | false;
  readonly createdAt: Date;
  readonly status: LeadStatus;
}

const round2 = (value: number) => Math.round(value * 100) / 100;
const minDate = (a: Date, b: Date) => (a.getTime() < b.getTime() ? a : b);
const maxDate = (a: Date, b: Date) => (a.getTime() > b.getTime() ? a : b);

const STATUS = new WeightedChoice<LeadStatus>(['open', 'won', 'lost'], [0.65, 0.2, 0.15]);
const OPEN_STAGE = new WeightedChoice([1, 2, 3], [0.45, 0.35, 0.2]);
const PRIORITY = new WeightedChoice(['0', '1', '2', '3'], [0.5, 0.3, 0.15, 0.05]);
const sellerChoice = (sellers: readonly Seller[]) =>
  new WeightedChoice(
    sellers,
    sellers.map((seller) => seller.weight),
  );

function probabilityFor(context: DatasetContext, status: LeadStatus, stageId: number): number {
  if (status === 'won') return 100;
  if (status === 'lost') return 0;
  const [low, high] = STAGES[stageId - 1].probability;
  return round2(low + context.rng.next() * (high - low));
}

function leadStage(context: DatasetContext, status: LeadStatus, type: string): number {
  if (status === 'won') return WON_STAGE;
  if (type === 'lead') return 1;
  return context.rng.choose(OPEN_STAGE);
}

function leadParty(context: DatasetContext, customer: Customer | undefined, type: string) {
  const roll = context.rng.next();
  if (!customer || (type === 'lead' && roll < 0.5)) {
    const first = context.faker.person.firstName();
    const last = context.faker.person.lastName();
    const company = customer ? String(customer.company.name) : `${last} & Co`;
    const email = `${first}.${last}@example.com`.toLowerCase();
    return { partner: undefined, contactName: `${first} ${last}`, partnerName: company, email };
  }
  const partner = roll < 0.55 ? context.rng.pick(customer.contacts) : customer.company;
  const contactName = partner === customer.company ? false : partner.name;
  return { partner, contactName, partnerName: customer.company.name, email: partner.email };
}

function leadDates(context: DatasetContext, created: Date, status: LeadStatus) {
  const closed = status === 'open' ? undefined : minDate(addDays(created, context.rng.int(3, 120)), context.daysAgo(0.05));
  const deadline =
    status === 'open'
      ? context.rng.chance(0.1)
        ? false
        : formatDate(addDays(context.now, context.rng.int(-45, 120)))
      : formatDate(addDays(closed ?? created, context.rng.int(-20, 20)));
  const stageUpdate = closed ?? minDate(addDays(created, context.rng.int(0, 30)), context.now);
  const written = context.writeMoment(maxDate(stageUpdate, created));
  return { closed, deadline, stageUpdate, written };
}

interface LeadSources {
  readonly customers: readonly Customer[];
  readonly org: SalesOrg;
  readonly sellers: WeightedChoice<Seller>;
}

/** One lead. Probability follows the stage; won ones are in the won stage at 100, lost ones archived at 0. */
function makeLead(context: DatasetContext, id: number, created: Date, sources: LeadSources) {
  const { customers, org } = sources;
  const rng = context.rng;
  const status = rng.choose(STATUS);
  const type = status === 'open' && rng.chance(0.25) ? 'lead' : 'opportunity';
  const customer = customers.length > 0 ? customers[rng.skewedIndex(customers.length)] : undefined;
  const party = leadParty(context, customer, type);
  const seller = rng.chance(0.03) ? undefined : rng.choose(sources.sellers);
  const teamId = seller?.teamId ?? rng.pick(org.teamIds);
  const stageId = leadStage(context, status, type);
  const probability = probabilityFor(context, status, stageId);
  const revenue = type === 'lead' && rng.chance(0.3) ? 0 : Math.max(500, Math.round(rng.logNormal(8000, 1) / 50) * 50);
  const dates = leadDates(context, created, status);
  const product = rng.pick(PRODUCTS);
  const companyName = String(party.partnerName);
  return context.add('crm.lead', {
    id,
    name: rng.chance(0.5) ? `${companyName}: ${product}` : `${product} for ${companyName}`,
    type,
    active: status !== 'lost',
    user_id: seller?.userId ?? false,
    team_id: teamId,
    company_id: org.teamCompany.get(teamId) ?? 1,
    stage_id: stageId,
    priority: rng.choose(PRIORITY),
    partner_id: party.partner?.id ?? false,
    partner_name: party.partnerName,
    contact_name: party.contactName ?? false,
    email_from: party.email ?? false,
    phone: party.partner?.phone ?? false,
    mobile: false,
    city: customer?.company.city ?? false,
    country_id: customer?.country.id ?? false,
    tag_ids: rng.chance(0.6) ? [rng.int(1, TAGS.length)] : [],
    color: 0,
    referred: false,
    description: false,
    expected_revenue: revenue,
    prorated_revenue: proratedRevenue({ id, expected_revenue: revenue, probability }),
    recurring_revenue: 0,
    probability,
    automated_probability: probability,
    lost_reason_id: status === 'lost' ? rng.int(1, LOST_REASONS.length) : false,
    date_deadline: dates.deadline,
    date_open: seller ? formatDatetime(addDays(created, rng.next() / 24)) : false,
    date_closed: dates.closed ? formatDatetime(dates.closed) : false,
    date_last_stage_update: formatDatetime(dates.stageUpdate),
    date_conversion: type === 'opportunity' && rng.chance(0.3) ? formatDatetime(addDays(created, rng.next())) : false,
    create_uid: seller?.userId ?? ADMIN_UID,
    create_date: formatDatetime(created),
    write_uid: seller?.userId ?? ADMIN_UID,
    write_date: formatDatetime(dates.written),
  });
}

export function addLeads(context: DatasetContext, count: number, customers: readonly Customer[], org: SalesOrg): LeadSummary[] {
  const moments = context.sortedMoments(count, 730, 1.5);
  const sources = { customers, org, sellers: sellerChoice(org.sellers) };
  const summaries: LeadSummary[] = new Array<LeadSummary>(count);
  for (let index = 0; index < count; index++) {
    const lead = makeLead(context, index + 1, moments[index], sources);
    const status: LeadStatus = lead.probability === 100 ? 'won' : lead.active === false ? 'lost' : 'open';
    const userId = typeof lead.user_id === 'number' ? lead.user_id : false;
    summaries[index] = { id: lead.id, name: String(lead.name), userId, createdAt: moments[index], status };
  }
  return summaries;
}

const AGING_DUE_OFFSETS = [10, -15, -45, -75, -105, -150];

interface InvoiceDraft {
  record: StoredRecord;
  numbered: boolean;
  prefix: 'INV' | 'RINV';
}

const INVOICE_STATE = new WeightedChoice(['posted', 'draft', 'cancel'], [0.8, 0.12, 0.08]);
const PAYMENT_STATE = new WeightedChoice(['paid', 'not_paid', 'partial', 'in_payment'], [0.55, 0.25, 0.12, 0.08]);
const CURRENCY = new WeightedChoice([EUR, USD, GBP, CHF], [0.8, 0.1, 0.06, 0.04]);
const ACTIVITY_TYPE = new WeightedChoice(ACTIVITY_TYPES, [0.3, 0.3, 0.2, 0.15, 0.05]);
const DEADLINE_KINDS = ['overdue', 'today', 'upcoming'] as const;
const DEADLINE_KIND = new WeightedChoice(DEADLINE_KINDS, [0.35, 0.15, 0.5]);

function paymentState(context: DatasetContext, state: string, unpaidSoFar: number): string {
  if (state !== 'posted') return 'not_paid';
  // The first six posted invoices stay open so that every aging bucket of the aged receivable has one.
  if (unpaidSoFar < AGING_DUE_OFFSETS.length) return 'not_paid';
  return context.rng.choose(PAYMENT_STATE);
}

/** Amounts in the invoice's currency, and signed in the company's currency at the fixed RATES, as Odoo signs them. */
function invoiceAmounts(context: DatasetContext, refund: boolean, payment: string, currencyId: number, companyCurrencyId: number) {
  const untaxed = round2(context.rng.logNormal(2500, 0.9));
  const tax = round2(untaxed * 0.21);
  const total = round2(untaxed + tax);
  const settled = payment === 'paid' || payment === 'in_payment';
  const residual = settled ? 0 : payment === 'partial' ? round2(total * (0.2 + context.rng.next() * 0.6)) : total;
  const sign = refund ? -1 : 1;
  const toCompany = (amount: number) => round2((sign * amount * RATES[companyCurrencyId]) / RATES[currencyId]);
  return {
    amount_untaxed: untaxed,
    amount_tax: tax,
    amount_total: total,
    amount_residual: residual,
    amount_untaxed_signed: toCompany(untaxed),
    amount_total_signed: toCompany(total),
    amount_residual_signed: toCompany(residual),
  };
}

function makeInvoice(
  context: DatasetContext,
  id: number,
  customers: readonly Customer[],
  sellers: readonly Seller[],
  unpaid: number,
): InvoiceDraft {
  const rng = context.rng;
  const customer = customers[rng.skewedIndex(customers.length)];
  const refund = rng.chance(0.12);
  const state = rng.choose(INVOICE_STATE);
  const payment = paymentState(context, state, unpaid);
  const currencyId = rng.choose(CURRENCY);
  const forced = state === 'posted' && unpaid < AGING_DUE_OFFSETS.length;
  const term = forced ? 30 : rng.pick([0, 15, 30, 30, 45, 60]);
  const forcedDue = forced ? addDays(context.now, AGING_DUE_OFFSETS[unpaid]) : undefined;
  const invoiceDate = forcedDue ? addDays(forcedDue, -term) : context.daysAgo(rng.int(0, 400));
  const dated = state !== 'draft' || rng.chance(0.5);
  const created = addDays(invoiceDate, -rng.int(0, 2));
  const seller = customer.company.user_id;
  const userId = typeof seller === 'number' ? seller : rng.pick(sellers).userId;
  // The salesperson's company issues it; every third goes to a contact of the customer, as Odoo allows.
  const companyId = sellers.find((candidate) => candidate.userId === userId)?.companyId ?? MAIN_COMPANY;
  const partner = id % 3 === 0 && customer.contacts.length > 0 ? customer.contacts[Math.floor(id / 3) % customer.contacts.length] : customer.company;
  const record = context.add('account.move', {
    id,
    name: '/',
    ref: false,
    date: formatDate(dated ? invoiceDate : created),
    move_type: refund ? 'out_refund' : 'out_invoice',
    state,
    company_id: companyId,
    partner_id: partner.id,
    invoice_user_id: userId,
    invoice_date: dated ? formatDate(invoiceDate) : false,
    invoice_date_due: dated ? formatDate(forcedDue ?? addDays(invoiceDate, term)) : false,
    invoice_origin: false,
    currency_id: currencyId,
    payment_state: payment,
    ...invoiceAmounts(context, refund, payment, currencyId, companyCurrencyOf(context, companyId)),
    create_uid: ADMIN_UID,
    create_date: formatDatetime(created),
    write_uid: ADMIN_UID,
    write_date: formatDatetime(context.writeMoment(created)),
  });
  const numbered = state === 'posted' || (state === 'cancel' && rng.chance(0.5));
  return { record, numbered, prefix: refund ? 'RINV' : 'INV' };
}

function companyCurrencyOf(context: DatasetContext, companyId: number): number {
  const currency = context.table('res.company').find((company) => company.id === companyId)?.currency_id;
  if (typeof currency !== 'number') throw new Error(`company ${companyId} has no currency`);
  return currency;
}

/** INV/2026/00001: one sequence per company, prefix and year, in invoice date order (account.move sequence mixin). */
function numberInvoices(drafts: readonly InvoiceDraft[]): void {
  const numbered = drafts.filter((draft) => draft.numbered);
  numbered.sort((a, b) => String(a.record.date).localeCompare(String(b.record.date)) || a.record.id - b.record.id);
  const counters = new Map<string, number>();
  for (const draft of numbered) {
    const key = `${draft.prefix}/${String(draft.record.date).slice(0, 4)}`;
    const sequence = `${String(draft.record.company_id)}:${key}`;
    const next = (counters.get(sequence) ?? 0) + 1;
    counters.set(sequence, next);
    draft.record.name = `${key}/${String(next).padStart(5, '0')}`;
  }
}

export function addInvoices(context: DatasetContext, count: number, customers: readonly Customer[], sellers: readonly Seller[]): void {
  if (customers.length === 0) return;
  const drafts: InvoiceDraft[] = [];
  let unpaid = 0;
  for (let index = 0; index < count; index++) {
    const draft = makeInvoice(context, index + 1, customers, sellers, unpaid);
    if (draft.record.state === 'posted' && draft.record.payment_state === 'not_paid') unpaid++;
    drafts.push(draft);
  }
  numberInvoices(drafts);
}

function activityDeadline(context: DatasetContext, index: number): string {
  const kind = index < DEADLINE_KINDS.length ? DEADLINE_KINDS[index] : context.rng.choose(DEADLINE_KIND);
  const offset = kind === 'today' ? 0 : kind === 'overdue' ? -context.rng.int(1, 30) : context.rng.int(1, 30);
  return formatDate(addDays(context.now, offset));
}

/** Activities on open leads: overdue, due today and upcoming (the first three are one of each). */
export function addActivities(context: DatasetContext, count: number, leads: readonly LeadSummary[], sellers: readonly Seller[]): void {
  const open = leads.filter((lead) => lead.status === 'open');
  if (open.length === 0) return;
  const leadModelId = irModelId('crm.lead');
  const choice = sellerChoice(sellers);
  for (let index = 0; index < count; index++) {
    const lead = open[context.rng.int(0, open.length - 1)];
    const type = context.rng.choose(ACTIVITY_TYPE);
    const created = maxDate(lead.createdAt, context.daysAgo(context.rng.int(0, 30)));
    const userId = lead.userId === false ? context.rng.choose(choice).userId : lead.userId;
    context.add('mail.activity', {
      id: index + 1,
      res_model_id: leadModelId,
      res_model: 'crm.lead',
      res_id: lead.id,
      res_name: lead.name,
      activity_type_id: type.id,
      summary: type.summary,
      note: context.rng.chance(0.5) ? `<p>${context.faker.lorem.sentence()}</p>` : false,
      date_deadline: activityDeadline(context, index),
      automated: false,
      user_id: userId,
      active: true,
      date_done: false,
      create_uid: userId,
      create_date: formatDatetime(created),
      write_uid: userId,
      write_date: formatDatetime(context.writeMoment(created)),
    });
  }
}
