import type { FastifyRequest } from 'fastify';
import type { User } from '../../users/schemas/user.schema.js';

/** The caller of a route: their user record as loaded for this request, without secrets. */
export type AuthenticatedUser = Omit<User, 'password_hash' | 'ms_access_token'>;

export type AuthenticatedRequest = FastifyRequest & { user: AuthenticatedUser };

export function isAdmin(user: Pick<User, 'role' | 'is_super_admin'>): boolean {
  return user.role === 'admin' || user.is_super_admin;
}
