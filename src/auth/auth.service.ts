import { HttpStatus, Injectable } from '@nestjs/common';
import { ApiException } from '../common/errors/api.exception.js';
import { UsersService, normalizeEmail } from '../users/users.service.js';
import type { LoginDto } from './dto/login.dto.js';
import type { TokenResponseDto } from './dto/token-response.dto.js';
import { LoginRateLimiter } from './login/login-rate-limiter.service.js';
import { PasswordService } from '../users/passwords/password.service.js';
import { canSignIn } from './tokens/jwt.strategy.js';
import { TokenService } from './tokens/token.service.js';

const INVALID_CREDENTIALS = 'Invalid email or password';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
    private readonly limiter: LoginRateLimiter,
  ) {}

  /**
   * Unknown email, wrong password, inactive or unapproved account: all answer the same 401 after the same
   * password work, so an answer tells nothing about which accounts exist.
   */
  async login(credentials: LoginDto, clientIp: string): Promise<TokenResponseDto> {
    const email = normalizeEmail(credentials.email);
    await this.limiter.admit(clientIp, email);
    const user = await this.users.findCredentials(email);
    const { valid, needsRehash } = await this.passwords.check(credentials.password, user?.password_hash);
    if (!user || !valid) {
      throw new ApiException(HttpStatus.UNAUTHORIZED, 'INVALID_CREDENTIALS', INVALID_CREDENTIALS);
    }
    if (!canSignIn(user)) {
      throw new ApiException(HttpStatus.UNAUTHORIZED, 'INVALID_CREDENTIALS', INVALID_CREDENTIALS);
    }
    await this.limiter.recordSuccess(email);
    const passwordHash = needsRehash ? { password_hash: await this.passwords.hash(credentials.password) } : {};
    const updated = await this.users.update(user.id, { ...passwordHash, last_login: new Date() });
    return this.tokens.issue(updated!);
  }
}
