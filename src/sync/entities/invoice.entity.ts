import type { EntityDefinition } from './entity-definition.js';
import { cents, datetime, day, lowerText, many2oneId, many2oneName, text } from '../../odoo/odoo-values.js';
import { ACCOUNT_MOVE } from '../../odoo/odoo-models.js';

const CUSTOMER_MOVE_TYPES = ['out_invoice', 'out_refund'];

/**
 * `invoice`: account.move customer invoices and credit notes; a credit note's amounts count negative. Odoo's
 * aged receivable report counts each move for its commercial partner (the company of a contact) and in the
 * company's currency, from the move's signed company-currency amounts: stored as Odoo gives them, never
 * converted here.
 */
export const invoiceEntity: EntityDefinition = {
  type: 'invoice',
  model: ACCOUNT_MOVE,
  domain: [['move_type', 'in', CUSTOMER_MOVE_TYPES]],
  fields: [
    'name', 'move_type', 'state', 'partner_id', 'commercial_partner_id', 'invoice_user_id', 'invoice_date',
    'invoice_date_due', 'amount_untaxed', 'amount_total', 'amount_residual', 'amount_total_signed',
    'amount_residual_signed', 'currency_id', 'company_currency_id', 'payment_state', 'company_id', 'create_date',
    'write_date',
  ],
  normalize(record) {
    const sign = record.move_type === 'out_refund' ? -1 : 1;
    const name = text(record.name);
    return {
      odoo_write_date: String(record.write_date),
      odoo_active: true,
      name: name ?? '',
      search_text: lowerText(name, many2oneName(record.partner_id)),
      odoo_user_id: many2oneId(record.invoice_user_id),
      partner_id: many2oneId(record.partner_id),
      commercial_partner_id: many2oneId(record.commercial_partner_id),
      commercial_partner_name: many2oneName(record.commercial_partner_id),
      kind: text(record.move_type),
      state: text(record.state),
      payment_state: text(record.payment_state),
      amount_total_cents: sign * (cents(record.amount_total) ?? 0),
      amount_residual_cents: sign * (cents(record.amount_residual) ?? 0),
      currency: many2oneName(record.currency_id),
      // Signed by Odoo already: negative for credit notes.
      amount_total_company_cents: cents(record.amount_total_signed) ?? 0,
      amount_residual_company_cents: cents(record.amount_residual_signed) ?? 0,
      company_currency: many2oneName(record.company_currency_id),
      date: day(record.invoice_date),
      due_date: day(record.invoice_date_due) ?? day(record.invoice_date),
      odoo_created_at: datetime(record.create_date),
    };
  },
};
