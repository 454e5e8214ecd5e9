import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ScheduleModule } from '@nestjs/schedule';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { validateEnvironment } from './config/environment.js';
import { DataLakeModule } from './data-lake/data-lake.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { IntegrationsModule } from './integrations/integrations.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { SalesModule } from './sales/sales.module.js';
import { SyncModule } from './sync/sync.module.js';
import { UsersModule } from './users/users.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

@Module({
  imports: [
    // main.ts loads .env before anything reads the environment; tests never see a developer's .env.
    ConfigModule.forRoot({ isGlobal: true, validate: validateEnvironment, cache: true, ignoreEnvFile: true }),
    LoggingModule,
    ScheduleModule.forRoot(),
    MetricsModule,
    DatabaseModule,
    AuditModule,
    HealthModule,
    AuthModule,
    UsersModule,
    DataLakeModule,
    IntegrationsModule,
    SyncModule,
    WebhooksModule,
    SalesModule,
  ],
})
export class AppModule {}
