import { Controller, Get, HttpStatus } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/auth.decorators.js';
import { databaseUnavailable } from '../common/errors/common-errors.js';
import { ApiErrorResponses } from '../common/openapi/api-error-responses.decorator.js';
import { HealthDto } from './dto/health.dto.js';
import { HealthService } from './health.service.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** Liveness and database reachability, for load balancers and monitoring. */
  @Public()
  @Get()
  @ApiOkResponse({ type: HealthDto })
  @ApiErrorResponses(HttpStatus.SERVICE_UNAVAILABLE)
  async getHealth(): Promise<HealthDto> {
    const roundTripMs = await this.health.databaseRoundTripMs();
    if (roundTripMs === null) {
      throw databaseUnavailable();
    }
    return { status: 'ok', database: { status: 'up', round_trip_ms: roundTripMs } };
  }
}
