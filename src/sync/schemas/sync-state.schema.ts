import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** Per entity type: how far the incremental sync has read, and how its last runs went. */
@Schema({ collection: 'sync_state', versionKey: false })
export class SyncState {
  /** The entity type. */
  @Prop({ type: String, required: true })
  _id!: string;

  /** `(write_date, id)` of the last record stored; the next run reads after it (and within the look-back window). */
  @Prop({ type: String, default: null })
  cursor_write_date!: string | null;

  @Prop({ type: Number, default: null })
  cursor_id!: number | null;

  /**
   * Odoo's time (`YYYY-MM-DD HH:MM:SS`, UTC) just before the run that moved the cursor began reading: what it could
   * not see then had not committed yet, so its write_date is at most SYNC_OVERLAP_SECONDS before this.
   */
  @Prop({ type: String, default: null })
  read_from!: string | null;

  /** The Odoo fields the records up to the cursor were read with (sorted); a run reading others starts from the beginning. */
  @Prop({ type: [String], default: undefined })
  fields?: string[];

  @Prop({ type: Date, default: null })
  last_success_at!: Date | null;

  @Prop({ type: Date, default: null })
  last_failure_at!: Date | null;

  @Prop({ type: String, default: null })
  last_error!: string | null;

  /** When the ids here were last checked against every id Odoo has (deletions, restores). */
  @Prop({ type: Date, default: null })
  reconciled_at!: Date | null;
}

export const SyncStateSchema = SchemaFactory.createForClass(SyncState);
