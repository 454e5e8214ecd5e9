/** The error codes of configuring and testing the Odoo connection: one per way a connection can fail. */
export const INTEGRATION_ERRORS = [
  'API_KEY_REQUIRED',
  'ODOO_AUTHENTICATION_FAILED',
  'ODOO_DATABASE_NOT_FOUND',
  'ODOO_ERROR',
  'ODOO_NOT_CONFIGURED',
  'ODOO_REDIRECTED',
  'ODOO_UNREACHABLE',
] as const;
