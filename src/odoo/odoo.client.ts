import { Logger } from '@nestjs/common';
import pLimit, { type LimitFunction } from 'p-limit';
import pRetry, { AbortError } from 'p-retry';
import { keysetPages, type KeysetPage } from './keyset-pager.js';
import { failureKindOf, OdooAuthenticationError, OdooError, type OdooFailureKind } from './odoo.errors.js';
import { OdooSession } from './odoo-session.js';
import type { OdooArguments, OdooTransport } from './odoo-transport.js';
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

/** What a caller may tune per use of a shared client; the concurrency cap stays the instance's. */
export type OdooCallOptions = Pick<OdooClientOptions, 'timeoutMs' | 'retries' | 'retryDelayMs'>;

/** Told how each attempt at a model method ended and how long it took (the metrics). */
export type OdooCallObserver = (call: { model: string; method: string; outcome: 'ok' | OdooFailureKind; seconds: number }) => void;

/**
 * A typed Odoo client over JSON-RPC or JSON-2: retries what may succeed later (network, 5xx, garbage) with
 * exponential backoff and jitter, never authentication or validation errors; caps requests in flight. It
 * authenticates once per session, and again only when Odoo refuses the uid or key.
 */
export class OdooClient {
  private readonly logger = new Logger('Odoo');
  private readonly session: OdooSession;
  private readonly limit: LimitFunction;

  constructor(
    connection: OdooConnection | OdooSession,
    private readonly options: OdooCallOptions & Partial<Pick<OdooClientOptions, 'maxConcurrency'>> & { observer?: OdooCallObserver },
    limit?: LimitFunction,
  ) {
    this.session = connection instanceof OdooSession ? connection : new OdooSession(connection);
    this.limit = limit ?? pLimit(options.maxConcurrency ?? 4);
  }

  /** The same session and concurrency cap, other timeouts or retries (e.g. a person waiting, or a create never retried). */
  with(overrides: Partial<OdooCallOptions>): OdooClient {
    return new OdooClient(this.session, { ...this.options, ...overrides }, this.limit);
  }

  /** Odoo's clock as of its newest answer (see OdooServerTime); null before any. */
  serverTime(): Date | null {
    return this.session.serverTime.latest;
  }

  async protocol(): Promise<OdooProtocol> {
    return (await this.transport()).protocol;
  }

  async version(): Promise<OdooVersion> {
    return this.withRetry({ method: 'version' }, async () => {
      const transport = await this.transport();
      return this.limit(() => transport.version(this.options.timeoutMs));
    });
  }

  /** Authenticates now, even if the session already has a uid: checks that the credentials still work. */
  async authenticate(): Promise<number> {
    return this.withRetry({ method: 'authenticate' }, async () => this.session.authenticate(await this.transport(), this.limit, this.options.timeoutMs));
  }

  /** The session's uid, authenticating only if it has none yet. */
  async uid(): Promise<number> {
    return this.withRetry({ method: 'authenticate' }, async () => this.session.uidOf(await this.transport(), this.limit, this.options.timeoutMs));
  }

  search(model: string, domain: OdooDomain, options: Omit<SearchOptions, 'fields'> = {}): Promise<number[]> {
    return this.call(model, 'search', { leading: { domain }, optional: { ...options } });
  }

  searchRead(model: string, domain: OdooDomain, options: SearchOptions = {}): Promise<OdooRecord[]> {
    return this.call(model, 'search_read', { leading: { domain }, optional: { ...options } });
  }

  searchCount(model: string, domain: OdooDomain, context?: Record<string, unknown>): Promise<number> {
    return this.call(model, 'search_count', { leading: { domain }, optional: { ...(context && { context }) } });
  }

  read(model: string, ids: number[], fields?: string[], context?: Record<string, unknown>): Promise<OdooRecord[]> {
    return this.call(model, 'read', { leading: { ids }, optional: { ...(fields && { fields }), ...(context && { context }) } });
  }

  /** `create` is `@api.model_create_multi`: over JSON-RPC Odoo takes its values only positionally. */
  async create(model: string, values: Record<string, unknown>, context?: Record<string, unknown>): Promise<number> {
    const ids = await this.call<number[] | number>(model, 'create', { leading: { vals_list: [values] }, optional: { ...(context && { context }) } });
    return Array.isArray(ids) ? ids[0] : ids;
  }

  fieldsGet(model: string, attributes = ['string', 'type', 'relation', 'required', 'readonly']) {
    return this.call<Record<string, Record<string, unknown>>>(model, 'fields_get', { leading: {}, optional: { attributes } });
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

  private call<T>(model: string, method: string, args: OdooArguments): Promise<T> {
    return this.withRetry({ model, method }, this.observed(model, method, async () => {
      const transport = await this.transport();
      const uid = this.session.uidOf(transport, this.limit, this.options.timeoutMs);
      const send = (id: number) => this.limit(() => transport.call<T>(model, method, id, args, this.options.timeoutMs));
      const id = await uid;
      try {
        return await send(id);
      } catch (error) {
        // A uid from before Odoo's database was restored, or a key since renewed: authenticate once more.
        if (!(error instanceof OdooAuthenticationError)) throw error;
        this.session.forgetUid(uid);
        return send(await this.session.uidOf(transport, this.limit, this.options.timeoutMs));
      }
    }));
  }

  /** The attempt, telling the observer how each try ended and how long it took (waiting for a free slot included). */
  private observed<T>(model: string, method: string, attempt: () => Promise<T>): () => Promise<T> {
    return async () => {
      const started = performance.now();
      let outcome: 'ok' | OdooFailureKind = 'ok';
      try {
        return await attempt();
      } catch (error) {
        outcome = failureKindOf(error);
        throw error;
      } finally {
        this.options.observer?.({ model, method, outcome, seconds: (performance.now() - started) / 1000 });
      }
    };
  }

  private transport(): Promise<OdooTransport> {
    return this.session.transportOf(this.limit, this.options.timeoutMs);
  }

  /** `call` names what is tried: a model's method, or `version` and `authenticate`, which have no model. */
  private withRetry<T>(call: { model?: string; method: string }, attempt: () => Promise<T>): Promise<T> {
    return pRetry(
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
          if (retriesLeft > 0) {
            const name = call.model ? `${call.model}.${call.method}` : call.method;
            const msg = `${name} failed (attempt ${attemptNumber}), retrying: ${error.message}`;
            this.logger.warn({ msg, ...call, attempt: attemptNumber, error: error.message });
          }
        },
      },
    );
  }
}
