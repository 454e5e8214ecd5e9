import { Logger } from '@nestjs/common';
import pLimit, { type LimitFunction } from 'p-limit';
import pRetry, { AbortError } from 'p-retry';
import { keysetPages, type KeysetPage } from './keyset-pager.js';
import { OdooError } from './odoo.errors.js';
import { OdooJsonRpcTransport } from './odoo-json-rpc.transport.js';
import { OdooJson2Transport } from './odoo-json2.transport.js';
import type { OdooTransport, TransportContext } from './odoo-transport.js';
import type {
  KeysetCursor,
  OdooClientOptions,
  OdooConnection,
  OdooDomain,
  OdooProtocol,
  OdooRecord,
  OdooVersion,
  SearchOptions,
} from './odoo.types.js';

/** The Odoo version from which JSON-2 is served. */
const JSON2_SINCE_MAJOR = 19;

/**
 * A typed Odoo client over JSON-RPC or JSON-2: retries what may succeed later (network, 5xx, garbage) with
 * exponential backoff and jitter, never authentication or validation errors; caps requests in flight.
 */
export class OdooClient {
  private readonly logger = new Logger('Odoo');
  private readonly limit: LimitFunction;
  private transport: Promise<OdooTransport> | undefined;

  constructor(
    private readonly connection: OdooConnection,
    private readonly options: OdooClientOptions,
  ) {
    this.limit = pLimit(options.maxConcurrency);
  }

  async protocol(): Promise<OdooProtocol> {
    return (await this.resolveTransport()).protocol;
  }

  async version(): Promise<OdooVersion> {
    return this.withRetry('version', async () => (await this.resolveTransport()).version());
  }

  async authenticate(): Promise<number> {
    return this.withRetry('authenticate', async () => (await this.resolveTransport()).authenticate());
  }

  search(model: string, domain: OdooDomain, options: Omit<SearchOptions, 'fields'> = {}): Promise<number[]> {
    return this.call(model, 'search', undefined, { domain, ...options });
  }

  searchRead(model: string, domain: OdooDomain, options: SearchOptions = {}): Promise<OdooRecord[]> {
    return this.call(model, 'search_read', undefined, { domain, ...options });
  }

  searchCount(model: string, domain: OdooDomain, context?: Record<string, unknown>): Promise<number> {
    return this.call(model, 'search_count', undefined, { domain, ...(context && { context }) });
  }

  read(model: string, ids: number[], fields?: string[], context?: Record<string, unknown>): Promise<OdooRecord[]> {
    return this.call(model, 'read', ids, { ...(fields && { fields }), ...(context && { context }) });
  }

  async create(model: string, values: Record<string, unknown>, context?: Record<string, unknown>): Promise<number> {
    const ids = await this.call<number[] | number>(model, 'create', undefined, { vals_list: [values], ...(context && { context }) });
    return Array.isArray(ids) ? ids[0] : ids;
  }

  write(model: string, ids: number[], values: Record<string, unknown>): Promise<boolean> {
    return this.call(model, 'write', ids, { vals: values });
  }

  fieldsGet(model: string, attributes = ['string', 'type', 'relation', 'required', 'readonly']) {
    return this.call<Record<string, Record<string, unknown>>>(model, 'fields_get', undefined, { attributes });
  }

  /** Pages through a model by write_date, archived records included if the context says so (see keysetPages). */
  pages(
    model: string,
    options: { domain?: OdooDomain; fields: string[]; pageSize: number; after?: KeysetCursor; context?: Record<string, unknown> },
  ): AsyncGenerator<KeysetPage> {
    const fields = [...new Set([...options.fields, 'write_date'])];
    const read = (domain: OdooDomain, order: string) =>
      this.searchRead(model, domain, { fields, order, limit: options.pageSize, context: options.context });
    return keysetPages(read, options.domain ?? [], options.pageSize, options.after);
  }

  private call<T>(model: string, method: string, ids: number[] | undefined, kwargs: Record<string, unknown>): Promise<T> {
    return this.withRetry(`${model}.${method}`, async () => (await this.resolveTransport()).call<T>(model, method, ids, kwargs));
  }

  private withRetry<T>(call: string, attempt: () => Promise<T>): Promise<T> {
    return this.limit(() =>
      pRetry(
        async () => {
          try {
            return await attempt();
          } catch (error) {
            if (error instanceof OdooError && !error.retryable) throw new AbortError(error);
            throw error;
          }
        },
        {
          retries: this.options.retries,
          minTimeout: this.options.retryDelayMs,
          factor: 2,
          randomize: true,
          onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
            if (retriesLeft > 0) this.logger.warn(`${call} failed (attempt ${attemptNumber}), retrying: ${error.message}`);
          },
        },
      ),
    );
  }

  private resolveTransport(): Promise<OdooTransport> {
    this.transport ??= this.pickTransport().catch((error: unknown) => {
      this.transport = undefined;
      throw error;
    });
    return this.transport;
  }

  private async pickTransport(): Promise<OdooTransport> {
    const context: TransportContext = { connection: this.connection, timeoutMs: this.options.timeoutMs };
    if (this.connection.protocol === 'json-rpc') return new OdooJsonRpcTransport(context);
    if (this.connection.protocol === 'json-2') return new OdooJson2Transport(context);
    const rpc = new OdooJsonRpcTransport(context);
    const major = Number((await rpc.version()).server_version_info[0]);
    return major >= JSON2_SINCE_MAJOR ? new OdooJson2Transport(context) : rpc;
  }
}
