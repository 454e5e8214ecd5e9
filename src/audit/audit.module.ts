import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditEventsController } from './audit-events.controller.js';
import { AuditService } from './audit.service.js';
import { AuditEvent, AuditEventSchema } from './schemas/audit-event.schema.js';

/** Global: any module records events through AuditService without importing this one. */
@Global()
@Module({
  imports: [MongooseModule.forFeature([{ name: AuditEvent.name, schema: AuditEventSchema }])],
  controllers: [AuditEventsController],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
