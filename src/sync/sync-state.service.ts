import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { EntityType } from '../data-lake/lake-record.js';
import type { KeysetCursor } from '../odoo/odoo.types.js';
import type { SyncPosition } from './look-back.js';
import { SyncState } from './schemas/sync-state.schema.js';

/** Durable cursors per entity: advanced only after the page they point past is stored. */
@Injectable()
export class SyncStateService {
  constructor(@InjectModel(SyncState.name) private readonly states: Model<SyncState>) {}

  /**
   * How far runs of these fields have read. None when the records were read with other fields (a new version of
   * this service reads more): the records stored so far lack them, so everything is read again.
   */
  async position(entity: EntityType, fields: readonly string[]): Promise<SyncPosition | null> {
    const state = await this.states.findById(entity).lean<SyncState>().exec();
    if (!state?.cursor_write_date || state.fields?.join() !== [...fields].sort().join()) return null;
    return { cursor: { writeDate: state.cursor_write_date, id: state.cursor_id ?? 0 }, readFrom: state.read_from ?? null };
  }

  /**
   * Everything up to `cursor` is stored, read with `fields` from Odoo's time `readFrom` on: an interrupted run's
   * successor resumes from here, and looks back only from when this one began reading.
   */
  async advance(entity: EntityType, cursor: KeysetCursor, fields: readonly string[], readFrom: string | null): Promise<void> {
    const position = { cursor_write_date: cursor.writeDate, cursor_id: cursor.id, fields: [...fields].sort(), read_from: readFrom };
    await this.states.updateOne({ _id: entity }, { $set: position }, { upsert: true }).exec();
  }

  /** A run that read `fields`, from Odoo's time `readFrom` on, completed: the records stored hold them all. */
  async succeeded(entity: EntityType, at: Date, fields: readonly string[], readFrom: string | null): Promise<void> {
    const done = { last_success_at: at, last_error: null, fields: [...fields].sort(), read_from: readFrom };
    await this.states.updateOne({ _id: entity }, { $set: done }, { upsert: true }).exec();
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
