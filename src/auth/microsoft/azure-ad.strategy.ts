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
import { DuplicateEmailError, UsersService, type MicrosoftIdentityKey } from '../../users/users.service.js';
import {
  EntraIdTokenVerifier,
  MicrosoftTokenRejectedError,
  MicrosoftUnavailableError,
  type EntraIdIdentity,
} from './entra-id-token.verifier.js';
import { CompleteMicrosoftSignInDto } from './microsoft.dto.js';

const AZURE_AD_STRATEGY = 'azure-ad';

/**
 * Microsoft sign-in: takes the access token from the JSON body `{ "access_token": "..." }`, verifies it
 * (EntraIdTokenVerifier) and resolves our user for the identity it names, keyed by tenant + object id
 * (`ms_tenant_id` + `ms_id`), never by email:
 * - the user linked to that identity (linked by their own first sign-in, or by the user from their account:
 *   MicrosoftLinkService);
 * - else a new `microsoft` user, `pending` until an admin approves it, even when another account has the same
 *   email: that account is not touched, and the new one gets an address of its own (standInEmail). With
 *   MS_AUTO_APPROVE_ODOO_MATCH a new user is approved at once, as a plain user, when its email is no other
 *   account's and matches exactly one Odoo employee nobody is linked to.
 * Nothing in the token grants a role, and the Microsoft token is never stored or logged.
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
    const linked = await this.users.findByMicrosoftIdentity(identity);
    if (linked) return linked;
    if (!identity.email) {
      this.logger.warn(`Microsoft identity ${describeIdentity(identity)} has no email (upn, preferred_username, verified email): no account created`);
      throw new ApiException(
        HttpStatus.FORBIDDEN,
        'MICROSOFT_EMAIL_MISSING',
        'Your Microsoft account has no email address, so no account can be created for it; ask an administrator.',
      );
    }
    return this.createUser(identity, identity.email);
  }

  private async createUser(identity: EntraIdIdentity, email: string): Promise<AuthenticatedUser> {
    if (!(await this.users.findByEmail(email))) {
      try {
        return await this.insert(identity, email, await this.autoApprovalMatch(identity, email));
      } catch (error) {
        // Another account took the email meanwhile.
        if (!(error instanceof DuplicateEmailError)) throw error;
      }
    }
    return this.insert(identity, standInEmail(email, identity), null);
  }

  private async insert(
    identity: EntraIdIdentity,
    email: string,
    odoo: ReturnType<typeof odooFields> | null,
  ): Promise<AuthenticatedUser> {
    try {
      const user = await this.users.create({
        email,
        name: identity.name,
        role: 'user',
        is_super_admin: false,
        auth_provider: 'microsoft',
        ms_tenant_id: identity.tenantId,
        ms_id: identity.objectId,
        approval_status: odoo ? 'approved' : 'pending',
        ...odoo,
      });
      const why = email === identity.email ? '' : ` as ${email}: another account has the email ${identity.email}, and is not linked`;
      this.logger.log(`Microsoft identity ${describeIdentity(identity)}: user ${user.id} created${why}, ${user.approval_status}`);
      return user;
    } catch (error) {
      if (!(error instanceof DuplicateEmailError)) throw error;
      // The same person signing in twice at once: the other request created the user.
      const raced = await this.users.findByMicrosoftIdentity(identity);
      if (raced) return raced;
      throw error;
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

/**
 * The address a new Microsoft user gets when another account already has its email: unique per identity, under
 * the reserved `.invalid` domain, so it matches no real account, Odoo employee or mailbox, and the email the token
 * claimed stays readable for the admin who reviews the account.
 */
function standInEmail(email: string, identity: MicrosoftIdentityKey): string {
  return `${email}.${identity.objectId}.invalid`;
}

/** How logs name a Microsoft identity: `<tid>/<oid>`. */
export function describeIdentity(identity: MicrosoftIdentityKey): string {
  return `${identity.tenantId}/${identity.objectId}`;
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
    if (error instanceof MicrosoftUnavailableError) throw microsoftUnavailable();
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

export function microsoftUnavailable(): ApiException {
  return new ApiException(
    HttpStatus.SERVICE_UNAVAILABLE,
    'MICROSOFT_UNAVAILABLE',
    'Microsoft sign-in is temporarily unavailable; try again in a moment.',
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
