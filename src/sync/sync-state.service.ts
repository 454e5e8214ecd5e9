import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { EntityType } from '../data-lake/lake-record.js';
import type { KeysetCursor } from '../odoo/odoo.types.js';
import { SyncState } from './schemas/sync-state.schema.js';

/** Durable cursors per entity: advanced only after the page they point past is stored. */
@Injectable()
export class SyncStateService {
  constructor(@InjectModel(SyncState.name) private readonly states: Model<SyncState>) {}

  /**
   * Where the next incremental run of these fields starts. None when the last complete run read other fields (a
   * new version of this service reads more): the records stored so far lack them, so everything is read again.
   */
  async cursor(entity: EntityType, fields: readonly string[]): Promise<KeysetCursor | null> {
    const state = await this.states.findById(entity).lean<SyncState>().exec();
    if (!state?.cursor_write_date || state.fields?.join() !== [...fields].sort().join()) return null;
    return { writeDate: state.cursor_write_date, id: state.cursor_id ?? 0 };
  }

  async advance(entity: EntityType, cursor: KeysetCursor): Promise<void> {
    await this.states
      .updateOne({ _id: entity }, { $set: { cursor_write_date: cursor.writeDate, cursor_id: cursor.id } }, { upsert: true })
      .exec();
  }

  /** A run that read `fields` completed: the records stored hold them all. */
  async succeeded(entity: EntityType, at: Date, fields: readonly string[]): Promise<void> {
    await this.states
      .updateOne({ _id: entity }, { $set: { last_success_at: at, last_error: null, fields: [...fields].sort() } }, { upsert: true })
      .exec();
  }

  async reconciled(entity: EntityType, at: Date): Promise<void> {
    await this.states.updateOne({ _id: entity }, { $set: { reconciled_at: at } }, { upsert: true }).exec();
  }

  async reconciledAt(entity: EntityType): Promise<Date | null> {
    const state = await this.states.findById(entity, { reconciled_at: 1 }).lean<SyncState>().exec();
    return state?.reconciled_at ?? null;
  }

  async failed(entity: EntityType, at: Date, error: string): Promise<void> {
    await this.states.updateOne({ _id: entity }, { $set: { last_failure_at: at, last_error: error } }, { upsert: true }).exec();
  }

  all(): Promise<SyncState[]> {
    return this.states.find().lean<SyncState[]>().exec();
  }
}
