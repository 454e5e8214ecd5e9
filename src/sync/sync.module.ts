import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { SyncLog, SyncLogSchema } from './schemas/sync-log.schema.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: SyncLog.name, schema: SyncLogSchema }])],
})
export class SyncModule {}
