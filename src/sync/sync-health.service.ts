import { Injectable } from '@nestjs/common';
import type { SyncHealthDto } from './dto/sync.dto.js';
import { SyncLogsService } from './sync-logs.service.js';
import { SyncScheduler } from './sync-scheduler.service.js';
import { SyncStateService } from './sync-state.service.js';

const FAILING_AFTER_FAILURES = 3;

/** Judges the background sync from its recent runs: healthy, degraded or failing, and why. */
@Injectable()
export class SyncHealthService {
  constructor(
    private readonly logs: SyncLogsService,
    private readonly state: SyncStateService,
    private readonly scheduler: SyncScheduler,
  ) {}

  async health(now = new Date()): Promise<SyncHealthDto> {
    const interval = this.scheduler.intervalMs;
    const runs = (await this.logs.recentRuns(20)).filter((run) => run.status !== 'running');
    const lastSuccess = runs.find((run) => run.status === 'completed');
    const consecutiveFailures = lastSuccess ? runs.indexOf(lastSuccess) : runs.length;
    const lastSuccessAt = lastSuccess?.completed_at ? new Date(lastSuccess.completed_at) : null;
    const staleEntities = (await this.state.all())
      .filter((s) => !s.last_success_at || now.getTime() - new Date(s.last_success_at).getTime() > 3 * interval)
      .map((s) => s._id);

    const failing: string[] = [];
    const degraded: string[] = [];
    if (!this.scheduler.enabled) degraded.push('the background sync is disabled on this instance (SYNC_ENABLED=false)');
    if (consecutiveFailures >= FAILING_AFTER_FAILURES) failing.push(`the last ${consecutiveFailures} runs failed`);
    else if (consecutiveFailures > 0) degraded.push(`the last ${consecutiveFailures} run(s) failed`);
    if (!lastSuccessAt) {
      (runs.length > 0 ? failing : degraded).push('no sync has succeeded yet');
    } else {
      const age = now.getTime() - lastSuccessAt.getTime();
      const describe = `last successful sync ${minutes(age)} ago (interval ${minutes(interval)})`;
      if (age > 6 * interval) failing.push(describe);
      else if (age > 2 * interval) degraded.push(describe);
    }
    if (staleEntities.length) degraded.push(`entities not synced for over three intervals: ${staleEntities.join(', ')}`);

    return {
      status: failing.length ? 'failing' : degraded.length ? 'degraded' : 'healthy',
      reasons: [...failing, ...degraded],
      last_success_at: lastSuccessAt,
      consecutive_failures: consecutiveFailures,
      stale_entities: staleEntities,
    };
  }
}

function minutes(ms: number): string {
  const value = Math.round(ms / 60_000);
  return `${value} minute${value === 1 ? '' : 's'}`;
}
