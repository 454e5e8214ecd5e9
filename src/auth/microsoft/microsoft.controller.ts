import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Req, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { auditContext } from '../../audit/audit-request.js';
import { AuditService } from '../../audit/audit.service.js';
import { Auth, CurrentUser, Public } from '../../common/auth/auth.decorators.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { ApiException } from '../../common/errors/api.exception.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator.js';
import { toUserDto, UserDto } from '../../users/dto/user.dto.js';
import { UsersService } from '../../users/users.service.js';
import { TokenResponseDto } from '../dto/token-response.dto.js';
import { canSignIn } from '../tokens/jwt.strategy.js';
import { TokenService } from '../tokens/token.service.js';
import { AzureAdAuthGuard } from './azure-ad.strategy.js';
import { EntraIdTokenVerifier } from './entra-id-token.verifier.js';
import { MicrosoftLinkService } from './microsoft-link.service.js';
import { CompleteMicrosoftSignInDto, LinkMicrosoftAccountDto, MicrosoftConfigDto } from './microsoft.dto.js';

@ApiTags('auth')
@Controller('auth/microsoft')
export class MicrosoftController {
  constructor(
    private readonly verifier: EntraIdTokenVerifier,
    private readonly tokens: TokenService,
    private readonly users: UsersService,
    private readonly links: MicrosoftLinkService,
    private readonly audit: AuditService,
  ) {}

  /** What the frontend's MSAL needs; `{ "enabled": false }` alone when Microsoft sign-in is not configured. */
  @Public()
  @Get('config')
  @ApiOkResponse({ type: MicrosoftConfigDto })
  microsoftConfig(): MicrosoftConfigDto {
    const settings = this.verifier.settings;
    if (!settings) return { enabled: false };
    return {
      enabled: true,
      client_id: settings.clientId,
      tenant_id: settings.tenantId,
      authority: settings.authority,
      redirect_uri: settings.redirectUri,
      scopes: [`api://${settings.clientId}/${settings.scope}`],
    };
  }

  /**
   * Exchanges a Microsoft access token issued for this API (MSAL, scope from `GET /auth/microsoft/config`) for
   * our JWT, for the account linked to that Microsoft identity (tenant and object id; never found by email). A
   * first sign-in creates a new account that an administrator must approve before it can sign in (unless it matches
   * an Odoo employee and the server auto-approves those), even when an account with the same email exists: to sign
   * in to that one with Microsoft, its owner links it (`POST /auth/microsoft/link`). The Microsoft token is neither
   * stored nor logged.
   */
  @Public()
  @UseGuards(AzureAdAuthGuard)
  @Post('complete')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST, HttpStatus.PAYLOAD_TOO_LARGE)
  @ApiResponse({
    status: HttpStatus.UNAUTHORIZED,
    description: 'The Microsoft token is invalid, expired, of another tenant, or not issued for this API',
    type: ErrorResponseDto,
  })
  @ApiResponse({
    status: HttpStatus.FORBIDDEN,
    description:
      '`APPROVAL_PENDING`: an administrator must approve the account first; `ACCOUNT_DISABLED`: the account is ' +
      'rejected or deactivated; `MICROSOFT_EMAIL_MISSING`: the Microsoft account has no email',
    type: ErrorResponseDto,
  })
  @ApiNotFoundResponse({ description: '`MICROSOFT_SIGN_IN_DISABLED`: Microsoft sign-in is not configured', type: ErrorResponseDto })
  @ApiResponse({
    status: HttpStatus.SERVICE_UNAVAILABLE,
    description: "`MICROSOFT_UNAVAILABLE`: Microsoft's discovery document or signing keys could not be read",
    type: ErrorResponseDto,
  })
  async microsoftComplete(
    @CurrentUser() user: AuthenticatedUser,
    // Read by the azure-ad strategy; declared here for validation and the OpenAPI document.
    @Body() _body: CompleteMicrosoftSignInDto,
    @Req() request: FastifyRequest,
  ): Promise<TokenResponseDto> {
    const record = (outcome: 'success' | 'denied', code?: string) =>
      this.audit.record({
        ...auditContext(request),
        action: 'microsoft.signed_in',
        outcome,
        actor: user,
        target: { type: 'user', id: user.id },
        details: { ms_id: `${user.ms_tenant_id}:${user.ms_id}`, approval_status: user.approval_status, code },
      });
    try {
      const token = await this.signIn(user);
      await record('success');
      return token;
    } catch (error) {
      await record('denied', error instanceof ApiException ? error.code : undefined);
      throw error;
    }
  }

  private async signIn(user: AuthenticatedUser): Promise<TokenResponseDto> {
    if (!user.is_active || user.approval_status === 'rejected') {
      throw new ApiException(
        HttpStatus.FORBIDDEN,
        'ACCOUNT_DISABLED',
        'This account is disabled or was not approved; ask an administrator.',
      );
    }
    if (user.approval_status === 'pending') {
      throw new ApiException(
        HttpStatus.FORBIDDEN,
        'APPROVAL_PENDING',
        'Your account was created and is waiting for an administrator to approve it; sign in again once it is approved. ' +
          'If you already have an account here, sign in with its password and link your Microsoft account to it instead.',
      );
    }
    if (!canSignIn(user)) {
      throw new ApiException(HttpStatus.FORBIDDEN, 'ACCOUNT_DISABLED', 'This account cannot sign in; ask an administrator.');
    }
    const signedIn = await this.users.update(user.id, { last_login: new Date() });
    return this.tokens.issue(signedIn ?? user);
  }

  /**
   * Links the caller's account to their Microsoft account, so that `POST /auth/microsoft/complete` signs them in to
   * it: takes a Microsoft access token for this API and the caller's current password (wrong passwords count as
   * failed logins). A pending account that the same Microsoft identity's first sign-in created, and that nothing
   * has touched since, is deleted.
   */
  @Auth()
  @Post('link')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: UserDto, description: 'Linked (or already linked to this Microsoft account)' })
  @ApiErrorResponses(HttpStatus.TOO_MANY_REQUESTS)
  @ApiResponse({
    status: HttpStatus.BAD_REQUEST,
    description: '`VALIDATION_FAILED`; `MICROSOFT_TOKEN_INVALID`: the Microsoft token is invalid, expired, of another tenant, or not issued for this API',
    type: ErrorResponseDto,
  })
  @ApiResponse({ status: HttpStatus.FORBIDDEN, description: '`INVALID_PASSWORD`: not the caller\'s current password', type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: '`MICROSOFT_SIGN_IN_DISABLED`: Microsoft sign-in is not configured', type: ErrorResponseDto })
  @ApiResponse({
    status: HttpStatus.CONFLICT,
    description:
      '`MICROSOFT_IDENTITY_TAKEN`: another account is linked to this Microsoft account; `MICROSOFT_ALREADY_LINKED`: ' +
      'the caller is linked to another Microsoft account',
    type: ErrorResponseDto,
  })
  @ApiResponse({
    status: HttpStatus.SERVICE_UNAVAILABLE,
    description: "`MICROSOFT_UNAVAILABLE`: Microsoft's discovery document or signing keys could not be read",
    type: ErrorResponseDto,
  })
  async link(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: LinkMicrosoftAccountDto,
    @Req() request: FastifyRequest,
  ): Promise<UserDto> {
    const linked = await this.links.link(user, body, request.ip);
    await this.audit.record({
      ...auditContext(request),
      action: 'microsoft.linked',
      outcome: 'success',
      actor: user,
      target: { type: 'user', id: user.id },
      details: { ms_id: `${linked.ms_tenant_id}:${linked.ms_id}` },
    });
    return toUserDto(linked);
  }

  /** Unlinks the caller's Microsoft account (nothing to do when none is linked), unless it is their only way to sign in. */
  @Auth()
  @Delete('link')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Not linked to a Microsoft account (any more)' })
  @ApiResponse({
    status: HttpStatus.CONFLICT,
    description: '`MICROSOFT_ONLY_ACCOUNT`: the account has no password, so Microsoft is its only way to sign in',
    type: ErrorResponseDto,
  })
  async unlink(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.links.unlink(user);
  }
}
