import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../../common/auth/auth.decorators.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator.js';
import { ApiOdooIdParam, OdooIdPipe } from '../common/odoo-id.pipe.js';
import { CreateOpportunityDto } from './dto/create-opportunity.dto.js';
import { ListOpportunitiesQueryDto } from './dto/list-opportunities.query.dto.js';
import { OpportunityDetailDto, OpportunityDto, OpportunityPageDto } from './dto/opportunity.dto.js';
import { OpportunitiesService } from './opportunities.service.js';
import { OpportunityCreator } from './opportunity-creator.service.js';

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
  @ApiErrorResponses(HttpStatus.BAD_REQUEST, HttpStatus.SERVICE_UNAVAILABLE)
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
  @ApiOdooIdParam('crm.lead')
  @ApiOkResponse({ type: OpportunityDetailDto })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  getOpportunity(@CurrentUser() user: AuthenticatedUser, @Param('id', OdooIdPipe) id: number): Promise<OpportunityDetailDto> {
    return this.opportunities.get(user, id);
  }
}
