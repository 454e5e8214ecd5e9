import { createHash } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ObjectId, type AnyBulkWriteOperation } from 'mongodb';
import type { Model } from 'mongoose';
import { bulkWriteInBatches } from '../database/write-batches.js';
import type { EntityType, NormalizedFields } from './lake-record.js';
import { DataLakeRecord } from './schemas/data-lake-record.schema.js';
import { StoredVersions } from './stored-versions.js';
import { writeDecision } from './write-decision.js';

/** Stored versions per reply: unset, MongoDB answers up to 16 MB at a time, beside the map being filled. */
const VERSIONS_BATCH = 5000;

/** One Odoo record ready to store: its id, the record as read, and what the sync derived from it. */
export interface LakeItem {
  servingId: string;
  data: Record<string, unknown>;
  normalized: NormalizedFields;
}

export interface WriteStats {
  inserted: number;
  updated: number;
  unchanged: number;
  restored: number;
  /** Skipped because another writer (a webhook) stored another version meanwhile. */
  stale: number;
}

/**
 * Writes synced records into `data_lake_serving`: inserts, rewrites of changed records, and soft deletes.
 * Rewrites address the stored document by `_id` and the write_date they expect to replace.
 */
@Injectable()
export class DataLakeWriter implements OnModuleInit {
  constructor(@InjectModel(DataLakeRecord.name) private readonly records: Model<DataLakeRecord>) {}

  /** Unique indexes exist before the first write: two instances starting on a fresh database must not both insert. */
  async onModuleInit(): Promise<void> {
    await this.records.init();
  }

  /** Every stored version of an entity type, in one pass. */
  async storedVersions(entityType: EntityType): Promise<StoredVersions> {
    return this.readVersions({ entity_type: entityType });
  }

  /** The stored versions of a few records (a webhook's). */
  async storedVersionsOf(entityType: EntityType, servingIds: string[]): Promise<StoredVersions> {
    return this.readVersions({ entity_type: entityType, serving_id: { $in: servingIds } });
  }

  /** How many records of an entity type are live (not soft-deleted). */
  activeCount(entityType: EntityType): Promise<number> {
    return this.records.collection.countDocuments({ entity_type: entityType, is_active: true });
  }

  /**
   * Stores a page in unordered bulk writes. New records are inserted with `created_at`; changed ones rewritten
   * with `updated_at`, but only if the stored write_date is still the one `stored` says (so a newer version a
   * webhook wrote meanwhile is never overwritten); unchanged ones only get `last_aggregated`, unless the caller
   * marks them all at once later (`touchUnchanged: false`, see touchLiveSince). `stored` is updated.
   */
  async upsertPage(entityType: EntityType, items: Iterable<LakeItem>, seenAt: Date, stored: StoredVersions, touchUnchanged = true): Promise<WriteStats> {
    const page: PageTally = { stats: { inserted: 0, updated: 0, unchanged: 0, restored: 0, stale: 0 }, unchanged: [], expectedUpdates: 0 };
    const result = await bulkWriteInBatches(this.records.collection, writesOf(entityType, items, seenAt, stored, page), this.records.db.db!);
    const { stats, unchanged } = page;
    // Inserts that collided and rewrites whose expected write_date had moved: another writer got there first.
    stats.inserted -= result.duplicates;
    stats.stale += result.duplicates + (page.expectedUpdates - result.matched);
    // One statement for all unchanged records: FerretDB resolves each single-record update with a scan.
    if (touchUnchanged && unchanged.length > 0) {
      await this.records.collection.updateMany({ entity_type: entityType, _id: { $in: unchanged } }, { $set: { last_aggregated: seenAt } });
    }
    return stats;
  }

  /**
   * Sets `last_aggregated` on every live record of an entity type not seen since `since`, except `notSeen`: after a
   * run that read them all, one statement instead of one per page (on FerretDB each is a pass over the entity).
   */
  async touchLiveSince(entityType: EntityType, since: Date, seenAt: Date, notSeen: string[]): Promise<void> {
    await this.records.collection.updateMany(
      { entity_type: entityType, is_active: true, last_aggregated: { $lt: since }, ...(notSeen.length > 0 ? { serving_id: { $nin: notSeen } } : {}) },
      { $set: { last_aggregated: seenAt } },
    );
  }

  /** Marks records that no longer exist in Odoo; their data stays. */
  async softDelete(entityType: EntityType, servingIds: string[], reason: string, at: Date, stored?: StoredVersions): Promise<number> {
    if (servingIds.length === 0) return 0;
    const result = await this.records.collection.updateMany(
      { entity_type: entityType, serving_id: { $in: servingIds }, is_active: true },
      { $set: { is_active: false, deleted_at: at, delete_reason: reason, updated_at: at } },
    );
    for (const id of servingIds) stored?.deactivate(id);
    return result.modifiedCount;
  }

  private async readVersions(filter: object): Promise<StoredVersions> {
    const versions = new StoredVersions();
    const cursor = this.records.collection.find(filter, {
      projection: { _id: 1, serving_id: 1, data_hash: 1, odoo_write_date: 1, is_active: 1 },
      batchSize: VERSIONS_BATCH,
    });
    for await (const doc of cursor) {
      versions.set(doc.serving_id as string, {
        id: doc._id,
        hash: doc.data_hash as string | undefined,
        writeDate: doc.odoo_write_date as string | undefined,
        active: doc.is_active !== false,
      });
    }
    return versions;
  }
}

/** What writesOf counts of a page as it goes. */
interface PageTally {
  stats: WriteStats;
  unchanged: ObjectId[];
  expectedUpdates: number;
}

/**
 * The write each item needs, made as the bulk write takes it (one command at a time: a page's documents are never
 * all held at once, and die young); counted in `page`, and `stored` updated.
 */
function* writesOf(entityType: EntityType, items: Iterable<LakeItem>, seenAt: Date, stored: StoredVersions, page: PageTally): Generator<AnyBulkWriteOperation> {
  for (const item of items) {
    const hash = hashOf(item);
    const writeDate = item.normalized.odoo_write_date;
    const previous = stored.get(item.servingId);
    const decision = writeDecision(previous, hash, writeDate);
    page.stats[decision]++;
    if (decision === 'unchanged') page.unchanged.push(previous!.id);
    if (decision === 'unchanged' || decision === 'stale') continue;
    const fields = { ...item.normalized, data: item.data, data_hash: hash, last_aggregated: seenAt, updated_at: seenAt };
    const live = { is_active: true, deleted_at: null, delete_reason: null };
    const id = previous?.id ?? new ObjectId();
    stored.set(item.servingId, { id, hash, writeDate, active: true });
    if (!previous) {
      yield { insertOne: { document: { _id: id, entity_type: entityType, serving_id: item.servingId, ...fields, ...live, source: 'odoo', created_at: seenAt } } };
    } else {
      page.expectedUpdates++;
      yield { updateOne: { filter: { _id: id, odoo_write_date: previous.writeDate ?? null }, update: { $set: { ...fields, ...live } } } };
    }
  }
}

function hashOf(item: LakeItem): string {
  return createHash('sha1').update(JSON.stringify([item.data, item.normalized])).digest('base64');
}

