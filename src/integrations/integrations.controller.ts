import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { auditContext } from '../audit/audit-request.js';
import { AuditService } from '../audit/audit.service.js';
import { Auth, CurrentUser, SuperAdminOnly } from '../common/auth/auth.decorators.js';
import type { AuthenticatedUser } from '../common/auth/authenticated-user.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ApiErrorResponses } from '../common/openapi/api-error-responses.decorator.js';
import { ConfigureOdooDto } from './dto/configure-odoo.dto.js';
import { IntegrationDto, OdooTestResultDto, SyncUsersResultDto } from './dto/integration.dto.js';
import { IntegrationsService } from './integrations.service.js';
import { OdooUserSyncService } from './odoo-user-sync.service.js';

@ApiTags('integrations')
@Auth({ admin: true })
@Controller('integrations')
export class IntegrationsController {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly userSync: OdooUserSyncService,
    private readonly audit: AuditService,
  ) {}

  /** The Odoo and Microsoft 365 integrations with their state; secrets masked. Also served at `/integrations/`. */
  @Get()
  @ApiOkResponse({ type: [IntegrationDto] })
  listIntegrations(): Promise<IntegrationDto[]> {
    return this.integrations.list();
  }

  /**
   * Super admins only. Tests the connection (version, then authentication) and saves it only if it works; the API key
   * is stored encrypted. Without `api_key` the stored key is kept, but only while url, database and username stay the
   * same: changing any of them needs the key again (400 API_KEY_REQUIRED). 422 with a distinct code when the server is
   * unreachable or redirects, the database is unknown or the credentials are refused.
   */
  @Post('odoo/configure')
  @SuperAdminOnly()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: IntegrationDto })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST, HttpStatus.UNPROCESSABLE_ENTITY)
  async configureOdoo(
    @CurrentUser() user: AuthenticatedUser,
    @Body() input: ConfigureOdooDto,
    @Req() request: FastifyRequest,
  ): Promise<IntegrationDto> {
    const record = (outcome: 'success' | 'failure', code?: string) =>
      this.audit.record({
        ...auditContext(request),
        action: 'integration.configured',
        outcome,
        actor: user,
        target: { type: 'integration', id: 'odoo' },
        details: { url: input.url, database: input.database, username: input.username, protocol: input.protocol, code },
      });
    try {
      const configured = await this.integrations.configureOdoo(input);
      await record('success');
      return configured;
    } catch (error) {
      await record('failure', error instanceof ApiException ? error.code : 'INTERNAL_ERROR');
      throw error;
    }
  }

  /** Checks the saved connection: server version, authenticated uid and round-trip time, or why it failed. */
  @Post('odoo/test')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: OdooTestResultDto })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST)
  testOdoo(): Promise<OdooTestResultDto> {
    return this.integrations.testOdoo();
  }

  /** Links users to their Odoo employee and user by email (work email, login), reading Odoo live. */
  @Post('odoo/sync-users')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SyncUsersResultDto })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST, HttpStatus.SERVICE_UNAVAILABLE)
  async syncUsers(): Promise<SyncUsersResultDto> {
    return this.userSync.syncUsers(await this.integrations.odooClient());
  }
}
