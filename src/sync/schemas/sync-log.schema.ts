import { randomUUID } from 'node:crypto';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

export const SYNC_STATUSES = ['running', 'completed', 'failed'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

export const SYNC_TRIGGERS = ['scheduled', 'manual', 'webhook'] as const;
export type SyncTrigger = (typeof SYNC_TRIGGERS)[number];

/** One sync run; the `sync_logs` collection of the seed. */
@Schema({ collection: 'sync_logs', versionKey: false, id: false, minimize: false })
export class SyncLog {
  @Prop({ type: String, required: true, default: () => randomUUID() })
  id!: string;

  @Prop({ type: Date, required: true, default: () => new Date() })
  started_at!: Date;

  @Prop({ type: Date, default: null })
  completed_at!: Date | null;

  @Prop({ type: String, required: true, enum: SYNC_STATUSES, default: 'running' })
  status!: SyncStatus;

  @Prop({ type: String, required: true, enum: SYNC_TRIGGERS })
  trigger!: SyncTrigger;

  /** The user who started a manual run. */
  @Prop({ type: String, default: null })
  triggered_by!: string | null;

  @Prop({ type: Number, default: null })
  duration_seconds!: number | null;

  /** Per-entity statistics. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  stats!: Record<string, unknown>;

  @Prop({ type: String, default: null })
  error_message!: string | null;
}

export const SyncLogSchema = SchemaFactory.createForClass(SyncLog);
SyncLogSchema.index({ id: 1 }, { unique: true });
SyncLogSchema.index({ started_at: -1 });
// The logs route filters and counts by trigger and status; the scheduler reads the newest runs by trigger.
SyncLogSchema.index({ trigger: 1, started_at: -1 });
SyncLogSchema.index({ status: 1, started_at: -1 });
// The newest successful run, which the metrics read at every scrape, without reading past the webhook batches.
SyncLogSchema.index({ status: 1, trigger: 1, started_at: -1 });
