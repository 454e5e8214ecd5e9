/**
 * Customer invoices and credit notes with something still to settle, as Odoo's aged receivable counts them:
 * posted, not paid, in payment or reversed, and an amount due other than zero.
 */
export const OPEN_INVOICE = {
  state: 'posted',
  payment_state: { $nin: ['paid', 'in_payment', 'reversed'] },
  amount_residual_cents: { $ne: 0 },
};
