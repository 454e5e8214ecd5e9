import { HttpStatus, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../common/auth/authenticated-user.js';
import { ApiException } from '../common/errors/api.exception.js';
import type { CreateUserDto } from './dto/create-user.dto.js';
import type { UpdateUserDto } from './dto/update-user.dto.js';
import { DuplicateEmailError, UsersService } from './users.service.js';


/** What admins may do to accounts, and the rules that keep the system administrable. */
@Injectable()
export class UserAdminService {
  constructor(private readonly users: UsersService) {}

  async create(actor: AuthenticatedUser, input: CreateUserDto, passwordHash: string): Promise<AuthenticatedUser> {
    if (input.is_super_admin) requireSuperAdmin(actor);
    try {
      return await this.users.create({
        email: input.email,
        name: input.name,
        password_hash: passwordHash,
        role: input.role ?? 'user',
        is_super_admin: input.is_super_admin ?? false,
        auth_provider: 'local',
        approval_status: 'approved',
        is_active: true,
      });
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

  async update(actor: AuthenticatedUser, id: string, patch: UpdateUserDto): Promise<AuthenticatedUser> {
    const target = await this.get(id);
    if (target.is_super_admin || patch.is_super_admin !== undefined) requireSuperAdmin(actor);
    if (isActiveSuperAdmin(target) && !isActiveSuperAdmin({ ...target, ...patch })) {
      await this.requireAnotherActiveSuperAdmin();
    }
    return (await this.users.update(id, patch))!;
  }

  async resetPassword(actor: AuthenticatedUser, id: string, passwordHash: string): Promise<void> {
    const target = await this.get(id);
    if (target.is_super_admin) requireSuperAdmin(actor);
    await this.users.update(id, { password_hash: passwordHash });
  }

  private async requireAnotherActiveSuperAdmin(): Promise<void> {
    if ((await this.users.countActiveSuperAdmins()) <= 1) {
      throw new ApiException(
        HttpStatus.CONFLICT,
        'LAST_SUPER_ADMIN',
        'This is the last active super admin; make another user super admin first.',
      );
    }
  }
}

function isActiveSuperAdmin(user: Pick<AuthenticatedUser, 'is_super_admin' | 'is_active' | 'approval_status'>): boolean {
  return user.is_super_admin && user.is_active && user.approval_status === 'approved';
}

function requireSuperAdmin(actor: AuthenticatedUser): void {
  if (!actor.is_super_admin) {
    throw new ApiException(HttpStatus.FORBIDDEN, 'SUPER_ADMIN_REQUIRED', 'Only a super admin may change super admins');
  }
}
