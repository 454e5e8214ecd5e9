import { HttpStatus, Injectable, Logger, type ExecutionContext } from '@nestjs/common';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-custom';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { ApiException } from '../../common/errors/api.exception.js';
import { validationException } from '../../common/errors/validation.js';
import { odooFields, OdooLinkService } from '../../users/odoo-link.service.js';
import { DuplicateEmailError, UsersService } from '../../users/users.service.js';
import {
  EntraIdTokenVerifier,
  MicrosoftTokenRejectedError,
  MicrosoftUnavailableError,
  type EntraIdIdentity,
} from './entra-id-token.verifier.js';
import { CompleteMicrosoftSignInDto } from './microsoft.dto.js';

export const AZURE_AD_STRATEGY = 'azure-ad';

/**
 * Microsoft sign-in: takes the access token from the JSON body `{ "access_token": "..." }`, verifies it
 * (EntraIdTokenVerifier) and resolves our user for the identity it names, keyed by `ms_id = "<tid>:<oid>"`:
 * - a user already linked to that identity;
 * - else the local user with the same email, linked now; only a member of the configured tenant (the verifier
 *   accepts no other tenant) and not a guest, whose email another organisation vouches for;
 * - else a new `microsoft` user, `pending` until an admin approves it, unless MS_AUTO_APPROVE_ODOO_MATCH is on
 *   and the email matches exactly one Odoo employee nobody else is linked to.
 * Access is never decided by the email alone, and the Microsoft token is never stored or logged.
 * Whether the user may sign in (approved, active) is the route's decision, so it can say why not.
 */
@Injectable()
export class AzureAdStrategy extends PassportStrategy(Strategy, AZURE_AD_STRATEGY) {
  private readonly logger = new Logger('MicrosoftSignIn');

  constructor(
    private readonly verifier: EntraIdTokenVerifier,
    private readonly users: UsersService,
    private readonly odooLink: OdooLinkService,
  ) {
    super();
  }

  async validate(request: FastifyRequest): Promise<AuthenticatedUser> {
    const { access_token } = await readBody(request.body);
    const identity = await this.verifier.verify(access_token);
    return this.resolveUser(identity);
  }

  private async resolveUser(identity: EntraIdIdentity): Promise<AuthenticatedUser> {
    const linked = await this.users.findByMsId(identity.msId);
    if (linked) return linked;
    const { email } = identity;
    if (!email) {
      this.logger.warn(`Microsoft identity ${identity.msId} has no email (preferred_username, email, upn): no account created`);
      throw new ApiException(
        HttpStatus.FORBIDDEN,
        'MICROSOFT_EMAIL_MISSING',
        'Your Microsoft account has no email address, so no account can be created for it; ask an administrator.',
      );
    }

    const local = await this.users.findByEmail(email);
    if (local) return this.link(local, identity);
    return this.createUser(identity, email);
  }

  /** Links an existing account with the same email, within the configured tenant only. */
  private async link(user: AuthenticatedUser, identity: EntraIdIdentity): Promise<AuthenticatedUser> {
    if (user.ms_id && user.ms_id !== identity.msId) {
      this.logger.warn(`Microsoft identity ${identity.msId}: user ${user.id} has this email but is linked to another Microsoft identity`);
      throw accountConflict();
    }
    if (!identity.homeAccount) {
      this.logger.warn(`Microsoft identity ${identity.msId} is a guest account: not linked by email to user ${user.id}`);
      throw accountConflict();
    }
    const updated = await this.users.update(user.id, { ms_id: identity.msId });
    this.logger.log(`Microsoft identity ${identity.msId} linked to user ${user.id}`);
    return updated!;
  }

  private async createUser(identity: EntraIdIdentity, email: string): Promise<AuthenticatedUser> {
    const odoo = await this.autoApprovalMatch(identity, email);
    try {
      const user = await this.users.create({
        email,
        name: identity.name,
        role: 'user',
        auth_provider: 'microsoft',
        ms_id: identity.msId,
        approval_status: odoo ? 'approved' : 'pending',
        ...odoo,
      });
      this.logger.log(`Microsoft identity ${identity.msId}: user ${user.id} created, ${user.approval_status}`);
      return user;
    } catch (error) {
      if (!(error instanceof DuplicateEmailError)) throw error;
      // The same person signing in twice at once: the other request created the user.
      const raced = await this.users.findByMsId(identity.msId);
      if (raced) return raced;
      throw accountConflict();
    }
  }

  /** The Odoo fields of the one employee with this email, when configuration auto-approves such users. */
  private async autoApprovalMatch(identity: EntraIdIdentity, email: string): Promise<ReturnType<typeof odooFields> | null> {
    if (!this.verifier.settings?.autoApproveOdooMatch || !identity.homeAccount) return null;
    const employee = await this.odooLink.uniqueEmployee(email);
    if (!employee) return null;
    const taken = await this.users.findLinkedToOdoo({ employeeId: employee.employeeId, userId: employee.userId });
    return taken.length === 0 ? odooFields(employee) : null;
  }
}

/** Guards `POST /auth/microsoft/complete` with the `azure-ad` strategy; every invalid token is one plain 401. */
@Injectable()
export class AzureAdAuthGuard extends AuthGuard(AZURE_AD_STRATEGY) {
  constructor(private readonly verifier: EntraIdTokenVerifier) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (!this.verifier.enabled) throw microsoftSignInDisabled();
    return super.canActivate(context);
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error instanceof ApiException) throw error;
    if (error instanceof MicrosoftUnavailableError) {
      throw new ApiException(
        HttpStatus.SERVICE_UNAVAILABLE,
        'MICROSOFT_UNAVAILABLE',
        'Microsoft sign-in is temporarily unavailable; try again in a moment.',
      );
    }
    if (error && !(error instanceof MicrosoftTokenRejectedError)) throw error instanceof Error ? error : new Error('Microsoft sign-in failed', { cause: error });
    if (error || !user) {
      // The reason is in the log (EntraIdTokenVerifier); the caller learns nothing about which check failed.
      throw new ApiException(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', 'Invalid, expired or foreign Microsoft access token');
    }
    return user;
  }
}

export function microsoftSignInDisabled(): ApiException {
  return new ApiException(HttpStatus.NOT_FOUND, 'MICROSOFT_SIGN_IN_DISABLED', 'Microsoft sign-in is not configured on this server.');
}

function accountConflict(): ApiException {
  return new ApiException(
    HttpStatus.CONFLICT,
    'MICROSOFT_ACCOUNT_CONFLICT',
    'An account with this email exists and cannot be linked to this Microsoft identity automatically; ask an administrator.',
  );
}

/**
 * The guard runs before the ValidationPipe, so the body is checked here, with the route's DTO and the pipe's
 * rules and error shape.
 */
async function readBody(body: unknown): Promise<CompleteMicrosoftSignInDto> {
  const dto = plainToInstance(CompleteMicrosoftSignInDto, typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {});
  const problems = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (problems.length > 0) throw validationException(problems);
  return dto;
}
