import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DataLakeModule } from '../data-lake/data-lake.module.js';
import { IntegrationsModule } from '../integrations/integrations.module.js';
import { EntitySyncService } from './entity-sync.service.js';
import { RecordSync } from './record-sync.service.js';
import { SyncLease, SyncLeaseSchema } from './schemas/sync-lease.schema.js';
import { SyncLog, SyncLogSchema } from './schemas/sync-log.schema.js';
import { SyncState, SyncStateSchema } from './schemas/sync-state.schema.js';
import { SyncController } from './sync.controller.js';
import { SyncEvents } from './sync-events.js';
import { SyncHealthService } from './sync-health.service.js';
import { SyncLeaseService } from './sync-lease.service.js';
import { SyncLogsService } from './sync-logs.service.js';
import { SyncLookupsService } from './sync-lookups.service.js';
import { SyncRunner } from './sync-runner.service.js';
import { SyncScheduler } from './sync-scheduler.service.js';
import { SyncStateService } from './sync-state.service.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: SyncLog.name, schema: SyncLogSchema },
      { name: SyncState.name, schema: SyncStateSchema },
      { name: SyncLease.name, schema: SyncLeaseSchema },
    ]),
    DataLakeModule,
    IntegrationsModule,
  ],
  controllers: [SyncController],
  providers: [
    SyncLogsService,
    SyncStateService,
    SyncLeaseService,
    EntitySyncService,
    SyncRunner,
    SyncScheduler,
    SyncHealthService,
    SyncLookupsService,
    SyncEvents,
    RecordSync,
  ],
  exports: [SyncRunner, RecordSync, SyncEvents],
})
export class SyncModule {}
