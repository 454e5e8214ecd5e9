// Field names, types and labels of addons/account/models/account_move.py (Odoo 17). account.move has no
// `active` field: archived records do not exist there, cancelled moves have state 'cancel'.
import type { ModelEnv, ModelSpec, StoredRecord } from '../model-types.js';
import { char, date, many2one, monetary, refId, selection, textOf } from './field-builders.js';

const MOVE_TYPES = [
  ['entry', 'Journal Entry'],
  ['out_invoice', 'Customer Invoice'],
  ['out_refund', 'Customer Credit Note'],
  ['in_invoice', 'Vendor Bill'],
  ['in_refund', 'Vendor Credit Note'],
  ['out_receipt', 'Sales Receipt'],
  ['in_receipt', 'Purchase Receipt'],
] as const;

const DRAFT_LABELS: Readonly<Record<string, string>> = {
  entry: 'Draft Entry',
  out_invoice: 'Draft Invoice',
  out_refund: 'Draft Credit Note',
  in_invoice: 'Draft Bill',
  in_refund: 'Draft Vendor Credit Note',
  out_receipt: 'Draft Sales Receipt',
  in_receipt: 'Draft Purchase Receipt',
};

/** account.move._get_move_display_name: a draft without number reads "Draft Invoice (* 12)". */
function moveDisplayName(move: StoredRecord): string {
  const name = textOf(move, 'name');
  if (move.state !== 'draft') return name || '/';
  const label = DRAFT_LABELS[textOf(move, 'move_type')] ?? 'Draft';
  return `${label} ${!name || name === '/' ? `(* ${move.id})` : name}`;
}

function companyCurrency(move: StoredRecord, env: ModelEnv): number | false {
  const company = env.get('res.company', refId(move, 'company_id') || 1);
  return company ? refId(company, 'currency_id') || false : false;
}

function commercialPartner(move: StoredRecord, env: ModelEnv): number | false {
  const partner = env.get('res.partner', refId(move, 'partner_id'));
  return partner ? refId(partner, 'commercial_partner_id') || partner.id : false;
}

export const accountMove: ModelSpec = {
  name: 'account.move',
  description: 'Journal Entry',
  order: 'date desc, name desc, invoice_date desc, id desc',
  displayName: moveDisplayName,
  defaults: (env) => ({
    name: '/',
    state: 'draft',
    move_type: 'entry',
    date: env.today(),
    company_id: 1,
    currency_id: companyCurrency({ id: 0, company_id: 1 }, env),
    payment_state: 'not_paid',
    amount_untaxed: 0,
    amount_tax: 0,
    amount_total: 0,
    amount_residual: 0,
    amount_untaxed_signed: 0,
    amount_total_signed: 0,
    amount_residual_signed: 0,
  }),
  fields: {
    name: char('Number', { readonly: true }),
    ref: char('Reference'),
    date: date('Date', { required: true }),
    move_type: selection('Type', MOVE_TYPES, { required: true, readonly: true }),
    state: selection(
      'Status',
      [
        ['draft', 'Draft'],
        ['posted', 'Posted'],
        ['cancel', 'Cancelled'],
      ],
      { required: true, readonly: true },
    ),
    company_id: many2one('res.company', 'Company', { readonly: true }),
    partner_id: many2one('res.partner', 'Partner'),
    commercial_partner_id: many2one('res.partner', 'Commercial Entity', { readonly: true, compute: commercialPartner }),
    invoice_user_id: many2one('res.users', 'Salesperson'),
    invoice_date: date('Invoice/Bill Date'),
    invoice_date_due: date('Due Date'),
    invoice_origin: char('Origin', {
      readonly: true,
      help: "The document(s) that generated the invoice.",
    }),
    currency_id: many2one('res.currency', 'Currency', { required: true }),
    company_currency_id: many2one('res.currency', 'Company Currency', {
      readonly: true,
      store: false,
      compute: companyCurrency,
    }),
    amount_untaxed: monetary('Untaxed Amount', 'currency_id', { readonly: true }),
    amount_tax: monetary('Tax', 'currency_id', { readonly: true }),
    amount_total: monetary('Total', 'currency_id', { readonly: true }),
    amount_residual: monetary('Amount Due', 'currency_id', { readonly: true }),
    amount_untaxed_signed: monetary('Untaxed Amount Signed', 'company_currency_id', { readonly: true }),
    amount_total_signed: monetary('Total Signed', 'company_currency_id', { readonly: true }),
    amount_residual_signed: monetary('Amount Due Signed', 'company_currency_id', { readonly: true }),
    payment_state: selection(
      'Payment Status',
      [
        ['not_paid', 'Not Paid'],
        ['in_payment', 'In Payment'],
        ['paid', 'Paid'],
        ['partial', 'Partially Paid'],
        ['reversed', 'Reversed'],
        ['invoicing_legacy', 'Invoicing App Legacy'],
      ],
      { readonly: true },
    ),
  },
};
