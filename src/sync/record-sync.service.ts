import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { WriteStats } from '../data-lake/data-lake-writer.service.js';
import { IntegrationsService } from '../integrations/integrations.service.js';
import { MetricsService } from '../metrics/metrics.service.js';
import type { OdooClient } from '../odoo/odoo.client.js';
import type { EntityDefinition, SyncLookups } from './entities/entity-definition.js';
import { ENTITY_DEFINITIONS } from './entities/index.js';
import { ALL_RECORDS, EntitySyncService } from './entity-sync.service.js';
import { SyncEvents } from './sync-events.js';
import { entityFigures } from './sync-log-fields.js';
import { addWritten, emptyStats, secondsSince, SyncLogsService, type EntityStats } from './sync-logs.service.js';
import { SyncLookupsService } from './sync-lookups.service.js';

/** Who asks for records now: a webhook batch (logged in sync_logs as a `webhook` run), or a new record's read-back. */
export type RecordsTrigger = 'webhook' | 'read_back';

export interface RecordsSynced {
  /** The write_date of each given record Odoo has, whichever entity takes it (or none). */
  found: Map<number, string>;
  /** The given records that are live here and that Odoo no longer has at all. */
  goneLive: Set<number>;
}

export interface SyncRecordsOptions {
  /**
   * Which records Odoo no longer has may be soft-deleted now (default: all). A webhook confirms with a second read
   * first: Odoo may not have committed a create yet. A record Odoo has under another entity always moves.
   */
  deletable?: (id: number) => boolean;
}

/** One entity's part of a read: what it wrote and which of the ids it keeps live that it no longer takes. */
interface EntityPart {
  entity: EntityDefinition;
  stats: EntityStats;
  goneLive: number[];
}

/** The sync's door for "bring these Odoo records in now", outside the runs: statistics, log and event included. */
@Injectable()
export class RecordSync {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly integrations: IntegrationsService,
    private readonly entitySync: EntitySyncService,
    private readonly lookups: SyncLookupsService,
    private readonly logs: SyncLogsService,
    private readonly events: SyncEvents,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * Reads the given records of an Odoo model and stores them through every entity the model feeds, as a run
   * would; soft-deletes those an entity no longer takes, as `options.deletable` allows. Throws what Odoo or the
   * database threw, with the webhook run's log closed as failed.
   */
  async syncRecords(model: string, ids: number[], trigger: RecordsTrigger, options: SyncRecordsOptions = {}): Promise<RecordsSynced> {
    const entities = ENTITY_DEFINITIONS.filter((entity) => entity.model === model);
    const syncId = randomUUID();
    const started = performance.now();
    const logged = trigger === 'webhook';
    if (logged) await this.logs.start(syncId, 'webhook', null, entities.map((entity) => entity.type));
    try {
      const client = await this.integrations.odooClient();
      const lookups = await this.lookups.recent(client);
      const parts: EntityPart[] = [];
      const found = new Map<number, string>();
      for (const entity of entities) parts.push(await this.store(entity, client, ids, lookups, found));
      await this.findUnseen(client, model, ids, found);
      const goneLive = new Set(parts.flatMap((part) => part.goneLive).filter((id) => !found.has(id)));
      const deletable = options.deletable ?? (() => true);
      for (const part of parts) {
        const gone = part.goneLive.filter((id) => found.has(id) || deletable(id));
        if (gone.length > 0) part.stats.deleted += await this.entitySync.softDeleteIds(part.entity, gone);
      }
      if (logged) await this.completed(syncId, model, ids, parts, started);
      this.announce(parts);
      return { found, goneLive };
    } catch (error) {
      if (logged) await this.failed(syncId, error, started);
      throw error;
    }
  }

  private async store(entity: EntityDefinition, client: OdooClient, ids: number[], lookups: SyncLookups, found: Map<number, string>): Promise<EntityPart> {
    const started = performance.now();
    const stored = await this.entitySync.storeIds(entity, client, ids, lookups);
    stored.found.forEach((writeDate, id) => found.set(id, writeDate));
    return { entity, stats: statsOf(stored.written, stored.found.size, started), goneLive: stored.goneLive };
  }

  /** A record no entity takes (a vendor bill, a contact that became a company) is in Odoo all the same. */
  private async findUnseen(client: OdooClient, model: string, ids: number[], found: Map<number, string>): Promise<void> {
    const unseen = ids.filter((id) => !found.has(id));
    if (unseen.length === 0) return;
    const inOdoo = await client.searchRead(model, [['id', 'in', unseen]], { fields: ['write_date'], context: ALL_RECORDS });
    for (const record of inOdoo) found.set(record.id, String(record.write_date));
  }

  /** Closes a webhook batch's log, counts it and logs its figures. */
  private async completed(syncId: string, model: string, ids: number[], parts: EntityPart[], started: number): Promise<void> {
    for (const part of parts) await this.logs.progress(syncId, part.entity.type, part.stats);
    await this.logs.finish(syncId, 'completed', null);
    const records = parts.map((part): [string, EntityStats] => [part.entity.type, part.stats]);
    this.metrics.syncEnded({ trigger: 'webhook', outcome: 'completed', seconds: secondsSince(started), records });
    this.logger.log({
      msg: `Webhook batch of ${model} (${ids.length} records): sync ${syncId} completed`,
      sync_id: syncId,
      trigger: 'webhook',
      model,
      records: ids.length,
      entities: entityFigures(Object.fromEntries(records)),
    });
  }

  private async failed(syncId: string, error: unknown, started: number): Promise<void> {
    await this.logs.finish(syncId, 'failed', error instanceof Error ? error.message : String(error)).catch(() => undefined);
    this.metrics.syncEnded({ trigger: 'webhook', outcome: 'failed', seconds: secondsSince(started), records: [] });
  }

  /** What follows the data catches up in the background: the caller answers a user, or reads the next batch. */
  private announce(parts: EntityPart[]): void {
    const changed = parts.filter(({ stats }) => stats.inserted + stats.updated + stats.restored + stats.deleted > 0);
    if (changed.length > 0) void this.events.recordsChanged({ entities: changed.map((part) => part.entity.type) });
  }
}

function statsOf(written: WriteStats, fetched: number, started: number): EntityStats {
  const stats: EntityStats = { ...emptyStats(), status: 'completed' };
  addWritten(stats, written, fetched);
  stats.duration_seconds = secondsSince(started);
  return stats;
}
