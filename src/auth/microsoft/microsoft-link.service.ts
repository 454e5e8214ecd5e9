import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { ApiException } from '../../common/errors/api.exception.js';
import { PasswordService } from '../../users/passwords/password.service.js';
import { MicrosoftIdentityTakenError, UsersService, type MicrosoftIdentityKey } from '../../users/users.service.js';
import { LoginRateLimiter } from '../login/login-rate-limiter.service.js';
import { describeIdentity, microsoftSignInDisabled, microsoftUnavailable } from './azure-ad.strategy.js';
import { EntraIdTokenVerifier, MicrosoftTokenRejectedError, MicrosoftUnavailableError, type EntraIdIdentity } from './entra-id-token.verifier.js';
import type { LinkMicrosoftAccountDto } from './microsoft.dto.js';

/**
 * Linking a Microsoft identity to an existing account, the only way one gets linked besides the identity's own
 * first sign-in: asked by the signed-in user, who proves both sides, their password again (counted like a login
 * attempt, so the route cannot be used to guess it) and a Microsoft token for the identity.
 */
@Injectable()
export class MicrosoftLinkService {
  private readonly logger = new Logger('MicrosoftSignIn');

  constructor(
    private readonly verifier: EntraIdTokenVerifier,
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly limiter: LoginRateLimiter,
  ) {}

  /**
   * Links the identity in `input.access_token` to the caller. The pending account the identity's own first sign-in
   * created, untouched since, gives way; any other holder keeps it (409).
   */
  async link(user: AuthenticatedUser, input: LinkMicrosoftAccountDto, clientIp: string): Promise<AuthenticatedUser> {
    if (!this.verifier.enabled) throw microsoftSignInDisabled();
    await this.checkPassword(user, input.password, clientIp);
    const identity = await this.verify(input.access_token);
    if (user.ms_tenant_id === identity.tenantId && user.ms_id === identity.objectId) return user;
    if (user.ms_tenant_id) throw alreadyLinked();

    const holder = await this.users.findByMicrosoftIdentity(identity);
    if (holder && !(await this.users.deletePendingMicrosoftAccount(identity))) throw this.taken(identity, user, holder);
    if (holder) this.logger.log(`Microsoft identity ${describeIdentity(identity)}: pending user ${holder.id} deleted, replaced by user ${user.id}`);
    let linked: AuthenticatedUser | null;
    try {
      linked = await this.users.linkMicrosoft(user.id, identity);
    } catch (error) {
      if (error instanceof MicrosoftIdentityTakenError) throw this.taken(identity, user, null);
      throw error;
    }
    if (!linked) throw alreadyLinked();
    this.logger.log(`Microsoft identity ${describeIdentity(identity)} linked to user ${user.id} at their request`);
    return linked;
  }

  /** Unlinks the caller's Microsoft identity, unless Microsoft is their only way to sign in. */
  async unlink(user: AuthenticatedUser): Promise<void> {
    if (!user.ms_tenant_id) return;
    if (!(await this.users.unlinkMicrosoft(user.id))) {
      throw new ApiException(
        HttpStatus.CONFLICT,
        'MICROSOFT_ONLY_ACCOUNT',
        'This account has no password, so Microsoft is its only way to sign in: it stays linked.',
      );
    }
    this.logger.log(`Microsoft identity ${user.ms_tenant_id}/${user.ms_id} unlinked from user ${user.id} at their request`);
  }

  private async checkPassword(user: AuthenticatedUser, password: string, clientIp: string): Promise<void> {
    await this.limiter.admit(clientIp, user.email);
    const credentials = await this.users.findCredentials(user.email);
    const { valid } = await this.passwords.check(password, credentials?.id === user.id ? credentials.password_hash : undefined);
    if (!valid) {
      this.logger.warn(`User ${user.id}: wrong password when linking a Microsoft account`);
      throw new ApiException(HttpStatus.FORBIDDEN, 'INVALID_PASSWORD', 'The password is not this account\'s current password.');
    }
    await this.limiter.recordSuccess(clientIp, user.email);
  }

  private async verify(accessToken: string): Promise<EntraIdIdentity> {
    try {
      return await this.verifier.verify(accessToken);
    } catch (error) {
      if (error instanceof MicrosoftUnavailableError) throw microsoftUnavailable();
      if (error instanceof MicrosoftTokenRejectedError) {
        // The reason is in the log (EntraIdTokenVerifier); the caller learns nothing about which check failed.
        throw new ApiException(HttpStatus.BAD_REQUEST, 'MICROSOFT_TOKEN_INVALID', 'Invalid, expired or foreign Microsoft access token');
      }
      throw error;
    }
  }

  private taken(identity: MicrosoftIdentityKey, user: AuthenticatedUser, holder: AuthenticatedUser | null): ApiException {
    this.logger.warn(
      `Microsoft identity ${describeIdentity(identity)}: not linked to user ${user.id}, user ${holder?.id ?? '(another)'} has it`,
    );
    return new ApiException(
      HttpStatus.CONFLICT,
      'MICROSOFT_IDENTITY_TAKEN',
      'This Microsoft account is linked to another account here; ask an administrator.',
    );
  }
}

function alreadyLinked(): ApiException {
  return new ApiException(
    HttpStatus.CONFLICT,
    'MICROSOFT_ALREADY_LINKED',
    'This account is linked to another Microsoft account; unlink it first (DELETE /api/auth/microsoft/link).',
  );
}
