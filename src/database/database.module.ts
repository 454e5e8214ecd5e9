import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import type { EnvironmentVariables } from '../config/environment.js';

/** The one Mongoose connection, to `MONGO_URL` / `DB_NAME`. */
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>) => ({
        uri: config.get('MONGO_URL', { infer: true }),
        dbName: config.get('DB_NAME', { infer: true }),
        // Fail a request within seconds while the database is away, instead of the driver's 30 s default.
        serverSelectionTimeoutMS: 5_000,
      }),
    }),
  ],
})
export class DatabaseModule {}
