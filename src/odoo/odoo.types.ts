export type OdooProtocol = 'json-rpc' | 'json-2';

/** How to reach one Odoo database. `secret` is an API key (or, for JSON-RPC, a password). */
export interface OdooConnection {
  url: string;
  database: string;
  username: string;
  secret: string;
  /** `auto` picks JSON-2 on Odoo 19+ and JSON-RPC before. */
  protocol: OdooProtocol | 'auto';
}

export interface OdooClientOptions {
  /** Per request. */
  timeoutMs: number;
  /** Further attempts after a retryable failure. */
  retries: number;
  /** First backoff delay; doubles per attempt, with jitter. */
  retryDelayMs: number;
  /** Requests in flight at once to this Odoo. */
  maxConcurrency: number;
}

/** An Odoo domain in prefix notation: terms `[field, operator, value]` and the operators `&`, `|`, `!`. */
export type OdooDomain = (OdooTerm | '&' | '|' | '!')[];
type OdooTerm = [string, string, unknown];

export type OdooRecord = Record<string, unknown> & { id: number };

export interface OdooVersion {
  server_version: string;
  server_version_info: (string | number)[];
  server_serie: string;
  protocol_version: number;
}

export interface SearchOptions {
  fields?: string[];
  offset?: number;
  limit?: number;
  order?: string;
  context?: Record<string, unknown>;
}

/** Where a keyset page ended: the next page starts after this (write_date, id). */
export interface KeysetCursor {
  writeDate: string;
  id: number;
}
