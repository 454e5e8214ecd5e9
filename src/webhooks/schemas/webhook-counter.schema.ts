import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * Webhook counters shared by every instance: `_id: "totals"` holds the counts, `_id: "model:<odoo model>"` the
 * time of the last event per model (model names have dots, which cannot be keys).
 */
@Schema({ collection: 'webhook_counters', versionKey: false })
export class WebhookCounter {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: Number, default: 0 }) accepted!: number;
  @Prop({ type: Number, default: 0 }) rejected!: number;
  @Prop({ type: Number, default: 0 }) ignored!: number;
  @Prop({ type: Number, default: 0 }) replayed!: number;
  @Prop({ type: Number, default: 0 }) processed!: number;
  @Prop({ type: Number, default: 0 }) retried!: number;
  @Prop({ type: Number, default: 0 }) gave_up!: number;
  @Prop({ type: Number, default: 0 }) deleted!: number;
  @Prop({ type: Number, default: 0 }) failed!: number;
  @Prop({ type: Date, default: null }) last_event_at!: Date | null;
}

export const WebhookCounterSchema = SchemaFactory.createForClass(WebhookCounter);
