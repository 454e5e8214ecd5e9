import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../../common/auth/auth.decorators.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator.js';
import { ApiOdooIdParam, OdooIdPath } from '../common/odoo-id-path.js';
import { ActivitiesService } from './activities.service.js';
import { ActivityPageDto, OpportunityActivitiesDto } from './dto/activity.dto.js';
import { ListActivitiesQueryDto } from './dto/list-activities.query.dto.js';
import { CRM_LEAD } from '../../odoo/odoo-models.js';

@ApiTags('activities')
@Auth()
@Controller('activities')
export class ActivitiesController {
  constructor(private readonly activities: ActivitiesService) {}

  /**
   * Open activities assigned to the caller or to anyone in their scope (all for admins), by deadline.
   * A caller not linked to Odoo gets an empty page and a `hint`.
   */
  @Get()
  @ApiOkResponse({ type: ActivityPageDto })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST)
  listActivities(@CurrentUser() user: AuthenticatedUser, @Query() query: ListActivitiesQueryDto): Promise<ActivityPageDto> {
    return this.activities.list(user, query);
  }

  /** Every open activity of an opportunity the caller may see; 404 when it is outside their scope. */
  @Get('opportunity/:id')
  @ApiOdooIdParam(CRM_LEAD)
  @ApiOkResponse({ type: OpportunityActivitiesDto })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  opportunityActivities(@CurrentUser() user: AuthenticatedUser, @OdooIdPath('id') id: number): Promise<OpportunityActivitiesDto> {
    return this.activities.ofOpportunity(user, id);
  }
}
