import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../../common/auth/auth.decorators.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator.js';
import { ApiOdooIdParam, OdooIdPath } from '../common/odoo-id-path.js';
import { CreateOpportunityDto } from './dto/create-opportunity.dto.js';
import { ListOpportunitiesQueryDto } from './dto/list-opportunities.query.dto.js';
import { OpportunityDetailDto, OpportunityDto, OpportunityPageDto } from './dto/opportunity.dto.js';
import { OpportunitiesService } from './opportunities.service.js';
import { OpportunityCreator } from './opportunity-creator.service.js';
import { CRM_LEAD } from '../../odoo/odoo-models.js';

@ApiTags('opportunities')
@Auth()
@Controller('opportunities')
export class OpportunitiesController {
  constructor(
    private readonly opportunities: OpportunitiesService,
    private readonly creator: OpportunityCreator,
  ) {}

  /**
   * Leads and opportunities the caller may see (their own and their team's; all for admins), archived (lost)
   * ones included, filtered, sorted and paginated. A caller not linked to Odoo gets an empty page and a `hint`.
   */
  @Get()
  @ApiOkResponse({ type: OpportunityPageDto })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST)
  listOpportunities(@CurrentUser() user: AuthenticatedUser, @Query() query: ListOpportunitiesQueryDto): Promise<OpportunityPageDto> {
    return this.opportunities.list(user, query);
  }

  /**
   * Creates the opportunity in Odoo (the salesperson defaults to the caller's Odoo user), reads it back and
   * stores it; answers with it as stored. Nothing is stored when Odoo fails.
   */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({ type: OpportunityDto })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST)
  @ApiResponse({
    status: HttpStatus.SERVICE_UNAVAILABLE,
    type: ErrorResponseDto,
    description:
      'ODOO_UNAVAILABLE: Odoo could not be reached, nothing was created; ODOO_OUTCOME_UNKNOWN: Odoo did not answer the create, ' +
      'the opportunity may exist there (it appears after the next sync: check before creating it again); ODOO_READ_BACK_FAILED: ' +
      'created in Odoo (context.odoo_id) but not read back, it appears after the next sync',
  })
  @ApiResponse({
    status: HttpStatus.FORBIDDEN,
    type: ErrorResponseDto,
    description: 'ODOO_NOT_LINKED: the caller is not linked to an Odoo user (see context.hint); OWNER_OUT_OF_SCOPE: owner_id is outside the caller\'s scope',
  })
  @ApiResponse({ status: HttpStatus.UNPROCESSABLE_ENTITY, type: ErrorResponseDto, description: 'ODOO_VALIDATION_FAILED: Odoo refused the values' })
  @ApiResponse({ status: HttpStatus.BAD_GATEWAY, type: ErrorResponseDto, description: 'ODOO_ERROR: Odoo failed otherwise' })
  createOpportunity(@CurrentUser() user: AuthenticatedUser, @Body() input: CreateOpportunityDto): Promise<OpportunityDto> {
    return this.creator.create(user, input);
  }

  /** One opportunity with its open activities; 404 when it does not exist or is outside the caller's scope. */
  @Get(':id')
  @ApiOdooIdParam(CRM_LEAD)
  @ApiOkResponse({ type: OpportunityDetailDto })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  getOpportunity(@CurrentUser() user: AuthenticatedUser, @OdooIdPath('id') id: number): Promise<OpportunityDetailDto> {
    return this.opportunities.get(user, id);
  }
}
