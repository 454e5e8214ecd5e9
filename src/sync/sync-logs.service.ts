import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { skipOf, type PageQueryDto } from '../common/pagination/page-query.dto.js';
import type { WriteStats } from '../data-lake/data-lake-writer.service.js';
import type { EntityType } from '../data-lake/lake-record.js';
import { SyncLog, type SyncStatus, type SyncTrigger } from './schemas/sync-log.schema.js';

/** Per-entity statistics of a run, kept in `sync_logs.stats.<entity>` and updated as pages are stored. */
export interface EntityStats {
  status: 'pending' | 'running' | 'completed' | 'failed';
  fetched: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  restored: number;
  errors: number;
  duration_seconds: number;
  error?: string;
  /** Deletions the mass-deletion guard held back. */
  deletions_withheld?: number;
}

export function emptyStats(): EntityStats {
  return { status: 'pending', fetched: 0, inserted: 0, updated: 0, unchanged: 0, deleted: 0, restored: 0, errors: 0, duration_seconds: 0 };
}

/** Counts what the writer did with `fetched` records read from Odoo. */
export function addWritten(stats: EntityStats, written: WriteStats, fetched: number): void {
  stats.fetched += fetched;
  stats.inserted += written.inserted;
  stats.updated += written.updated;
  stats.unchanged += written.unchanged + written.stale;
  stats.restored += written.restored;
}

/** Seconds since `since` (a performance.now() reading), to the millisecond. */
export function secondsSince(since: number): number {
  return Math.round(performance.now() - since) / 1000;
}

/** The `sync_logs` collection: one entry per run, whatever started it. */
@Injectable()
export class SyncLogsService implements OnModuleInit {
  constructor(@InjectModel(SyncLog.name) private readonly logs: Model<SyncLog>) {}

  /** Unique indexes exist before the first write: two instances starting on a fresh database must not both insert. */
  async onModuleInit(): Promise<void> {
    await this.logs.init();
  }

  async start(id: string, trigger: SyncTrigger, triggeredBy: string | null, entities: EntityType[]): Promise<SyncLog> {
    const stats = Object.fromEntries(entities.map((entity) => [entity, emptyStats()]));
    const log = await this.logs.create({ id, trigger, triggered_by: triggeredBy, status: 'running', started_at: new Date(), stats });
    return log.toObject();
  }


  async progress(id: string, entity: EntityType, stats: EntityStats): Promise<void> {
    await this.logs.updateOne({ id }, { $set: { [`stats.${entity}`]: stats } }).exec();
  }

  /** Closes a run that is still open; an entity it left midway (the database or the instance went away) failed. */
  async finish(id: string, status: Exclude<SyncStatus, 'running'>, errorMessage: string | null): Promise<void> {
    const log = await this.find(id);
    const completedAt = new Date();
    const duration = log ? (completedAt.getTime() - new Date(log.started_at).getTime()) / 1000 : null;
    const cutOff: Record<string, 'failed'> = {};
    for (const [entity, stats] of Object.entries((log?.stats ?? {}) as Record<string, EntityStats>)) {
      if (stats.status === 'running') cutOff[`stats.${entity}.status`] = 'failed';
    }
    await this.logs
      .updateOne(
        { id, status: 'running' },
        { $set: { status, completed_at: completedAt, duration_seconds: duration, error_message: errorMessage, ...cutOff } },
      )
      .exec();
  }

  find(id: string): Promise<SyncLog | null> {
    return this.logs.findOne({ id }, { _id: 0 }).lean<SyncLog>().exec();
  }

  async list(filter: { status?: SyncStatus; trigger?: SyncTrigger }, page: PageQueryDto): Promise<{ items: SyncLog[]; total: number }> {
    const query = { ...(filter.status && { status: filter.status }), ...(filter.trigger && { trigger: filter.trigger }) };
    const [items, total] = await Promise.all([
      this.logs.find(query, { _id: 0 }).sort({ started_at: -1 }).skip(skipOf(page)).limit(page.page_size).lean<SyncLog[]>().exec(),
      this.logs.countDocuments(query).exec(),
    ]);
    return { items, total };
  }

  /** When the newest scheduled or manual run that completed ended; null before any did. */
  async lastSuccessAt(): Promise<Date | null> {
    const last = await this.logs
      .findOne({ status: 'completed', trigger: { $in: ['scheduled', 'manual'] } }, { completed_at: 1, _id: 0 })
      .sort({ started_at: -1 })
      .lean<Pick<SyncLog, 'completed_at'>>()
      .exec();
    return last?.completed_at ?? null;
  }

  /** The newest runs (scheduled or manual; webhook batches are not sync runs), newest first. */
  recentRuns(limit: number): Promise<SyncLog[]> {
    return this.logs
      .find({ trigger: { $in: ['scheduled', 'manual'] } }, { _id: 0 })
      .sort({ started_at: -1 })
      .limit(limit)
      .lean<SyncLog[]>()
      .exec();
  }
}
