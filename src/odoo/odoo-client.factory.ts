import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import pLimit, { type LimitFunction } from 'p-limit';
import type { EnvironmentVariables } from '../config/environment.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { OdooClient, type OdooCallObserver, type OdooCallOptions } from './odoo.client.js';
import type { OdooConnection } from './odoo.types.js';

/**
 * Odoo clients with the timeouts and retries from configuration, all under one cap of requests in flight
 * (`ODOO_MAX_CONCURRENCY` for the whole instance). The saved connection has one shared client, so the sync,
 * webhooks, opportunity creation and the connection test use one authenticated session; a changed connection
 * gets a new one. Every client tells the metrics about its calls.
 */
@Injectable()
export class OdooClientFactory {
  private readonly options: OdooCallOptions & { observer: OdooCallObserver };
  private readonly limit: LimitFunction;
  private current: { key: string; client: OdooClient } | undefined;

  constructor(config: ConfigService<EnvironmentVariables, true>, metrics: MetricsService) {
    this.options = {
      timeoutMs: config.get('ODOO_TIMEOUT_MS', { infer: true }),
      retries: config.get('ODOO_RETRIES', { infer: true }),
      retryDelayMs: 500,
      observer: metrics.odooCallEnded,
    };
    this.limit = pLimit(config.get('ODOO_MAX_CONCURRENCY', { infer: true }));
  }

  /** The shared client of a saved connection. */
  shared(connection: OdooConnection): OdooClient {
    const key = keyOf(connection);
    if (this.current?.key !== key) this.current = { key, client: this.create(connection) };
    return this.current.client;
  }

  /** A client of its own, e.g. to try a connection before it is saved; `adopt` makes it the shared one. */
  create(connection: OdooConnection): OdooClient {
    return new OdooClient(connection, this.options, this.limit);
  }

  /** Makes a client that proved a connection the shared client of that connection, session and all. */
  adopt(connection: OdooConnection, client: OdooClient): void {
    this.current = { key: keyOf(connection), client: client.with(this.options) };
  }
}

/** Tells connections apart without keeping the secret itself as a key. */
function keyOf(connection: OdooConnection): string {
  const { url, database, username, protocol, secret } = connection;
  return createHash('sha256').update(JSON.stringify([url, database, username, protocol, secret])).digest('hex');
}
