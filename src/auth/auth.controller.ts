import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Auth, CurrentUser, Public } from '../common/auth/auth.decorators.js';
import type { AuthenticatedUser } from '../common/auth/authenticated-user.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ApiErrorResponses } from '../common/openapi/api-error-responses.decorator.js';
import { toUserDto, UserDto, UserPageDto } from '../users/dto/user.dto.js';
import { OdooLinkService } from '../users/odoo-link.service.js';
import { UsersService } from '../users/users.service.js';
import { AuthService } from './auth.service.js';
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

  /** Signs in with email and password. Locked out for a while after too many attempts. */
  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST, HttpStatus.UNAUTHORIZED, HttpStatus.TOO_MANY_REQUESTS)
  login(@Body() credentials: LoginDto, @Req() request: FastifyRequest): Promise<TokenResponseDto> {
    return this.auth.login(credentials, request.ip);
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

  /** A fresh token for the caller, while their account is still active and approved. */
  @Auth()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TokenResponseDto })
  refresh(@CurrentUser() user: AuthenticatedUser): Promise<TokenResponseDto> {
    return this.tokens.issue(user);
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
