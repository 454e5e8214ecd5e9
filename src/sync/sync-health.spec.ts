import type { SyncStatus } from './schemas/sync-log.schema.js';
import { syncHealth, type SyncHealthInput } from './sync-health.js';

describe('the sync health thresholds', () => {
  const interval = 5 * 60_000;
  const now = new Date('2026-06-30T12:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const completed = (age: number) => ({ status: 'completed' as SyncStatus, completed_at: ago(age) });
  const failed = { status: 'failed' as SyncStatus, completed_at: ago(0) };
  const running = { status: 'running' as SyncStatus, completed_at: null };
  const fresh = [{ _id: 'lead', last_success_at: ago(interval) }];
  const judge = (input: Partial<SyncHealthInput>) => syncHealth({ enabled: true, intervalMs: interval, runs: [completed(interval)], entities: fresh, now, ...input });

  it('is healthy after a recent success, with every entity fresh', () => {
    expect(judge({})).toEqual({ status: 'healthy', reasons: [], last_success_at: ago(interval), consecutive_failures: 0, stale_entities: [] });
  });

  it('turns degraded when the last success is more than two intervals old, and failing past six', () => {
    const at = (age: number) => judge({ runs: [completed(age)] });
    expect(at(2 * interval).status).toBe('healthy');
    expect(at(2 * interval + 1)).toMatchObject({ status: 'degraded', reasons: ['last successful sync 10 minutes ago (interval 5 minutes)'] });
    expect(at(6 * interval).status).toBe('degraded');
    expect(at(6 * interval + 1)).toMatchObject({ status: 'failing', reasons: ['last successful sync 30 minutes ago (interval 5 minutes)'] });
  });

  it('counts failed runs since the last success: degraded for one or two, failing from three', () => {
    const after = (failures: number) => judge({ runs: [...Array(failures).fill(failed), completed(0)] });
    expect(after(1)).toMatchObject({ status: 'degraded', consecutive_failures: 1, reasons: ['the last 1 run(s) failed'] });
    expect(after(2)).toMatchObject({ status: 'degraded', consecutive_failures: 2, reasons: ['the last 2 run(s) failed'] });
    expect(after(3)).toMatchObject({ status: 'failing', consecutive_failures: 3, reasons: ['the last 3 runs failed'] });
  });

  it('ignores a run still going', () => {
    expect(judge({ runs: [running, failed, failed, completed(0)] })).toMatchObject({ status: 'degraded', consecutive_failures: 2 });
  });

  it('is degraded before the first run and failing when every run failed', () => {
    expect(judge({ runs: [] })).toMatchObject({ status: 'degraded', reasons: ['no sync has succeeded yet'], last_success_at: null });
    expect(judge({ runs: [failed] })).toMatchObject({
      status: 'failing',
      reasons: ['no sync has succeeded yet', 'the last 1 run(s) failed'],
      consecutive_failures: 1,
    });
  });

  it('names the entities not synced for more than three intervals, or never', () => {
    const entities = [
      { _id: 'lead', last_success_at: ago(3 * interval) },
      { _id: 'partner', last_success_at: ago(3 * interval + 1) },
      { _id: 'invoice', last_success_at: null },
    ];
    expect(judge({ entities })).toMatchObject({
      status: 'degraded',
      stale_entities: ['partner', 'invoice'],
      reasons: ['entities not synced for over three intervals: partner, invoice'],
    });
  });

  it('says so when the background sync is disabled on this instance', () => {
    expect(judge({ enabled: false })).toMatchObject({ status: 'degraded', reasons: [expect.stringContaining('SYNC_ENABLED=false')] });
  });
});
