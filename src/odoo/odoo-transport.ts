import type { OdooConnection, OdooVersion } from './odoo.types.js';

/** One way of talking to Odoo: JSON-RPC (Odoo 16-18, still served by 19) or JSON-2 (Odoo 19+). */
export interface OdooTransport {
  readonly protocol: 'json-rpc' | 'json-2';
  version(): Promise<OdooVersion>;
  /** The uid of the configured user; throws OdooAuthenticationError when the credentials are refused. */
  authenticate(): Promise<number>;
  /** Calls `model.method` on the records `ids` (when the method works on records) with named arguments. */
  call<T>(model: string, method: string, ids: number[] | undefined, kwargs: Record<string, unknown>): Promise<T>;
}

export interface TransportContext {
  connection: OdooConnection;
  timeoutMs: number;
}

export function endpoint(connection: OdooConnection, path: string): string {
  return new URL(path, connection.url.endsWith('/') ? connection.url : `${connection.url}/`).href;
}
