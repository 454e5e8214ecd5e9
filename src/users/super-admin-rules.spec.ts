import { isActiveSuperAdmin, isLastActiveSuperAdmin, removesActiveSuperAdmin } from './super-admin-rules.js';

describe('the last-super-admin rule', () => {
  const superAdmin = { is_super_admin: true, is_active: true, approval_status: 'approved' as const };

  it('counts only a super admin who is active and approved', () => {
    expect(isActiveSuperAdmin(superAdmin)).toBe(true);
    expect(isActiveSuperAdmin({ ...superAdmin, is_super_admin: false })).toBe(false);
    expect(isActiveSuperAdmin({ ...superAdmin, is_active: false })).toBe(false);
    expect(isActiveSuperAdmin({ ...superAdmin, approval_status: 'pending' })).toBe(false);
    expect(isActiveSuperAdmin({ ...superAdmin, approval_status: 'rejected' })).toBe(false);
  });

  it('sees each way of taking an active super admin away', () => {
    expect(removesActiveSuperAdmin(superAdmin, { is_super_admin: false })).toBe(true);
    expect(removesActiveSuperAdmin(superAdmin, { is_active: false })).toBe(true);
    expect(removesActiveSuperAdmin(superAdmin, { approval_status: 'rejected' })).toBe(true);
  });

  it('lets other changes of an active super admin, and changes of anyone else, through', () => {
    expect(removesActiveSuperAdmin(superAdmin, {})).toBe(false);
    expect(removesActiveSuperAdmin(superAdmin, { is_active: true, is_super_admin: true })).toBe(false);
    expect(removesActiveSuperAdmin({ ...superAdmin, is_active: false }, { is_super_admin: false })).toBe(false);
    expect(removesActiveSuperAdmin({ ...superAdmin, is_super_admin: false }, { is_active: false })).toBe(false);
  });

  it('refuses to remove the only active super admin, and allows it when another remains', () => {
    expect(isLastActiveSuperAdmin(0)).toBe(true);
    expect(isLastActiveSuperAdmin(1)).toBe(true);
    expect(isLastActiveSuperAdmin(2)).toBe(false);
  });
});
