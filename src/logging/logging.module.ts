import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { EnvironmentVariables } from '../config/environment.js';
import { loggerParams } from './logger-options.js';

/** Where the log lines are written: standard output; the e2e tests put a stream of their own here. */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');

/** pino as Nest's logger (see configureApp): every `new Logger(context)` of the app writes through it. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      providers: [{ provide: LOG_DESTINATION, useValue: process.stdout }],
      inject: [ConfigService, LOG_DESTINATION],
      useFactory: (config: ConfigService<EnvironmentVariables, true>, destination: DestinationStream) =>
        loggerParams({ LOG_LEVEL: config.get('LOG_LEVEL', { infer: true }), NODE_ENV: config.get('NODE_ENV', { infer: true }) }, destination),
    }),
  ],
})
export class LoggingModule {}
