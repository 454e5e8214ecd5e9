import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../../common/auth/auth.decorators.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator.js';
import { DashboardService } from './dashboard.service.js';
import { DashboardQueryDto } from './dto/dashboard-query.dto.js';
import { DashboardDto } from './dto/dashboard.dto.js';

@ApiTags('dashboard')
@Auth()
@Controller('sales/dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  /**
   * Pipeline, won and lost deals, win rate, deal size, sales cycle, pipeline by stage, won revenue by month,
   * forecast, top accounts, activities and receivables, for a period (this quarter by default) and over what
   * the caller may see. Money is per currency (`{ "EUR": 1234.5 }`), never converted.
   */
  @Get('real')
  @ApiOkResponse({ type: DashboardDto })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST)
  salesDashboard(@CurrentUser() user: AuthenticatedUser, @Query() query: DashboardQueryDto): Promise<DashboardDto> {
    return this.dashboard.dashboard(user, query);
  }
}
