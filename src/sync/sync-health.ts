import type { SyncHealthDto } from './dto/sync.dto.js';
import type { SyncStatus } from './schemas/sync-log.schema.js';

const FAILING_AFTER_FAILURES = 3;

/** What the health judgement reads: the scheduler's settings, the recent runs (newest first) and each entity's state. */
export interface SyncHealthInput {
  enabled: boolean;
  intervalMs: number;
  runs: { status: SyncStatus; completed_at: Date | null }[];
  entities: { _id: string; last_success_at: Date | null }[];
  now: Date;
}

/**
 * Healthy, degraded or failing, and why: failing after 3 failed runs in a row, after a run without any success, or
 * with the last success over six intervals old; degraded after a failed run, with the last success over two
 * intervals old, an entity not synced for over three, or the sync disabled.
 */
export function syncHealth({ enabled, intervalMs: interval, runs: recent, entities, now }: SyncHealthInput): SyncHealthDto {
  const runs = recent.filter((run) => run.status !== 'running');
  const lastSuccess = runs.find((run) => run.status === 'completed');
  const consecutiveFailures = lastSuccess ? runs.indexOf(lastSuccess) : runs.length;
  const lastSuccessAt = lastSuccess?.completed_at ? new Date(lastSuccess.completed_at) : null;
  const staleEntities = entities
    .filter((s) => !s.last_success_at || now.getTime() - new Date(s.last_success_at).getTime() > 3 * interval)
    .map((s) => s._id);

  const failing: string[] = [];
  const degraded: string[] = [];
  if (!enabled) degraded.push('the background sync is disabled on this instance (SYNC_ENABLED=false)');
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

function minutes(ms: number): string {
  const value = Math.round(ms / 60_000);
  return `${value} minute${value === 1 ? '' : 's'}`;
}
