import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import pLimit, { type LimitFunction } from 'p-limit';
import type { EnvironmentVariables } from '../config/environment.js';

/**
 * At most LAKE_READ_CONCURRENCY database reads of the sales routes in flight at once on this instance; the
 * others wait their turn. A burst of requests then queues here instead of taking every database connection.
 */
@Injectable()
export class ReadLimiter {
  private readonly limit: LimitFunction;

  constructor(config: ConfigService<EnvironmentVariables, true>) {
    this.limit = pLimit(config.get('LAKE_READ_CONCURRENCY', { infer: true }));
  }

  run<T>(read: () => Promise<T>): Promise<T> {
    return this.limit(read);
  }
}
