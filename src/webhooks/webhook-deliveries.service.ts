import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { WebhookDelivery } from './schemas/webhook-delivery.schema.js';
import { TOLERANCE_SECONDS } from './webhook-signature.js';

/** Tells a signed webhook request received for the first time from a replay of one, across every instance. */
@Injectable()
export class WebhookDeliveriesService {
  constructor(@InjectModel(WebhookDelivery.name) private readonly deliveries: Model<WebhookDelivery>) {}

  /**
   * Remembers a request by its verified signature (hex) until its timestamp leaves the tolerance window; false
   * when it was already received. The unique `_id` decides between copies arriving at once on several instances.
   */
  async firstReceipt(signatureHex: string, timestampSeconds: number): Promise<boolean> {
    await this.deliveries.deleteMany({ expires_at: { $lt: new Date() } }).exec();
    try {
      await this.deliveries.create({ _id: signatureHex.toLowerCase(), expires_at: new Date((timestampSeconds + TOLERANCE_SECONDS) * 1000) });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }
}
