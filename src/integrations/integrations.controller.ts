import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '../common/auth/auth.decorators.js';
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
  ) {}

  /** The Odoo and Microsoft 365 integrations with their state; secrets masked. Also served at `/integrations/`. */
  @Get()
  @ApiOkResponse({ type: [IntegrationDto] })
  listIntegrations(): Promise<IntegrationDto[]> {
    return this.integrations.list();
  }

  /**
   * Tests the connection (version, then authentication) and saves it only if it works; the API key is stored
   * encrypted. 422 with a distinct code when the server is unreachable, the database unknown or the credentials refused.
   */
  @Post('odoo/configure')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: IntegrationDto })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST, HttpStatus.UNPROCESSABLE_ENTITY)
  configureOdoo(@Body() input: ConfigureOdooDto): Promise<IntegrationDto> {
    return this.integrations.configureOdoo(input);
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
