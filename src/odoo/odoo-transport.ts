import type { OdooConnection, OdooVersion } from './odoo.types.js';

/**
 * A method's arguments, split as Odoo's external APIs take them: `leading` are the parameters a method cannot do
 * without (the domain of `search`, the ids of `read`, the values of `create`), in the method's order; `optional`
 * are the keyword-only ones (fields, limit, context...). JSON-RPC sends the leading ones positionally, because
 * `api.call_kw` takes some of them only from there; JSON-2 sends everything by name.
 */
export interface OdooArguments {
  leading: Record<string, unknown>;
  optional: Record<string, unknown>;
}

/** One way of talking to Odoo: JSON-RPC (Odoo 16-18, still served by 19) or JSON-2 (Odoo 19+). */
export interface OdooTransport {
  readonly protocol: 'json-rpc' | 'json-2';
  version(timeoutMs: number): Promise<OdooVersion>;
  /** The uid of the configured user; throws OdooAuthenticationError when the credentials are refused. */
  authenticate(timeoutMs: number): Promise<number>;
  /** Calls `model.method` as the user `uid` (JSON-RPC names it; JSON-2's API key already is the user). */
  call<T>(model: string, method: string, uid: number, args: OdooArguments, timeoutMs: number): Promise<T>;
}

export function endpoint(connection: OdooConnection, path: string): string {
  return new URL(path, connection.url.endsWith('/') ? connection.url : `${connection.url}/`).href;
}
