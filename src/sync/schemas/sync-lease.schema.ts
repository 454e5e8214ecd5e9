import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * The one lease that keeps the sync to a single run across every instance. Its holder renews `expires_at`
 * with a heartbeat; once it lapses (the holder crashed) another instance may take it. No TTL index: FerretDB
 * has none, and an expired lease is simply overwritten.
 */
@Schema({ collection: 'sync_lease', versionKey: false })
export class SyncLease {
  @Prop({ type: String, required: true })
  _id!: string;

  /** Instance that holds it: `<hostname>:<pid>:<random>`. */
  @Prop({ type: String, required: true })
  owner!: string;

  @Prop({ type: String, required: true })
  sync_id!: string;

  @Prop({ type: Date, required: true })
  expires_at!: Date;

  @Prop({ type: Date, required: true })
  heartbeat_at!: Date;
}

export const SyncLeaseSchema = SchemaFactory.createForClass(SyncLease);
