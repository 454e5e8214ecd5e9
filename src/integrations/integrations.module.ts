import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { SecretBox } from '../common/secrets/secret-box.service.js';
import { OdooModule } from '../odoo/odoo.module.js';
import { UsersModule } from '../users/users.module.js';
import { IntegrationsController } from './integrations.controller.js';
import { IntegrationsService } from './integrations.service.js';
import { OdooUserSyncService } from './odoo-user-sync.service.js';
import { Integration, IntegrationSchema } from './schemas/integration.schema.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: Integration.name, schema: IntegrationSchema }]), OdooModule, UsersModule],
  controllers: [IntegrationsController],
  providers: [IntegrationsService, OdooUserSyncService, SecretBox],
  exports: [IntegrationsService],
})
export class IntegrationsModule {}
