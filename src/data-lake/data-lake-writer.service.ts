import { createHash } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AnyBulkWriteOperation } from 'mongodb';
import type { Model } from 'mongoose';
import { bulkWriteInBatches } from '../database/write-batches.js';
import { DataLakeRecord, type EntityType, type NormalizedFields } from './schemas/data-lake-record.schema.js';

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
  /** Skipped because the stored version is newer (a webhook got there first). */
  stale: number;
}

type StoredVersion = Pick<DataLakeRecord, 'serving_id' | 'data_hash' | 'is_active' | 'odoo_write_date'>;

/** Writes synced records into `data_lake_serving`: bulk upserts that leave unchanged records alone, soft deletes. */
@Injectable()
export class DataLakeWriter implements OnModuleInit {
  constructor(@InjectModel(DataLakeRecord.name) private readonly records: Model<DataLakeRecord>) {}

  /** Unique indexes exist before the first write: two instances starting on a fresh database must not both insert. */
  async onModuleInit(): Promise<void> {
    await this.records.init();
  }

  /**
   * Stores a page with one read of the stored versions and one unordered bulk write. New records are inserted
   * with `created_at`; changed ones rewritten with `updated_at`; unchanged ones only get `last_aggregated`.
   * A version older than the stored one (by Odoo's write_date) never overwrites it.
   */
  async upsertPage(entityType: EntityType, items: LakeItem[], seenAt: Date): Promise<WriteStats> {
    const stats: WriteStats = { inserted: 0, updated: 0, unchanged: 0, restored: 0, stale: 0 };
    if (items.length === 0) return stats;
    const stored = await this.storedVersions(entityType, items.map((item) => item.servingId));
    const operations: AnyBulkWriteOperation[] = [];
    const unchanged: string[] = [];
    for (const item of items) {
      const hash = hashOf(item);
      const previous = stored.get(item.servingId);
      const fields = { data: item.data, ...item.normalized, data_hash: hash, last_aggregated: seenAt };
      if (!previous) {
        operations.push(writeUnlessNewer(entityType, item, fields, seenAt, true));
        stats.inserted++;
      } else if (isNewer(previous.odoo_write_date, item.normalized.odoo_write_date)) {
        stats.stale++;
      } else if (previous.data_hash === hash && previous.is_active) {
        unchanged.push(item.servingId);
        stats.unchanged++;
      } else {
        operations.push(writeUnlessNewer(entityType, item, fields, seenAt, false));
        if (previous.is_active) stats.updated++;
        else stats.restored++;
      }
    }
    if (unchanged.length > 0) {
      operations.push({
        updateMany: { filter: { entity_type: entityType, serving_id: { $in: unchanged } }, update: { $set: { last_aggregated: seenAt } } },
      });
    }
    // Only inserts can collide: those records were written, newer, by someone else.
    const collisions = await bulkWriteInBatches(this.records.collection, operations, this.records.db.db!);
    stats.inserted -= collisions;
    stats.stale += collisions;
    return stats;
  }


  /** Every stored id of an entity type with whether it is active, for reconciling with Odoo's ids. */
  async storedIds(entityType: EntityType): Promise<Map<string, boolean>> {
    const ids = new Map<string, boolean>();
    const cursor = this.records.collection.find(
      { entity_type: entityType },
      { projection: { _id: 0, serving_id: 1, is_active: 1 } },
    );
    for await (const doc of cursor) ids.set(doc.serving_id as string, doc.is_active as boolean);
    return ids;
  }

  async countActive(entityType: EntityType): Promise<number> {
    return this.records.collection.countDocuments({ entity_type: entityType, is_active: true });
  }

  /** Marks records that no longer exist in Odoo; their data stays. */
  async softDelete(entityType: EntityType, servingIds: string[], reason: string, at: Date): Promise<number> {
    if (servingIds.length === 0) return 0;
    const result = await this.records.collection.updateMany(
      { entity_type: entityType, serving_id: { $in: servingIds }, is_active: true },
      { $set: { is_active: false, deleted_at: at, delete_reason: reason, updated_at: at } },
    );
    return result.modifiedCount;
  }

  private async storedVersions(entityType: EntityType, servingIds: string[]): Promise<Map<string, StoredVersion>> {
    const docs = await this.records.collection
      .find(
        { entity_type: entityType, serving_id: { $in: servingIds } },
        { projection: { _id: 0, serving_id: 1, data_hash: 1, is_active: 1, odoo_write_date: 1 } },
      )
      .toArray();
    return new Map(docs.map((doc) => [doc.serving_id as string, doc as unknown as StoredVersion]));
  }
}

/**
 * Writes a record unless the stored version is newer by Odoo's write_date, re-checked in the write itself since
 * a webhook may store a newer version between our read and this write. `insert` upserts a record not seen yet.
 */
function writeUnlessNewer(entityType: EntityType, item: LakeItem, fields: object, at: Date, insert: boolean): AnyBulkWriteOperation {
  const writeDate = item.normalized.odoo_write_date;
  return {
    updateOne: {
      filter: {
        entity_type: entityType,
        serving_id: item.servingId,
        ...(writeDate && { $or: [{ odoo_write_date: { $lte: writeDate } }, { odoo_write_date: null }] }),
      },
      update: {
        $set: { ...fields, is_active: true, deleted_at: null, delete_reason: null, updated_at: at },
        ...(insert && { $setOnInsert: { source: 'odoo', created_at: at } }),
      },
      upsert: insert,
    },
  };
}

function isNewer(stored: string | undefined, incoming: string | undefined): boolean {
  return stored !== undefined && incoming !== undefined && stored > incoming;
}

function hashOf(item: LakeItem): string {
  return createHash('sha1').update(JSON.stringify([item.data, item.normalized])).digest('base64');
}
