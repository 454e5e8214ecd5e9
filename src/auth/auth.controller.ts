import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { auditContext } from '../audit/audit-request.js';
import { Auth, CurrentSession, CurrentUser, Public } from '../common/auth/auth.decorators.js';
import type { AuthenticatedUser, SessionClaims } from '../common/auth/authenticated-user.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ApiErrorResponses } from '../common/openapi/api-error-responses.decorator.js';
import { toUserDto, UserDto, UserPageDto } from '../users/dto/user.dto.js';
import { OdooLinkService } from '../users/odoo-link.service.js';
import { UsersService } from '../users/users.service.js';
import { AuthService } from './auth.service.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { ListUsersQueryDto } from './dto/list-users.query.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { TokenResponseDto } from './dto/token-response.dto.js';
import { TokenService } from './tokens/token.service.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly tokens: TokenService,
    private readonly users: UsersService,
    private readonly odooLink: OdooLinkService,
  ) {}

  /**
   * Signs in with email and password. Too many attempts from one client address, or failures on one account from one
   * client address, answer 429 with Retry-After; failures on the account from elsewhere only slow it down a little.
   */
  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST, HttpStatus.UNAUTHORIZED, HttpStatus.TOO_MANY_REQUESTS)
  login(@Body() credentials: LoginDto, @Req() request: FastifyRequest): Promise<TokenResponseDto> {
    return this.auth.login(credentials, auditContext(request));
  }

  /**
   * Disabled: accounts are created by an administrator (`POST /api/users`) or by a first Microsoft sign-in.
   * Always answers 403.
   */
  @Public()
  @Post('register')
  @ApiOperation({ deprecated: true })
  @ApiErrorResponses(HttpStatus.FORBIDDEN)
  @ApiOkResponse({ description: 'Never: registration is disabled' })
  register(): never {
    throw new ApiException(
      HttpStatus.FORBIDDEN,
      'REGISTRATION_DISABLED',
      'Self-registration is disabled: accounts are created by an administrator or through Microsoft sign-in.',
    );
  }

  /**
   * A fresh token for the caller's session, while their account is still active and approved. The session keeps the
   * time it began (`auth_time`): no token outlives SESSION_MAX_AGE_SECONDS after the sign-in, and past that this
   * answers 401: sign in again.
   */
  @Auth()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TokenResponseDto })
  refresh(@CurrentUser() user: AuthenticatedUser, @CurrentSession() session: SessionClaims): Promise<TokenResponseDto> {
    return this.tokens.issue(user, session.auth_time);
  }

  /** Ends every session of the caller, on every device: all their tokens stop working. */
  @Auth()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Signed out everywhere' })
  logout(@CurrentUser() user: AuthenticatedUser, @Req() request: FastifyRequest): Promise<void> {
    return this.auth.logout(user, auditContext(request));
  }

  /**
   * Changes the caller's password. A wrong current password answers 400 `INVALID_CURRENT_PASSWORD` and counts as a
   * failed login (429 with Retry-After past the limits). Every session of the caller ends, and the answer is a token
   * for a new one.
   */
  @Auth()
  @Post('change-password')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST, HttpStatus.TOO_MANY_REQUESTS)
  changePassword(
    @CurrentUser() user: AuthenticatedUser,
    @Body() input: ChangePasswordDto,
    @Req() request: FastifyRequest,
  ): Promise<TokenResponseDto> {
    return this.auth.changePassword(user, input, auditContext(request));
  }

  /** The caller, as currently stored. */
  @Auth()
  @Get('me')
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() user: AuthenticatedUser): UserDto {
    return toUserDto(user);
  }

  /** All users, filtered and paginated (admin). */
  @Auth({ admin: true })
  @Get('users')
  @ApiOkResponse({ type: UserPageDto })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST)
  async listUsers(@Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    const { items, total } = await this.users.list(query, query);
    return { items: items.map(toUserDto), total, page: query.page, page_size: query.page_size };
  }

  /** Links the caller to their Odoo employee and user by email, from the synced Odoo data. */
  @Auth()
  @Post('relink-odoo')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: UserDto })
  @ApiErrorResponses(HttpStatus.NOT_FOUND, HttpStatus.CONFLICT)
  async relinkOdoo(@CurrentUser() user: AuthenticatedUser): Promise<UserDto> {
    return toUserDto(await this.odooLink.relink(user));
  }
}
