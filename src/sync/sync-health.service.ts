import { Injectable } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service.js';
import type { SyncHealthDto } from './dto/sync.dto.js';
import { syncHealth } from './sync-health.js';
import { SyncLogsService } from './sync-logs.service.js';
import { SyncScheduler } from './sync-scheduler.service.js';
import { SyncStateService } from './sync-state.service.js';

/**
 * Judges the background sync from its recent runs: healthy, degraded or failing, and why. The metrics' age of the
 * last success is read from the same runs.
 */
@Injectable()
export class SyncHealthService {
  constructor(
    private readonly logs: SyncLogsService,
    private readonly state: SyncStateService,
    private readonly scheduler: SyncScheduler,
    metrics: MetricsService,
  ) {
    metrics.lastSyncSuccessFrom(() => this.logs.lastSuccessAt());
  }

  async health(now = new Date()): Promise<SyncHealthDto> {
    const runs = await this.logs.recentRuns(20);
    const entities = await this.state.all();
    return syncHealth({ enabled: this.scheduler.enabled, intervalMs: this.scheduler.intervalMs, runs, entities, now });
  }
}
