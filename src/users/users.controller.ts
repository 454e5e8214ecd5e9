import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Req } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { auditContext } from '../audit/audit-request.js';
import { Auth, CurrentUser } from '../common/auth/auth.decorators.js';
import type { AuthenticatedUser } from '../common/auth/authenticated-user.js';
import { ApiErrorResponses } from '../common/openapi/api-error-responses.decorator.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { ResetPasswordDto } from './dto/reset-password.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { toUserDto, UserDto } from './dto/user.dto.js';
import { PasswordService } from './passwords/password.service.js';
import { UserAdminService } from './user-admin.service.js';

/** Account administration (admin). Self-registration is off, so accounts are made here or by Microsoft sign-in. */
@ApiTags('users')
@Auth({ admin: true })
@Controller('users')
export class UsersController {
  constructor(
    private readonly admin: UserAdminService,
    private readonly passwords: PasswordService,
  ) {}

  /** Creates a local account that signs in with email and password. */
  @Post()
  @ApiCreatedResponse({ type: UserDto })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST, HttpStatus.CONFLICT)
  async createUser(@CurrentUser() actor: AuthenticatedUser, @Body() input: CreateUserDto, @Req() request: FastifyRequest): Promise<UserDto> {
    return toUserDto(await this.admin.create(actor, input, await this.passwords.hash(input.password), auditContext(request)));
  }

  /** One user, as currently stored. */
  @Get(':id')
  @ApiOkResponse({ type: UserDto })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  async getUser(@Param('id', ParseUUIDPipe) id: string): Promise<UserDto> {
    return toUserDto(await this.admin.get(id));
  }

  /** Changes name, role, active flag, approval or super admin status. The last active super admin stays. */
  @Patch(':id')
  @ApiBody({ type: UpdateUserDto, required: false, description: 'Any subset of the fields; without a body nothing changes.' })
  @ApiOkResponse({ type: UserDto })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND, HttpStatus.CONFLICT)
  async updateUser(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() patch: UpdateUserDto,
    @Req() request: FastifyRequest,
  ): Promise<UserDto> {
    return toUserDto(await this.admin.update(actor, id, patch, auditContext(request)));
  }

  /** Sets a new password for a local account. */
  @Post(':id/reset-password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Password changed' })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  async resetPassword(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ResetPasswordDto,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.admin.resetPassword(actor, id, await this.passwords.hash(body.password), auditContext(request));
  }
}
