import type { FastifyRequest } from 'fastify';
import type { UserRecord } from '../../users/user-record.js';

/** The caller of a route: their user record as loaded for this request, without secrets. */
export type AuthenticatedUser = Omit<UserRecord, 'password_hash' | 'ms_access_token'>;

/** What the caller's bearer token says about their session. */
export interface SessionClaims {
  /** When the user signed in, in seconds since the epoch. */
  auth_time: number;
}

/** A request the JWT guard let through: the caller, and the claims of their token. */
export type AuthenticatedRequest = FastifyRequest & { user: AuthenticatedUser; sessionClaims?: SessionClaims };

export function isAdmin(user: Pick<UserRecord, 'role' | 'is_super_admin'>): boolean {
  return user.role === 'admin' || user.is_super_admin;
}
