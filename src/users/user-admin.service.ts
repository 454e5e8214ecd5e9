import { HttpStatus, Injectable } from '@nestjs/common';
import type { AuditRequestContext } from '../audit/audit-request.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuditAction } from '../audit/audit-event.js';
import type { AuthenticatedUser } from '../common/auth/authenticated-user.js';
import { ApiException } from '../common/errors/api.exception.js';
import type { CreateUserDto } from './dto/create-user.dto.js';
import type { UpdateUserDto } from './dto/update-user.dto.js';
import { isLastActiveSuperAdmin, removesActiveSuperAdmin } from './super-admin-rules.js';
import { DuplicateEmailError, UsersService } from './users.service.js';

const ACCESS_FIELDS = ['role', 'is_active', 'approval_status', 'is_super_admin'] as const;

/** What admins may do to accounts, and the rules that keep the system administrable. */
@Injectable()
export class UserAdminService {
  constructor(
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: AuthenticatedUser, input: CreateUserDto, passwordHash: string, context: AuditRequestContext): Promise<AuthenticatedUser> {
    if (input.is_super_admin) requireSuperAdmin(actor);
    try {
      const created = await this.users.create({
        email: input.email,
        name: input.name,
        password_hash: passwordHash,
        role: input.role ?? 'user',
        is_super_admin: input.is_super_admin ?? false,
        auth_provider: 'local',
        approval_status: 'approved',
        is_active: true,
      });
      const details = { email: created.email, role: created.role, is_super_admin: created.is_super_admin };
      await this.record(context, actor, 'user.created', created, details);
      return created;
    } catch (error) {
      if (error instanceof DuplicateEmailError) {
        throw new ApiException(HttpStatus.CONFLICT, 'EMAIL_TAKEN', error.message);
      }
      throw error;
    }
  }

  async get(id: string): Promise<AuthenticatedUser> {
    const user = await this.users.findById(id);
    if (!user) throw new ApiException(HttpStatus.NOT_FOUND, 'USER_NOT_FOUND', `No user with id ${id}`);
    return user;
  }

  async update(actor: AuthenticatedUser, id: string, patch: UpdateUserDto, context: AuditRequestContext): Promise<AuthenticatedUser> {
    const target = await this.get(id);
    if (target.is_super_admin || patch.is_super_admin !== undefined) requireSuperAdmin(actor);
    if (removesActiveSuperAdmin(target, patch)) {
      await this.requireAnotherActiveSuperAdmin();
    }
    const updated = (await this.users.update(id, patch, { endSessions: changesAccess(target, patch) }))!;
    for (const action of accessChanges(target, updated)) {
      const details = { role: updated.role, previous_role: target.role, is_super_admin: updated.is_super_admin, approval_status: updated.approval_status };
      await this.record(context, actor, action, updated, details);
    }
    return updated;
  }

  /** Also ends the user's sessions: whoever knew the old password is signed out. */
  async resetPassword(actor: AuthenticatedUser, id: string, passwordHash: string, context: AuditRequestContext): Promise<void> {
    const target = await this.get(id);
    if (target.is_super_admin) requireSuperAdmin(actor);
    await this.users.update(id, { password_hash: passwordHash }, { endSessions: true });
    await this.record(context, actor, 'password.reset', target, { email: target.email });
  }

  private record(context: AuditRequestContext, actor: AuthenticatedUser, action: AuditAction, target: AuthenticatedUser, details: object) {
    return this.audit.record({ ...context, action, outcome: 'success', actor, target: { type: 'user', id: target.id }, details });
  }

  private async requireAnotherActiveSuperAdmin(): Promise<void> {
    if (isLastActiveSuperAdmin(await this.users.countActiveSuperAdmins())) {
      throw new ApiException(
        HttpStatus.CONFLICT,
        'LAST_SUPER_ADMIN',
        'This is the last active super admin; make another user super admin first.',
      );
    }
  }
}

/** The audit events of an update: one per kind of access it changed. */
function accessChanges(before: AuthenticatedUser, after: AuthenticatedUser): AuditAction[] {
  const actions: AuditAction[] = [];
  if (before.role !== after.role || before.is_super_admin !== after.is_super_admin) actions.push('user.role_changed');
  if (before.is_active !== after.is_active) actions.push(after.is_active ? 'user.activated' : 'user.deactivated');
  if (before.approval_status !== after.approval_status && after.approval_status !== 'pending') {
    actions.push(after.approval_status === 'approved' ? 'user.approved' : 'user.rejected');
  }
  return actions;
}

/** A change of what the user may do, which their current sessions must not outlive. */
function changesAccess(target: AuthenticatedUser, patch: UpdateUserDto): boolean {
  return ACCESS_FIELDS.some((field) => patch[field] !== undefined && patch[field] !== target[field]);
}

function requireSuperAdmin(actor: AuthenticatedUser): void {
  if (!actor.is_super_admin) {
    throw new ApiException(HttpStatus.FORBIDDEN, 'SUPER_ADMIN_REQUIRED', 'Only a super admin may change super admins');
  }
}
