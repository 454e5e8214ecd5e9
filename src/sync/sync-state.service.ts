import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { EntityType } from '../data-lake/schemas/data-lake-record.schema.js';
import type { KeysetCursor } from '../odoo/odoo.types.js';
import { SyncState } from './schemas/sync-state.schema.js';

/** Durable cursors per entity: advanced only after the page they point past is stored. */
@Injectable()
export class SyncStateService {
  constructor(@InjectModel(SyncState.name) private readonly states: Model<SyncState>) {}

  async cursor(entity: EntityType): Promise<KeysetCursor | null> {
    const state = await this.states.findById(entity).lean<SyncState>().exec();
    return state?.cursor_write_date ? { writeDate: state.cursor_write_date, id: state.cursor_id ?? 0 } : null;
  }

  async advance(entity: EntityType, cursor: KeysetCursor): Promise<void> {
    await this.states
      .updateOne({ _id: entity }, { $set: { cursor_write_date: cursor.writeDate, cursor_id: cursor.id } }, { upsert: true })
      .exec();
  }

  async succeeded(entity: EntityType, at: Date): Promise<void> {
    await this.states.updateOne({ _id: entity }, { $set: { last_success_at: at, last_error: null } }, { upsert: true }).exec();
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
