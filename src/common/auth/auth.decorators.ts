import { applyDecorators, createParamDecorator, HttpStatus, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import { ApiErrorResponses } from '../openapi/api-error-responses.decorator.js';
import type { AuthenticatedRequest, AuthenticatedUser, SessionClaims } from './authenticated-user.js';

export const IS_PUBLIC = 'auth:public';
export const ADMIN_ONLY = 'auth:admin-only';
export const SUPER_ADMIN_ONLY = 'auth:super-admin-only';

/** A route anyone may call without a token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * A route that needs a valid bearer token (every route that is not `@Public()` does); with `admin`, the caller
 * must also be an admin (role `admin` or super admin). Declares the route's security in OpenAPI too.
 */
export function Auth(options: { admin?: boolean } = {}) {
  const decorators = [ApiBearerAuth(), ApiErrorResponses(HttpStatus.UNAUTHORIZED)];
  if (options.admin) {
    decorators.push(
      SetMetadata(ADMIN_ONLY, true),
      ApiExtension('x-admin-only', true),
      ApiErrorResponses(HttpStatus.FORBIDDEN),
    );
  }
  return applyDecorators(...decorators);
}

/** Beside `@Auth({ admin: true })`: only a super admin may call the route; a plain admin gets 403 SUPER_ADMIN_REQUIRED. */
export const SuperAdminOnly = () => applyDecorators(SetMetadata(SUPER_ADMIN_ONLY, true), ApiExtension('x-super-admin-only', true));

/** The authenticated caller. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().user,
);

/** The session claims of the caller's bearer token; on `@Auth()` routes only. */
export const CurrentSession = createParamDecorator((_data: unknown, context: ExecutionContext): SessionClaims => {
  const { sessionClaims } = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!sessionClaims) throw new Error('CurrentSession used on a route without a bearer token');
  return sessionClaims;
});
