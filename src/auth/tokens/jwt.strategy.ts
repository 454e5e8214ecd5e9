import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthenticatedRequest, AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import type { EnvironmentVariables } from '../../config/environment.js';
import { UsersService } from '../../users/users.service.js';
import { JWT_ALGORITHM, jwtSecret, TokenService, type TokenPayload } from './token.service.js';

/**
 * Bearer tokens of this API: HS256 only, unexpired, of a session younger than SESSION_MAX_AGE_SECONDS, for a user who
 * is still active and approved and whose token_version is still the token's.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: ConfigService<EnvironmentVariables, true>,
    private readonly users: UsersService,
    private readonly tokens: TokenService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: jwtSecret(config),
      algorithms: [JWT_ALGORITHM],
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  async validate(request: AuthenticatedRequest, payload: TokenPayload): Promise<AuthenticatedUser | false> {
    const { id, token_version, auth_time } = payload;
    if (typeof id !== 'string' || !Number.isInteger(token_version) || !Number.isInteger(auth_time)) return false;
    if (this.tokens.sessionSecondsLeft(auth_time) <= 0) return false;
    const user = await this.users.findById(id);
    if (!user || !canSignIn(user) || token_version !== (user.token_version ?? 0)) return false;
    request.sessionClaims = { auth_time };
    return user;
  }
}

export function canSignIn(user: Pick<AuthenticatedUser, 'is_active' | 'approval_status'>): boolean {
  return user.is_active && user.approval_status === 'approved';
}
