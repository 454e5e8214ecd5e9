import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DataLakeRecord, DataLakeRecordSchema } from '../data-lake/schemas/data-lake-record.schema.js';
import { IntegrationsModule } from '../integrations/integrations.module.js';
import { OdooModule } from '../odoo/odoo.module.js';
import { SyncModule } from '../sync/sync.module.js';
import { AccountsController } from './accounts/accounts.controller.js';
import { AccountsService } from './accounts/accounts.service.js';
import { ActivitiesController } from './activities/activities.controller.js';
import { ActivitiesService } from './activities/activities.service.js';
import { LakeReader } from './common/lake-reader.service.js';
import { ReadLimiter } from './common/read-limiter.js';
import { DashboardController } from './dashboard/dashboard.controller.js';
import { DashboardService } from './dashboard/dashboard.service.js';
import { OpportunitiesController } from './opportunities/opportunities.controller.js';
import { OpportunitiesService } from './opportunities/opportunities.service.js';
import { OpportunityCreator } from './opportunities/opportunity-creator.service.js';
import { ReceivablesController } from './receivables/receivables.controller.js';
import { ReceivablesService } from './receivables/receivables.service.js';
import { SalesRollup, SalesRollupSchema, SalesRollupState, SalesRollupStateSchema } from './rollups/sales-rollup.schema.js';
import { SalesRollupsService } from './rollups/sales-rollups.service.js';
import { VisibilityService } from './visibility/visibility.service.js';

/**
 * The seed's Sales & Dashboard routes, scoped to what the caller may see. Reads `data_lake_serving` (read
 * only, through LakeReader) and the dashboard's sums in `sales_rollups`; writes only through Odoo and the sync's
 * own path (POST /opportunities).
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: DataLakeRecord.name, schema: DataLakeRecordSchema },
      { name: SalesRollup.name, schema: SalesRollupSchema },
      { name: SalesRollupState.name, schema: SalesRollupStateSchema },
    ]),
    IntegrationsModule,
    OdooModule,
    SyncModule,
  ],
  controllers: [OpportunitiesController, DashboardController, ReceivablesController, AccountsController, ActivitiesController],
  providers: [ReadLimiter, LakeReader, VisibilityService, OpportunitiesService, OpportunityCreator, DashboardService, SalesRollupsService, ReceivablesService, AccountsService, ActivitiesService],
})
export class SalesModule {}
