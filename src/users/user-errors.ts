/** The error codes of user management and of linking users to Odoo employees. */
export const USER_ERRORS = [
  'EMAIL_TAKEN',
  'LAST_SUPER_ADMIN',
  'ODOO_IDENTITY_TAKEN',
  'ODOO_MATCH_AMBIGUOUS',
  'ODOO_MATCH_NOT_FOUND',
  'USER_NOT_FOUND',
] as const;
