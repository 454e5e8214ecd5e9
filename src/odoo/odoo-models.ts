/** The Odoo models this service reads and writes, by their technical names. */
export const CRM_LEAD = 'crm.lead';
export const CRM_STAGE = 'crm.stage';
export const RES_PARTNER = 'res.partner';
export const RES_USERS = 'res.users';
export const HR_EMPLOYEE = 'hr.employee';
export const MAIL_ACTIVITY = 'mail.activity';
export const ACCOUNT_MOVE = 'account.move';

/** The largest Odoo record id: ids are PostgreSQL serials (a 32-bit signed integer). */
export const MAX_ODOO_ID = 2_147_483_647;
