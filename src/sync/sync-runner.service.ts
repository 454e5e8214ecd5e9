import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiException } from '../common/errors/api.exception.js';
import type { EnvironmentVariables } from '../config/environment.js';
import type { EntityType } from '../data-lake/lake-record.js';
import { IntegrationsService } from '../integrations/integrations.service.js';
import { MetricsService } from '../metrics/metrics.service.js';
import type { OdooClient } from '../odoo/odoo.client.js';
import { ENTITY_DEFINITIONS } from './entities/index.js';
import { EntitySyncService } from './entity-sync.service.js';
import type { SyncTrigger } from './schemas/sync-log.schema.js';
import { SyncAlreadyRunningError } from './sync-already-running.error.js';
import { SyncEvents } from './sync-events.js';
import { SyncLeaseService } from './sync-lease.service.js';
import { entityFigures } from './sync-log-fields.js';
import { emptyStats, secondsSince, SyncLogsService, type EntityStats } from './sync-logs.service.js';
import { SyncLookupsService } from './sync-lookups.service.js';
import { SyncStateService } from './sync-state.service.js';

export interface SyncOptions {
  entities?: EntityType[];
  full?: boolean;
  forceDeletions?: boolean;
}

class LeaseLostError extends Error {
  constructor() {
    super('The sync lease was lost (heartbeat failed); another instance may run the sync now');
  }
}

class InterruptedByShutdownError extends Error {
  constructor() {
    super('Interrupted by shutdown; the next run resumes from the cursor');
  }
}

/** Starts sync runs (one at a time across instances) and carries them out in the background. */
@Injectable()
export class SyncRunner implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Sync');
  private readonly shutdownMs: number;
  private running: Promise<void> | null = null;
  /** Set when the app shuts down: the run stops at its next page and must have closed its log by then (ms since the epoch). */
  private stopBy: number | null = null;

  constructor(
    private readonly lease: SyncLeaseService,
    private readonly logs: SyncLogsService,
    private readonly state: SyncStateService,
    private readonly entitySync: EntitySyncService,
    private readonly integrations: IntegrationsService,
    private readonly lookupsService: SyncLookupsService,
    private readonly events: SyncEvents,
    private readonly metrics: MetricsService,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.shutdownMs = config.get('SHUTDOWN_TIMEOUT_SECONDS', { infer: true }) * 1000;
  }

  /** Starts a run and returns its id at once; SyncAlreadyRunningError while one runs anywhere, 400 while Odoo is not configured. */
  async start(trigger: SyncTrigger, triggeredBy: string | null, options: SyncOptions = {}): Promise<string> {
    return (await this.begin(trigger, triggeredBy, options, null))!;
  }

  /**
   * A scheduled run, unless one started since `since` (on any instance). Checked again once the lease is held:
   * another instance's whole run may fit between the first look and taking the lease.
   */
  async startScheduled(since: Date): Promise<string | null> {
    if (await this.startedSince(since)) return null;
    return this.begin('scheduled', null, {}, since);
  }

  private async begin(trigger: SyncTrigger, triggeredBy: string | null, options: SyncOptions, notIfStartedSince: Date | null): Promise<string | null> {
    if (this.stopBy !== null) throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, 'SERVICE_UNAVAILABLE', 'This instance is shutting down');
    const client = await this.integrations.odooClient();
    const syncId = randomUUID();
    const lease = await this.lease.acquire(syncId);
    if (!lease.acquired) throw new SyncAlreadyRunningError(lease.holder.sync_id, lease.holder.owner);
    if (lease.tookOverFrom) {
      await this.logs.finish(lease.tookOverFrom.sync_id, 'failed', `Instance ${lease.tookOverFrom.owner} stopped during the run (its lease expired)`);
    }
    if (notIfStartedSince && (await this.startedSince(notIfStartedSince))) {
      await this.lease.release(syncId);
      return null;
    }
    const entities = ENTITY_DEFINITIONS.filter((e) => !options.entities || options.entities.includes(e.type));
    await this.logs.start(syncId, trigger, triggeredBy, entities.map((e) => e.type));
    this.running = this.execute(syncId, trigger, client, entities, options).finally(() => (this.running = null));
    return syncId;
  }

  private async startedSince(moment: Date): Promise<boolean> {
    const [last] = await this.logs.recentRuns(1);
    return last !== undefined && new Date(last.started_at).getTime() > moment.getTime();
  }

  /**
   * Stops a run in progress at its next page and waits for it to close its log and release the lease, before the
   * database connection closes. Half the shutdown time is the run's; the rest is for requests and webhooks.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopBy = Date.now() + this.shutdownMs / 2;
    await this.running;
  }

  /** Resolves when the current run of this instance (if any) is over. */
  async idle(): Promise<void> {
    await this.running;
  }

  private async execute(syncId: string, trigger: SyncTrigger, client: OdooClient, entities: typeof ENTITY_DEFINITIONS, options: SyncOptions) {
    const started = performance.now();
    let leaseLost = false;
    const heartbeat = setInterval(() => {
      this.lease.heartbeat(syncId).then(
        (held) => (leaseLost ||= !held),
        (error: unknown) => this.logger.warn(`Lease heartbeat failed: ${String(error)}`),
      );
    }, this.lease.leaseMs / 3);
    const checkpoint = () => {
      if (leaseLost) throw new LeaseLostError();
      if (this.stopBy !== null) throw new InterruptedByShutdownError();
    };
    const failures: string[] = [];
    const changed: EntityType[] = [];
    const reported = new Map<EntityType, EntityStats>();
    try {
      const lookups = await this.lookupsService.load(client);
      for (const entity of entities) {
        checkpoint();
        const report = (stats: EntityStats) => {
          reported.set(entity.type, stats);
          return this.logs.progress(syncId, entity.type, stats);
        };
        try {
          const stats = await this.entitySync.run(entity, client, {
            lookups,
            full: options.full ?? false,
            forceDeletions: options.forceDeletions ?? false,
            report,
            checkpoint,
          });
          await report(stats);
          if (stats.inserted + stats.updated + stats.deleted + stats.restored > 0) changed.push(entity.type);
        } catch (error) {
          // The run stops: the entity is cut off (the log marks it failed), and Odoo did not fail.
          if (error instanceof LeaseLostError || error instanceof InterruptedByShutdownError) throw error;
          changed.push(entity.type);
          const message = error instanceof Error ? error.message : String(error);
          failures.push(`${entity.type}: ${message}`);
          this.logger.warn(`Sync ${syncId}: ${entity.type} failed, the other entities go on: ${message}`);
          await this.state.failed(entity.type, new Date(), message);
          await report({ ...(reported.get(entity.type) ?? emptyStats()), status: 'failed', errors: 1, error: message });
        }
      }
      // What follows the data (the dashboard's sums) is current before the run is reported over.
      if (changed.length > 0) failures.push(...(await this.events.recordsChanged({ entities: changed })).map((failure) => `after the run: ${failure}`));
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    } finally {
      clearInterval(heartbeat);
    }
    // The lease goes only with the log closed: a run that cannot close it keeps the lease until it lapses, and
    // the run that takes over then closes it as failed.
    if (await this.finishWhenPossible(syncId, failures)) await this.lease.release(syncId).catch(() => undefined);
    this.ended(syncId, trigger, failures, reported, secondsSince(started));
  }

  /** Logs the run's end with its figures, and counts it. */
  private ended(syncId: string, trigger: SyncTrigger, failures: string[], reported: Map<EntityType, EntityStats>, seconds: number): void {
    const status = failures.length ? 'failed' : 'completed';
    const line = {
      msg: `Sync ${syncId} ${status}${failures.length ? `: ${failures.join('; ')}` : ''}`,
      sync_id: syncId,
      trigger,
      status,
      duration_seconds: seconds,
      entities: entityFigures(Object.fromEntries(reported)),
    };
    if (status === 'failed') this.logger.warn(line);
    else this.logger.log(line);
    this.metrics.syncEnded({ trigger, outcome: status, seconds, records: [...reported] });
  }

  /** Closes the run's log, trying again while the database is away for as long as the lease lasts, or the app shuts down. */
  private async finishWhenPossible(syncId: string, failures: string[]): Promise<boolean> {
    const leaseEnds = Date.now() + this.lease.leaseMs;
    for (let delayMs = 500; ; delayMs = Math.min(2 * delayMs, 5_000)) {
      try {
        await this.finish(syncId, failures);
        return true;
      } catch (error) {
        if (Date.now() + delayMs > Math.min(leaseEnds, this.stopBy ?? Infinity)) {
          this.logger.error(`Sync ${syncId}: its log could not be closed (${String(error)}); the next run closes it once the lease lapses`);
          return false;
        }
        this.logger.warn(`Sync ${syncId}: closing its log failed, trying again: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }

  private async finish(syncId: string, failures: string[]): Promise<void> {
    const status = failures.length ? 'failed' : 'completed';
    const message = failures.length ? failures.join('; ') : null;
    await this.logs.finish(syncId, status, message);
    await this.integrations.recordSync(status, new Date(), message);
  }
}
