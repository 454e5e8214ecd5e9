import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import type { EnvironmentVariables } from '../config/environment.js';
import { CONNECT_TIMEOUT_MS, HEARTBEAT_FREQUENCY_MS, SERVER_SELECTION_TIMEOUT_MS } from './database.options.js';
import { StalledMonitorWatchdog } from './stalled-monitor.watchdog.js';

/** The one Mongoose connection, to `MONGO_URL` / `DB_NAME`. */
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>) => ({
        uri: config.get('MONGO_URL', { infer: true }),
        dbName: config.get('DB_NAME', { infer: true }),
        serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
        connectTimeoutMS: CONNECT_TIMEOUT_MS,
        heartbeatFrequencyMS: HEARTBEAT_FREQUENCY_MS,
        // Command events cost nothing without listeners; tests count the commands each route and run sends.
        monitorCommands: true,
      }),
    }),
  ],
  providers: [StalledMonitorWatchdog],
})
export class DatabaseModule {}
