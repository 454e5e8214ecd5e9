import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DataLakeModule } from '../data-lake/data-lake.module.js';
import { IntegrationsModule } from '../integrations/integrations.module.js';
import { OdooModule } from '../odoo/odoo.module.js';
import { SyncModule } from '../sync/sync.module.js';
import { AccountsController } from './accounts/accounts.controller.js';
import { AccountsService } from './accounts/accounts.service.js';
import { ActivitiesController } from './activities/activities.controller.js';
import { ActivitiesService } from './activities/activities.service.js';
import { DashboardController } from './dashboard/dashboard.controller.js';
import { DashboardService } from './dashboard/dashboard.service.js';
import { OpportunitiesController } from './opportunities/opportunities.controller.js';
import { OpportunitiesService } from './opportunities/opportunities.service.js';
import { OpportunityCreator } from './opportunities/opportunity-creator.service.js';
import { ReceivablesController } from './receivables/receivables.controller.js';
import { ReceivablesService } from './receivables/receivables.service.js';
import { SalesRollup, SalesRollupSchema, SalesRollupState, SalesRollupStateSchema } from './rollups/schemas/sales-rollup.schema.js';
import { SalesRollupsService } from './rollups/sales-rollups.service.js';
import { VisibilityService } from './visibility/visibility.service.js';

/**
 * The seed's Sales & Dashboard routes, scoped to what the caller may see. Reads `data_lake_serving` (through
 * data-lake's LakeReader) and the dashboard's sums in `sales_rollups`; writes only through Odoo and the sync's
 * own path (POST /opportunities).
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: SalesRollup.name, schema: SalesRollupSchema },
      { name: SalesRollupState.name, schema: SalesRollupStateSchema },
    ]),
    DataLakeModule,
    IntegrationsModule,
    OdooModule,
    SyncModule,
  ],
  controllers: [OpportunitiesController, DashboardController, ReceivablesController, AccountsController, ActivitiesController],
  providers: [VisibilityService, OpportunitiesService, OpportunityCreator, DashboardService, SalesRollupsService, ReceivablesService, AccountsService, ActivitiesService],
})
export class SalesModule {}
