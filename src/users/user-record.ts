export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** Roles this API assigns; visibility beyond admin comes from the Odoo manager tree, not from the role. */
export const ROLES = ['admin', 'user'] as const;
export type Role = (typeof ROLES)[number];

export const AUTH_PROVIDERS = ['local', 'microsoft'] as const;
export type AuthProvider = (typeof AUTH_PROVIDERS)[number];

/** A user as the other modules see it: plain fields, no Mongoose class or model (the `users` collection). */
export interface UserRecord {
  id: string;
  /** Lower-cased. */
  email: string;
  /** Empty for accounts that only sign in through Microsoft. */
  password_hash: string;
  name: string;
  role: string;
  role_id: string | null;
  odoo_user_id: number | null;
  odoo_employee_id: number | null;
  odoo_salesperson_name: string | null;
  odoo_department_id: number | null;
  odoo_team_id: number | null;
  /** Employee id of this user's manager in Odoo (`hr.employee.parent_id`). */
  manager_odoo_id: number | null;
  odoo_matched: boolean;
  /** Entra ID object id (`oid`) and tenant (`tid`); absent on a user not linked to Microsoft. */
  ms_id?: string;
  ms_tenant_id?: string;
  ms_access_token: string | null;
  auth_provider: AuthProvider;
  is_super_admin: boolean;
  is_active: boolean;
  approval_status: ApprovalStatus;
  created_at: Date;
  updated_at: Date;
  last_login: Date | null;
  /** Copied into every token; a token with another value is refused. */
  token_version: number;
}
