import { HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiException } from '../errors/api.exception.js';
import { ADMIN_ONLY } from './auth.decorators.js';
import { isAdmin, type AuthenticatedRequest } from './authenticated-user.js';

/** Global, after the JWT guard: `@Auth({ admin: true })` routes need role `admin` or a super admin. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const adminOnly = this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, [context.getHandler(), context.getClass()]);
    if (!adminOnly) return true;
    const { user } = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (user && isAdmin(user)) return true;
    throw new ApiException(HttpStatus.FORBIDDEN, 'FORBIDDEN', 'This route is for administrators');
  }
}
