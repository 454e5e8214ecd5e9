import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EnvironmentVariables } from '../config/environment.js';
import { OdooClient } from './odoo.client.js';
import type { OdooClientOptions, OdooConnection } from './odoo.types.js';

/** Makes Odoo clients with the timeouts, retries and concurrency cap from configuration. */
@Injectable()
export class OdooClientFactory {
  private readonly options: OdooClientOptions;

  constructor(config: ConfigService<EnvironmentVariables, true>) {
    this.options = {
      timeoutMs: config.get('ODOO_TIMEOUT_MS', { infer: true }),
      retries: config.get('ODOO_RETRIES', { infer: true }),
      retryDelayMs: 500,
      maxConcurrency: config.get('ODOO_MAX_CONCURRENCY', { infer: true }),
    };
  }

  create(connection: OdooConnection, overrides: Partial<OdooClientOptions> = {}): OdooClient {
    return new OdooClient(connection, { ...this.options, ...overrides });
  }
}
