import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { readAhead } from '../common/concurrency/read-ahead.js';
import type { EnvironmentVariables } from '../config/environment.js';
import { DataLakeWriter, type LakeItem, type WriteStats } from '../data-lake/data-lake-writer.service.js';
import type { StoredVersions } from '../data-lake/stored-versions.js';
import type { OdooClient } from '../odoo/odoo.client.js';
import { odooDatetime } from '../odoo/odoo-values.js';
import type { OdooRecord } from '../odoo/odoo.types.js';
import { exceedsDeletionGuard } from './deletion-guard.js';
import type { EntityDefinition, SyncLookups } from './entities/entity-definition.js';
import { lookBackStart } from './look-back.js';
import { addWritten, emptyStats, secondsSince, type EntityStats } from './sync-logs.service.js';
import { SyncStateService } from './sync-state.service.js';

/** Archived records are synced too: a lost deal keeps its data and its status. */
export const ALL_RECORDS = { active_test: false };
const ID_SCAN_PAGE = 20_000;
/** Fields of a model change only when modules are installed: ask Odoo again after this. */
const FIELDS_FRESH_FOR_MS = 10 * 60_000;
/** Equal counts skip the id scan; this often it runs anyway, for what counts cannot see (one gone, one back). */
const ID_SCAN_AT_LEAST_EVERY_MS = 24 * 3600_000;

export interface EntityRunOptions {
  lookups: SyncLookups;
  /** Read everything again, ignoring the cursor. */
  full: boolean;
  /** Apply deletions even past the mass-deletion guard. */
  forceDeletions: boolean;
  /** Called with the stats after every stored page, for progress. */
  report: (stats: EntityStats) => Promise<void>;
  /** Throws when the run must stop (the lease was lost). */
  checkpoint: () => void;
}

/** What storeIds did with some records of one entity. */
export interface IdsStored {
  written: WriteStats;
  /** The write_date of each record Odoo has for this entity. */
  found: Map<number, string>;
  /** The others that are live here: what a soft delete would mark. */
  goneLive: number[];
}

/** Syncs one entity: incremental pages in keyset order, then reconciliation of ids with Odoo. */
@Injectable()
export class EntitySyncService {
  private readonly logger = new Logger('Sync');
  private readonly pageSize: number;
  private readonly overlapSeconds: number;
  private readonly maxDeleteRatio: number;
  private readonly fieldsCache = new Map<string, { fields: Set<string>; at: number }>();

  constructor(
    private readonly writer: DataLakeWriter,
    private readonly state: SyncStateService,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.pageSize = config.get('SYNC_PAGE_SIZE', { infer: true });
    this.overlapSeconds = config.get('SYNC_OVERLAP_SECONDS', { infer: true });
    this.maxDeleteRatio = config.get('SYNC_MAX_DELETE_RATIO', { infer: true });
  }

  async run(entity: EntityDefinition, client: OdooClient, options: EntityRunOptions): Promise<EntityStats> {
    const started = performance.now();
    const startedAt = new Date();
    const stats: EntityStats = { ...emptyStats(), status: 'running' };
    await options.report(stats);
    const fields = await this.availableFields(client, entity);
    const position = options.full ? null : await this.state.position(entity.type, fields);
    const after = position ? lookBackStart(position, this.overlapSeconds) : undefined;
    // Odoo's clock before the first page is asked for: whatever the pages miss commits after this.
    const serverTime = client.serverTime();
    const readFrom = serverTime && odooDatetime(serverTime);
    // A run that reads everything loads every stored version in one pass and keeps it current; an incremental
    // run reads few records, so it looks up each page's own.
    const everything = after ? null : await this.writer.storedVersions(entity.type);
    const pages = client.pages(entity.model, { domain: entity.domain, fields, pageSize: this.pageSize, after, context: ALL_RECORDS });
    for await (const page of readAhead(pages)) {
      options.checkpoint();
      const stored = everything ?? (await this.writer.storedVersionsOf(entity.type, page.records.map((record) => String(record.id))));
      // A run that reads everything marks its unchanged records once, at the end (touchLiveSince).
      addWritten(stats, await this.store(entity, page.records, options.lookups, stored, !everything), page.records.length);
      await this.state.advance(entity.type, page.cursor, fields, readFrom);
      stats.duration_seconds = secondsSince(started);
      await options.report(stats);
    }
    options.checkpoint();
    if (everything || (await this.idScanNeeded(entity, client))) {
      const notInOdoo = await this.reconcile(entity, client, fields, options, stats, everything ?? (await this.writer.storedVersions(entity.type)));
      await this.state.reconciled(entity.type, new Date());
      if (everything) await this.writer.touchLiveSince(entity.type, startedAt, new Date(), notInOdoo);
    }
    stats.status = 'completed';
    stats.duration_seconds = secondsSince(started);
    await this.state.succeeded(entity.type, new Date(), fields, readFrom);
    return stats;
  }

  /**
   * Stores the given records of one entity as Odoo has them now, and deletes nothing: a webhook's caller decides
   * what a record missing means (Odoo may not have committed it yet).
   */
  async storeIds(entity: EntityDefinition, client: OdooClient, ids: number[], lookups: SyncLookups): Promise<IdsStored> {
    const fields = await this.availableFields(client, entity);
    const records = await client.searchRead(entity.model, [...entity.domain, ['id', 'in', ids]], { fields, context: ALL_RECORDS });
    const stored = await this.writer.storedVersionsOf(entity.type, ids.map(String));
    const written = await this.store(entity, records, lookups, stored, true);
    const found = new Map(records.map((record) => [record.id, String(record.write_date)]));
    const goneLive = ids.filter((id) => !found.has(id) && stored.isLive(String(id)));
    return { written, found, goneLive };
  }

  /** Soft-deletes records of one entity that Odoo no longer has. */
  softDeleteIds(entity: EntityDefinition, ids: number[]): Promise<number> {
    return this.writer.softDelete(entity.type, ids.map(String), 'not_found_in_odoo', new Date());
  }

  /**
   * After the pages every record Odoo has is stored and active here, so equal counts mean nothing was deleted
   * and there is nothing to scan; the periodic scan covers a deletion offset by a record coming back.
   */
  private async idScanNeeded(entity: EntityDefinition, client: OdooClient): Promise<boolean> {
    const [inOdoo, active, lastScan] = await Promise.all([
      client.searchCount(entity.model, entity.domain, ALL_RECORDS),
      this.writer.activeCount(entity.type),
      this.state.reconciledAt(entity.type),
    ]);
    return inOdoo !== active || !lastScan || Date.now() - lastScan.getTime() > ID_SCAN_AT_LEAST_EVERY_MS;
  }

  /**
   * After the pages: one scan of the ids Odoo has (archived included). Records Odoo no longer has are
   * soft-deleted, unless that would be more than the allowed share; records Odoo has that are missing or
   * deleted here are read and stored again (restored). Never runs on a failed scan: the scan throws first.
   * Answers the live records Odoo does not have that were left live (held back by the guard).
   */
  private async reconcile(
    entity: EntityDefinition,
    client: OdooClient,
    fields: string[],
    options: EntityRunOptions,
    stats: EntityStats,
    stored: StoredVersions,
  ): Promise<string[]> {
    const inOdoo = await this.scanIds(client, entity);
    const toRead = [...inOdoo].filter((id) => !stored.isLive(String(id)));
    for (let i = 0; i < toRead.length; i += this.pageSize) {
      options.checkpoint();
      const records = await client.read(entity.model, toRead.slice(i, i + this.pageSize), fields, ALL_RECORDS);
      addWritten(stats, await this.store(entity, records, options.lookups, stored, true), records.length);
    }

    const gone: string[] = [];
    for (const id of stored.liveIds()) if (!inOdoo.has(Number(id))) gone.push(id);
    const active = stored.live;
    if (exceedsDeletionGuard(gone.length, active, this.maxDeleteRatio) && !options.forceDeletions) {
      stats.deletions_withheld = gone.length;
      this.logger.warn(
        `${entity.type}: ${gone.length} of ${active} records are gone from Odoo, more than the allowed share ` +
          `(${this.maxDeleteRatio}); not deleting them. An admin can force it with force_deletions.`,
      );
      return gone;
    }
    stats.deleted += await this.writer.softDelete(entity.type, gone, 'not_found_in_odoo', new Date(), stored);
    return [];
  }

  private async scanIds(client: OdooClient, entity: EntityDefinition): Promise<Set<number>> {
    const ids = new Set<number>();
    let last = 0;
    for (;;) {
      const page = await client.search(entity.model, [...entity.domain, ['id', '>', last]], {
        order: 'id asc',
        limit: ID_SCAN_PAGE,
        context: ALL_RECORDS,
      });
      for (const id of page) ids.add(id);
      if (page.length < ID_SCAN_PAGE) return ids;
      last = page[page.length - 1];
    }
  }

  private store(entity: EntityDefinition, records: OdooRecord[], lookups: SyncLookups, stored: StoredVersions, touchUnchanged: boolean): Promise<WriteStats> {
    return this.writer.upsertPage(entity.type, itemsOf(entity, records, lookups), new Date(), stored, touchUnchanged);
  }

  /** The entity's fields this Odoo has (versions differ: `won_status`, `mail.activity.active`). */
  private async availableFields(client: OdooClient, entity: EntityDefinition): Promise<string[]> {
    const cached = this.fieldsCache.get(entity.model);
    if (cached && Date.now() - cached.at < FIELDS_FRESH_FOR_MS) return entity.fields.filter((field) => cached.fields.has(field));
    const known = new Set(Object.keys(await client.fieldsGet(entity.model, ['type'])));
    this.fieldsCache.set(entity.model, { fields: known, at: Date.now() });
    return entity.fields.filter((field) => known.has(field));
  }
}

/** The records ready to store, normalized as the writer takes them: a page's are never all held at once. */
function* itemsOf(entity: EntityDefinition, records: OdooRecord[], lookups: SyncLookups): Generator<LakeItem> {
  for (const record of records) yield { servingId: String(record.id), data: record, normalized: entity.normalize(record, lookups) };
}
