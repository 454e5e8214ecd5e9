import type { OdooRecord } from './odoo.types.js';
import { many2oneId } from './odoo-values.js';

/** The res.users fields that tie an employee to emails and a sales team. */
export const EMPLOYEE_USER_FIELDS = ['login', 'email', 'sale_team_id'];

/** An employee's Odoo user (res.users): its login, email and sales team. */
export interface OdooUserIdentity {
  login: string | null;
  email: string | null;
  teamId: number | null;
}

export function userIdentity(user: OdooRecord): OdooUserIdentity {
  return {
    login: typeof user.login === 'string' ? user.login : null,
    email: typeof user.email === 'string' ? user.email : null,
    teamId: many2oneId(user.sale_team_id),
  };
}

/** The emails an employee answers to, lower-case: its work email, and its user's login and email. */
export function employeeEmails(workEmail: unknown, user: OdooUserIdentity | undefined): string[] {
  const emails = [workEmail, user?.login, user?.email]
    .filter((email): email is string => typeof email === 'string' && email.includes('@'))
    .map((email) => email.toLowerCase());
  return [...new Set(emails)];
}
