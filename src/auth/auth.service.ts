import { HttpStatus, Injectable } from '@nestjs/common';
import type { AuditRequestContext } from '../audit/audit-request.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthenticatedUser } from '../common/auth/authenticated-user.js';
import { ApiException } from '../common/errors/api.exception.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { UsersService, normalizeEmail } from '../users/users.service.js';
import type { ChangePasswordDto } from './dto/change-password.dto.js';
import type { LoginDto } from './dto/login.dto.js';
import type { TokenResponseDto } from './dto/token-response.dto.js';
import { LoginRateLimiter } from './login/login-rate-limiter.service.js';
import { PasswordService } from '../users/passwords/password.service.js';
import { canSignIn } from './tokens/jwt.strategy.js';
import { TokenService } from './tokens/token.service.js';

const INVALID_CREDENTIALS = 'Invalid email or password';

const clientAddress = (request: AuditRequestContext) => request.client_ip ?? '';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
    private readonly limiter: LoginRateLimiter,
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * Unknown email, wrong password, inactive or unapproved account: all answer the same 401 after the same
   * password work, so an answer tells nothing about which accounts exist.
   */
  async login(credentials: LoginDto, request: AuditRequestContext): Promise<TokenResponseDto> {
    const email = normalizeEmail(credentials.email);
    await this.admit(request, email, null);
    const user = await this.users.findCredentials(email);
    const { valid, needsRehash } = await this.passwords.check(credentials.password, user?.password_hash);
    const refused = !user ? 'unknown_user' : !valid ? 'wrong_password' : !canSignIn(user) ? 'inactive_or_unapproved' : null;
    if (refused) {
      const target = user ? { type: 'user' as const, id: user.id } : null;
      this.metrics.loginFailures.inc({ reason: refused });
      await this.audit.record({ ...request, action: 'login.failed', outcome: 'failure', actor: null, target, details: { email, reason: refused } });
      throw new ApiException(HttpStatus.UNAUTHORIZED, 'INVALID_CREDENTIALS', INVALID_CREDENTIALS);
    }
    await this.limiter.recordSuccess(clientAddress(request), email);
    const passwordHash = needsRehash ? { password_hash: await this.passwords.hash(credentials.password) } : {};
    const updated = (await this.users.update(user!.id, { ...passwordHash, last_login: new Date() }))!;
    await this.audit.record({ ...request, action: 'login.succeeded', outcome: 'success', actor: updated, target: { type: 'user', id: updated.id } });
    return this.tokens.issue(updated);
  }

  /**
   * Checks the current password as a login does (a wrong one counts as a failed login), sets the new one and ends
   * every session of the user; answers a token for a new session.
   */
  async changePassword(user: AuthenticatedUser, input: ChangePasswordDto, request: AuditRequestContext): Promise<TokenResponseDto> {
    await this.admit(request, user.email, user);
    const credentials = await this.users.findCredentials(user.email);
    const { valid } = await this.passwords.check(input.current_password, credentials?.password_hash);
    const target = { type: 'user' as const, id: user.id };
    if (!valid) {
      this.metrics.loginFailures.inc({ reason: 'wrong_current_password' });
      await this.audit.record({ ...request, action: 'password.changed', outcome: 'failure', actor: user, target, details: { reason: 'wrong_password' } });
      throw new ApiException(HttpStatus.BAD_REQUEST, 'INVALID_CURRENT_PASSWORD', 'The current password is not correct');
    }
    await this.limiter.recordSuccess(clientAddress(request), user.email);
    const passwordHash = await this.passwords.hash(input.new_password);
    const updated = await this.users.update(user.id, { password_hash: passwordHash }, { endSessions: true });
    await this.audit.record({ ...request, action: 'password.changed', outcome: 'success', actor: user, target });
    return this.tokens.issue(updated!);
  }

  /** Ends every session of the user: all their tokens, on every device. */
  async logout(user: AuthenticatedUser, request: AuditRequestContext): Promise<void> {
    await this.users.update(user.id, {}, { endSessions: true });
    await this.audit.record({ ...request, action: 'logout', outcome: 'success', actor: user, target: { type: 'user', id: user.id } });
  }

  /** The limiter's verdict; a refusal is a lockout in the audit trail. */
  private async admit(request: AuditRequestContext, email: string, actor: AuthenticatedUser | null): Promise<void> {
    try {
      await this.limiter.admit(clientAddress(request), email);
    } catch (error) {
      if (error instanceof ApiException && error.getStatus() === Number(HttpStatus.TOO_MANY_REQUESTS)) {
        this.metrics.loginLockouts.inc();
        await this.audit.record({ ...request, action: 'login.locked', outcome: 'denied', actor, details: { email, code: error.code } });
      }
      throw error;
    }
  }
}
