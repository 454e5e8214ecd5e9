import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import type { EnvironmentVariables } from '../../config/environment.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { toUserDto } from '../../users/dto/user.dto.js';
import type { TokenResponseDto } from '../dto/token-response.dto.js';

/** The seed's JWT contract: HS256 with JWT_SECRET, payload `{ id, email, role, iat, exp }`. */
export interface TokenPayload {
  id: string;
  email: string;
  role: string;
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

@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  async issue(user: AuthenticatedUser): Promise<TokenResponseDto> {
    const expiresIn = this.config.get('JWT_EXPIRES_IN_SECONDS', { infer: true });
    const access_token = await this.jwt.signAsync(
      { id: user.id, email: user.email, role: user.role },
      { algorithm: JWT_ALGORITHM, expiresIn },
    );
    return { access_token, token_type: 'bearer', expires_in: expiresIn, user: toUserDto(user) };
  }
}
