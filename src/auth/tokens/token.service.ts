import { randomBytes } from 'node:crypto';
import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import type { EnvironmentVariables } from '../../config/environment.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { ApiException } from '../../common/errors/api.exception.js';
import { toUserDto } from '../../users/dto/user.dto.js';
import type { TokenResponseDto } from '../dto/token-response.dto.js';

/**
 * The seed's JWT contract, HS256 with JWT_SECRET: `{ id, email, role, iat, exp }`, plus what makes a session
 * revocable and finite.
 */
export interface TokenPayload {
  id: string;
  email: string;
  role: string;
  /** The user's token_version when the token was issued: once it is bumped, the token is refused. */
  token_version: number;
  /** When the user signed in (seconds since the epoch), carried unchanged through refresh. */
  auth_time: number;
  iat: number;
  exp: number;
}

export const JWT_ALGORITHM = 'HS256';

let developmentSecret: string | undefined;

/** JWT_SECRET, or in development and tests a random one that lives as long as the process. */
export function jwtSecret(config: ConfigService<EnvironmentVariables, true>): string {
  const configured = config.get('JWT_SECRET', { infer: true });
  if (configured) return configured;
  if (!developmentSecret) {
    developmentSecret = randomBytes(32).toString('hex');
    new Logger('Auth').warn('JWT_SECRET is not set: tokens are signed with a random secret and end with this process');
  }
  return developmentSecret;
}

const nowInSeconds = () => Math.floor(Date.now() / 1000);

/** The answer to a bearer token that is missing, forged, expired or revoked: one code and message whatever the reason. */
function invalidTokenException(): ApiException {
  return new ApiException(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', 'Missing, invalid or expired bearer token');
}

@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  /**
   * A token for the session the user began at `authTime` (a sign-in: now). It expires after JWT_EXPIRES_IN_SECONDS
   * or when the session reaches SESSION_MAX_AGE_SECONDS, whichever comes first; past that, no token is issued.
   */
  async issue(user: AuthenticatedUser, authTime?: number): Promise<TokenResponseDto> {
    const iat = nowInSeconds();
    const auth_time = authTime ?? iat;
    const expiresIn = Math.min(this.config.get('JWT_EXPIRES_IN_SECONDS', { infer: true }), this.sessionSecondsLeft(auth_time, iat));
    if (expiresIn <= 0) throw invalidTokenException();
    const claims = { id: user.id, email: user.email, role: user.role, token_version: user.token_version ?? 0, auth_time };
    const access_token = await this.jwt.signAsync({ ...claims, iat, exp: iat + expiresIn }, { algorithm: JWT_ALGORITHM });
    return { access_token, token_type: 'bearer', expires_in: expiresIn, user: toUserDto(user) };
  }

  /** Seconds from `now` until the session begun at `authTime` ends (zero or less: it has). */
  sessionSecondsLeft(authTime: number, now = nowInSeconds()): number {
    return authTime + this.config.get('SESSION_MAX_AGE_SECONDS', { infer: true }) - now;
  }
}
