import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * A signed webhook request already received, remembered until its timestamp is too old to pass the signature
 * check anyway, so that a replay of it within that time is not processed again. Shared by every instance; expired
 * entries are deleted by WebhookDeliveriesService (FerretDB has no TTL index).
 */
@Schema({ collection: 'webhook_deliveries', versionKey: false })
export class WebhookDelivery {
  /** The request's HMAC, lower-case hex: one per timestamp and body. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: Date, required: true })
  expires_at!: Date;
}

export const WebhookDeliverySchema = SchemaFactory.createForClass(WebhookDelivery);
WebhookDeliverySchema.index({ expires_at: 1 });
