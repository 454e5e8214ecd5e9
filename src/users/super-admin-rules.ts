import type { AuthenticatedUser } from '../common/auth/authenticated-user.js';

type SuperAdminFields = Pick<AuthenticatedUser, 'is_super_admin' | 'is_active' | 'approval_status'>;

/** A super admin who can sign in and act: one must always remain. */
export function isActiveSuperAdmin(user: SuperAdminFields): boolean {
  return user.is_super_admin && user.is_active && user.approval_status === 'approved';
}

/** Whether a change takes an active super admin away: then another one must remain. */
export function removesActiveSuperAdmin(target: SuperAdminFields, patch: Partial<SuperAdminFields>): boolean {
  return isActiveSuperAdmin(target) && !isActiveSuperAdmin({ ...target, ...patch });
}

/** With this many active super admins, removing one would leave none. */
export function isLastActiveSuperAdmin(activeSuperAdmins: number): boolean {
  return activeSuperAdmins <= 1;
}
