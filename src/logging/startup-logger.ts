import type { LoggerService } from '@nestjs/common';
import { Logger, PinoLogger } from 'nestjs-pino';
import type { EnvironmentVariables } from '../config/environment.js';
import { loggerParams } from './logger-options.js';

/**
 * Nest's logger before the app exists: the local database starting, or the app failing to start. nestjs-pino keeps
 * one root logger per process, made from the first parameters it is given: these, the same LoggingModule derives
 * from the same environment, so the app's own lines look the same and go the same way.
 */
export function startupLogger(env: Pick<EnvironmentVariables, 'LOG_LEVEL' | 'NODE_ENV'>): LoggerService {
  const params = loggerParams(env, process.stdout);
  return new Logger(new PinoLogger(params), params);
}
