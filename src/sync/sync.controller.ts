import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { auditContext } from '../audit/audit-request.js';
import { AuditService } from '../audit/audit.service.js';
import { Auth, CurrentUser } from '../common/auth/auth.decorators.js';
import type { AuthenticatedUser } from '../common/auth/authenticated-user.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ApiErrorResponses } from '../common/openapi/api-error-responses.decorator.js';
import {
  BackgroundSyncStatusDto,
  EntityStatsDto,
  ListSyncLogsQueryDto,
  SyncHealthDto,
  SyncLogDto,
  SyncLogPageDto,
  SyncStartedDto,
  TriggerSyncDto,
} from './dto/sync.dto.js';
import type { SyncLog } from './schemas/sync-log.schema.js';
import { SyncAlreadyRunningError } from './sync-already-running.error.js';
import { SyncHealthService } from './sync-health.service.js';
import { SyncLeaseService } from './sync-lease.service.js';
import { SyncLogsService } from './sync-logs.service.js';
import { SyncRunner } from './sync-runner.service.js';
import { SyncScheduler } from './sync-scheduler.service.js';

/** The seed's sync routes, under /integrations (admin). */
@ApiTags('sync')
// SyncLogDto.stats refers to EntityStatsDto by $ref only, so the document must be told to include it.
@ApiExtraModels(EntityStatsDto)
@Auth({ admin: true })
@Controller('integrations')
export class SyncController {
  constructor(
    private readonly runner: SyncRunner,
    private readonly logs: SyncLogsService,
    private readonly lease: SyncLeaseService,
    private readonly scheduler: SyncScheduler,
    private readonly healthService: SyncHealthService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Starts a sync and answers at once with its id; follow it at `GET /integrations/sync/{sync_id}`.
   * 409 (with `context.sync_id`) while a sync runs on any instance; 400 while Odoo is not configured; 503 while
   * this instance shuts down.
   */
  @Post('odoo/sync/trigger')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiBody({ type: TriggerSyncDto, required: false, description: 'Without a body, an incremental sync of every entity.' })
  @ApiAcceptedResponse({ type: SyncStartedDto })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST, HttpStatus.CONFLICT, HttpStatus.SERVICE_UNAVAILABLE)
  async triggerSync(
    @CurrentUser() user: AuthenticatedUser,
    @Body() input: TriggerSyncDto,
    @Req() request: FastifyRequest,
  ): Promise<SyncStartedDto> {
    const syncId = await this.runner
      .start('manual', user.id, { entities: input.entities, full: input.full_resync, forceDeletions: input.force_deletions })
      .catch((error: unknown) => {
        if (error instanceof SyncAlreadyRunningError) throw alreadyRunning(error);
        throw error;
      });
    await this.audit.record({
      ...auditContext(request),
      action: 'sync.triggered',
      outcome: 'success',
      actor: user,
      target: { type: 'sync', id: syncId },
      details: { entities: input.entities, full_resync: input.full_resync ?? false, force_deletions: input.force_deletions ?? false },
    });
    return { sync_id: syncId, status: 'running' };
  }

  /** Sync runs, newest first. */
  @Get('sync/logs')
  @ApiOkResponse({ type: SyncLogPageDto })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST)
  async listSyncLogs(@Query() query: ListSyncLogsQueryDto): Promise<SyncLogPageDto> {
    const { items, total } = await this.logs.list({ status: query.status, trigger: query.trigger }, query);
    return { items: items.map(toSyncLogDto), total, page: query.page, page_size: query.page_size };
  }

  /** One run: status and per-entity progress and statistics. */
  @Get('sync/:sync_id')
  @ApiOkResponse({ type: SyncLogDto })
  @ApiErrorResponses(HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  async getSync(@Param('sync_id', ParseUUIDPipe) syncId: string): Promise<SyncLogDto> {
    const log = await this.logs.find(syncId);
    if (!log) throw new ApiException(HttpStatus.NOT_FOUND, 'SYNC_NOT_FOUND', `No sync with id ${syncId}`);
    return toSyncLogDto(log);
  }

  /** Whether the background sync is on, its interval, the last and next run, and what runs now where. */
  @Get('background-sync/status')
  @ApiOkResponse({ type: BackgroundSyncStatusDto })
  async backgroundSyncStatus(): Promise<BackgroundSyncStatusDto> {
    const [[lastRun], holder] = await Promise.all([this.logs.recentRuns(1), this.lease.holder()]);
    return {
      enabled: this.scheduler.enabled,
      interval_seconds: this.scheduler.intervalMs / 1000,
      last_run: lastRun ? toSyncLogDto(lastRun) : null,
      next_run_at: this.scheduler.nextRunAt,
      running: holder !== null,
      running_sync_id: holder?.sync_id ?? null,
      running_instance: holder?.owner ?? null,
      this_instance: this.lease.instanceId,
    };
  }

  /** healthy, degraded or failing, with the reasons: age of the last success, consecutive failures, stale entities. */
  @Get('background-sync/health')
  @ApiOkResponse({ type: SyncHealthDto })
  backgroundSyncHealth(): Promise<SyncHealthDto> {
    return this.healthService.health();
  }
}

function toSyncLogDto(log: SyncLog): SyncLogDto {
  return {
    id: log.id,
    started_at: log.started_at,
    completed_at: log.completed_at ?? null,
    status: log.status,
    trigger: log.trigger,
    triggered_by: log.triggered_by ?? null,
    duration_seconds: log.duration_seconds ?? null,
    stats: (log.stats ?? {}) as SyncLogDto['stats'],
    error_message: log.error_message ?? null,
  };
}

function alreadyRunning(error: SyncAlreadyRunningError): ApiException {
  return new ApiException(HttpStatus.CONFLICT, 'SYNC_RUNNING', error.message, { context: { sync_id: error.syncId, instance: error.instance } });
}
