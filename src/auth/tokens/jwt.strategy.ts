import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import type { EnvironmentVariables } from '../../config/environment.js';
import { UsersService } from '../../users/users.service.js';
import { JWT_ALGORITHM, jwtSecret, type TokenPayload } from './token.service.js';

/** Bearer tokens of this API: HS256 only, unexpired, for a user who is still active and approved. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: ConfigService<EnvironmentVariables, true>,
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: jwtSecret(config),
      algorithms: [JWT_ALGORITHM],
      ignoreExpiration: false,
    });
  }

  async validate(payload: TokenPayload): Promise<AuthenticatedUser | false> {
    if (typeof payload.id !== 'string') return false;
    const user = await this.users.findById(payload.id);
    return user && canSignIn(user) ? user : false;
  }
}

export function canSignIn(user: Pick<AuthenticatedUser, 'is_active' | 'approval_status'>): boolean {
  return user.is_active && user.approval_status === 'approved';
}
