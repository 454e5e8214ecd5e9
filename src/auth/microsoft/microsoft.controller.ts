import { Body, Controller, Get, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public } from '../../common/auth/auth.decorators.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { ApiException } from '../../common/errors/api.exception.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator.js';
import { UsersService } from '../../users/users.service.js';
import { TokenResponseDto } from '../dto/token-response.dto.js';
import { canSignIn } from '../tokens/jwt.strategy.js';
import { TokenService } from '../tokens/token.service.js';
import { AzureAdAuthGuard } from './azure-ad.strategy.js';
import { EntraIdTokenVerifier } from './entra-id-token.verifier.js';
import { CompleteMicrosoftSignInDto, MicrosoftConfigDto } from './microsoft.dto.js';

@ApiTags('auth')
@Controller('auth/microsoft')
export class MicrosoftController {
  constructor(
    private readonly verifier: EntraIdTokenVerifier,
    private readonly tokens: TokenService,
    private readonly users: UsersService,
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
   * our JWT. A first sign-in links to the local account with the same email, or creates an account that an
   * administrator must approve before it can sign in (unless it matches an Odoo employee and the server
   * auto-approves those). The Microsoft token is neither stored nor logged.
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
    status: HttpStatus.CONFLICT,
    description: '`MICROSOFT_ACCOUNT_CONFLICT`: an account with this email is linked to another Microsoft identity',
    type: ErrorResponseDto,
  })
  @ApiResponse({
    status: HttpStatus.SERVICE_UNAVAILABLE,
    description: "`MICROSOFT_UNAVAILABLE`: Microsoft's discovery document or signing keys could not be read",
    type: ErrorResponseDto,
  })
  async microsoftComplete(
    @CurrentUser() user: AuthenticatedUser,
    // Read by the azure-ad strategy; declared here for validation and the OpenAPI document.
    @Body() _body: CompleteMicrosoftSignInDto,
  ): Promise<TokenResponseDto> {
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
        'Your account was created and is waiting for an administrator to approve it; sign in again once it is approved.',
      );
    }
    if (!canSignIn(user)) {
      throw new ApiException(HttpStatus.FORBIDDEN, 'ACCOUNT_DISABLED', 'This account cannot sign in; ask an administrator.');
    }
    const signedIn = await this.users.update(user.id, { last_login: new Date() });
    return this.tokens.issue(signedIn ?? user);
  }
}
