/** The error codes of the sales routes, creating an opportunity in Odoo among them. */
export const SALES_ERRORS = [
  'INVALID_ID',
  'INVALID_PERIOD',
  'ODOO_ERROR',
  'ODOO_NOT_LINKED',
  'ODOO_OUTCOME_UNKNOWN',
  'ODOO_READ_BACK_FAILED',
  'ODOO_UNAVAILABLE',
  'ODOO_VALIDATION_FAILED',
  'OPPORTUNITY_NOT_FOUND',
  'OWNER_OUT_OF_SCOPE',
] as const;
