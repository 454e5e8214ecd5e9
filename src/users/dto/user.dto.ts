import { ApiProperty } from '@nestjs/swagger';
import { APPROVAL_STATUSES, AUTH_PROVIDERS, type ApprovalStatus, type AuthProvider, type UserRecord } from '../user-record.js';

/** A user as the API shows it: never a password hash, token or other secret. */
export class UserDto {
  /** @example "0b7f3c52-5d0e-4a8e-9a43-2b1f0d1d7c11" */
  id!: string;
  /** @example "ana.lopez@example.com" */
  email!: string;
  /** @example "Ana Lopez" */
  name!: string;
  /** `admin` or `user`. @example "user" */
  role!: string;
  role_id!: string | null;
  /** res.users id in Odoo. @example 7 */
  odoo_user_id!: number | null;
  /** hr.employee id in Odoo. @example 12 */
  odoo_employee_id!: number | null;
  odoo_salesperson_name!: string | null;
  odoo_department_id!: number | null;
  odoo_team_id!: number | null;
  /** hr.employee id of the manager. */
  manager_odoo_id!: number | null;
  odoo_matched!: boolean;
  @ApiProperty({ enum: AUTH_PROVIDERS })
  auth_provider!: AuthProvider;
  /** A Microsoft account signs in to this one (`POST /auth/microsoft/link`, or its first Microsoft sign-in). */
  microsoft_linked!: boolean;
  is_super_admin!: boolean;
  is_active!: boolean;
  @ApiProperty({ enum: APPROVAL_STATUSES })
  approval_status!: ApprovalStatus;
  created_at!: Date;
  updated_at!: Date;
  last_login!: Date | null;
}

/** Copies the public fields one by one, so a field added to the schema is never exposed by accident. */
export function toUserDto(user: Omit<UserRecord, 'password_hash' | 'ms_access_token'>): UserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    role_id: user.role_id ?? null,
    odoo_user_id: user.odoo_user_id ?? null,
    odoo_employee_id: user.odoo_employee_id ?? null,
    odoo_salesperson_name: user.odoo_salesperson_name ?? null,
    odoo_department_id: user.odoo_department_id ?? null,
    odoo_team_id: user.odoo_team_id ?? null,
    manager_odoo_id: user.manager_odoo_id ?? null,
    odoo_matched: user.odoo_matched ?? false,
    auth_provider: user.auth_provider ?? 'local',
    microsoft_linked: !!user.ms_tenant_id,
    is_super_admin: user.is_super_admin ?? false,
    is_active: user.is_active ?? true,
    approval_status: user.approval_status ?? 'approved',
    created_at: user.created_at,
    updated_at: user.updated_at,
    last_login: user.last_login ?? null,
  };
}

export class UserPageDto {
  items!: UserDto[];
  /** @example 42 */
  total!: number;
  /** @example 1 */
  page!: number;
  /** @example 50 */
  page_size!: number;
}
