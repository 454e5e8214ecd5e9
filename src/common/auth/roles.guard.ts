import { HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiException } from '../errors/api.exception.js';
import { ADMIN_ONLY, SUPER_ADMIN_ONLY } from './auth.decorators.js';
import { isAdmin, type AuthenticatedRequest } from './authenticated-user.js';

/**
 * Global, after the JWT guard: `@Auth({ admin: true })` routes need role `admin` or a super admin, `@SuperAdminOnly()`
 * routes a super admin.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    const adminOnly = this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets);
    const superAdminOnly = this.reflector.getAllAndOverride<boolean>(SUPER_ADMIN_ONLY, targets);
    if (!adminOnly && !superAdminOnly) return true;
    const { user } = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!user || !isAdmin(user)) throw new ApiException(HttpStatus.FORBIDDEN, 'FORBIDDEN', 'This route is for administrators');
    if (superAdminOnly && !user.is_super_admin) {
      throw new ApiException(HttpStatus.FORBIDDEN, 'SUPER_ADMIN_REQUIRED', 'This route is for super admins');
    }
    return true;
  }
}
