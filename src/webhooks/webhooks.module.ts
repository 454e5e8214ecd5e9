import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { IntegrationsModule } from '../integrations/integrations.module.js';
import { SyncModule } from '../sync/sync.module.js';
import { WebhookCounter, WebhookCounterSchema } from './schemas/webhook-counter.schema.js';
import { WebhookDelivery, WebhookDeliverySchema } from './schemas/webhook-delivery.schema.js';
import { WebhookCountersService } from './webhook-counters.service.js';
import { WebhookDeliveriesService } from './webhook-deliveries.service.js';
import { WebhookProcessor } from './webhook-processor.service.js';
import { WebhooksController } from './webhooks.controller.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: WebhookCounter.name, schema: WebhookCounterSchema },
      { name: WebhookDelivery.name, schema: WebhookDeliverySchema },
    ]),
    SyncModule,
    IntegrationsModule,
  ],
  controllers: [WebhooksController],
  providers: [WebhookProcessor, WebhookCountersService, WebhookDeliveriesService],
})
export class WebhooksModule {}
