import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { IntegrationsService } from '../integrations/integrations.service.js';
import { ENTITY_DEFINITIONS } from '../sync/entities/index.js';
import { EntitySyncService } from '../sync/entity-sync.service.js';
import { emptyStats, SyncLogsService } from '../sync/sync-logs.service.js';
import { SyncLookupsService } from '../sync/sync-lookups.service.js';
import type { WebhookEvent } from './webhook-events.js';
import { WebhookCountersService } from './webhook-counters.service.js';

/** Events are gathered this long, so a burst becomes a few reads from Odoo instead of one per event. */
const GATHER_MS = 200;
/** Record ids per Odoo read. */
const BATCH_SIZE = 500;
const ATTEMPTS = 3;
const RETRY_DELAY_MS = 1_000;

/**
 * Acts on webhook events in the background: the payload is only a hint, so each record is read again from
 * Odoo and stored through the sync's own path, or soft-deleted when Odoo no longer has it. Duplicate events
 * for a record waiting in the queue collapse into one read; batches run one after another, so a record's
 * later events are handled after its earlier ones. A batch that keeps failing is left to the next sync.
 */
@Injectable()
export class WebhookProcessor implements OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private pending = new Map<string, Set<number>>();
  private draining: Promise<void> | null = null;

  constructor(
    private readonly integrations: IntegrationsService,
    private readonly entitySync: EntitySyncService,
    private readonly lookups: SyncLookupsService,
    private readonly logs: SyncLogsService,
    private readonly counters: WebhookCountersService,
  ) {}

  enqueue(events: WebhookEvent[]): void {
    for (const { model, id } of events) {
      const ids = this.pending.get(model) ?? new Set<number>();
      ids.add(id);
      this.pending.set(model, ids);
    }
    this.draining ??= this.drain().finally(() => (this.draining = null));
  }

  /** Resolves once every event received so far has been handled. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.idle();
  }

  private async drain(): Promise<void> {
    await sleep(GATHER_MS);
    while (this.pending.size > 0) {
      const batch = this.pending;
      this.pending = new Map();
      await this.processBatch(batch);
    }
  }

  private async processBatch(batch: Map<string, Set<number>>): Promise<void> {
    const total = [...batch.values()].reduce((sum, ids) => sum + ids.size, 0);
    const entities = ENTITY_DEFINITIONS.filter((entity) => batch.has(entity.model));
    const syncId = randomUUID();
    await this.logs.start(syncId, 'webhook', null, entities.map((entity) => entity.type));
    for (let attempt = 1; ; attempt++) {
      try {
        await this.sync(syncId, batch);
        await this.logs.finish(syncId, 'completed', null);
        await this.counters.add({ processed: total });
        return;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (attempt < ATTEMPTS) {
          this.logger.warn(`Webhook batch ${syncId} failed (attempt ${attempt}), retrying: ${message}`);
          await sleep(RETRY_DELAY_MS * 2 ** (attempt - 1));
          continue;
        }
        this.logger.warn(`Webhook batch ${syncId} gave up after ${ATTEMPTS} attempts, the next sync catches up: ${message}`);
        await this.logs.finish(syncId, 'failed', message);
        await this.counters.add({ failed: total });
        return;
      }
    }
  }

  private async sync(syncId: string, batch: Map<string, Set<number>>): Promise<void> {
    const client = await this.integrations.odooClient();
    const lookups = await this.lookups.recent(client);
    for (const entity of ENTITY_DEFINITIONS.filter((e) => batch.has(e.model))) {
      const started = performance.now();
      const stats = { ...emptyStats(), status: 'running' as const };
      const ids = [...batch.get(entity.model)!];
      for (let i = 0; i < ids.length; i += BATCH_SIZE) {
        const written = await this.entitySync.syncIds(entity, client, ids.slice(i, i + BATCH_SIZE), lookups);
        stats.fetched += written.inserted + written.updated + written.unchanged + written.restored + written.stale;
        stats.inserted += written.inserted;
        stats.updated += written.updated;
        stats.unchanged += written.unchanged + written.stale;
        stats.restored += written.restored;
        stats.deleted += written.deleted;
      }
      await this.logs.progress(syncId, entity.type, {
        ...stats,
        status: 'completed',
        duration_seconds: Math.round(performance.now() - started) / 1000,
      });
    }
  }
}
