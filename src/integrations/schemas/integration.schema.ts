import { randomUUID } from 'node:crypto';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

export const INTEGRATION_TYPES = ['odoo', 'ms365'] as const;
export type IntegrationType = (typeof INTEGRATION_TYPES)[number];

/** Configuration and state of one external integration; the `integrations` collection of the seed. */
@Schema({
  collection: 'integrations',
  versionKey: false,
  id: false,
  minimize: false,
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
})
export class Integration {
  @Prop({ type: String, required: true, default: () => randomUUID() })
  id!: string;

  @Prop({ type: String, required: true, enum: INTEGRATION_TYPES })
  integration_type!: IntegrationType;

  @Prop({ type: Boolean, default: false })
  enabled!: boolean;

  /** Integration-specific settings; secrets in it are stored encrypted. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  config!: Record<string, unknown>;

  @Prop({ type: Date, default: null })
  last_sync!: Date | null;

  @Prop({ type: String, default: null })
  sync_status!: string | null;

  @Prop({ type: String, default: null })
  error_message!: string | null;

  created_at!: Date;
  updated_at!: Date;
}

export const IntegrationSchema = SchemaFactory.createForClass(Integration);
IntegrationSchema.index({ id: 1 }, { unique: true });
IntegrationSchema.index({ integration_type: 1 }, { unique: true });
