import type { LimitFunction } from 'p-limit';
import { OdooJsonRpcTransport } from './odoo-json-rpc.transport.js';
import { OdooJson2Transport } from './odoo-json2.transport.js';
import { OdooServerTime } from './odoo-server-time.js';
import type { OdooTransport } from './odoo-transport.js';
import type { OdooConnection } from './odoo.types.js';

/** The Odoo version from which JSON-2 is served. */
const JSON2_SINCE_MAJOR = 19;

/**
 * What every client of one connection shares: the transport the server's version chose and the authenticated uid,
 * each found once (Odoo hashes an API key on every `authenticate`, which takes hundreds of milliseconds) and found
 * again only after a failure.
 */
export class OdooSession {
  private transport: Promise<OdooTransport> | undefined;
  private uid: Promise<number> | undefined;
  readonly serverTime = new OdooServerTime();

  constructor(readonly connection: OdooConnection) {}

  transportOf(limit: LimitFunction, timeoutMs: number): Promise<OdooTransport> {
    this.transport ??= forgetOnFailure(this.pickTransport(limit, timeoutMs), () => (this.transport = undefined));
    return this.transport;
  }

  /** The uid, authenticating first when there is none yet. */
  uidOf(transport: OdooTransport, limit: LimitFunction, timeoutMs: number): Promise<number> {
    this.uid ??= forgetOnFailure(
      limit(() => transport.authenticate(timeoutMs)),
      () => (this.uid = undefined),
    );
    return this.uid;
  }

  /** Authenticates now, whatever the session holds: a check that the credentials still work. */
  authenticate(transport: OdooTransport, limit: LimitFunction, timeoutMs: number): Promise<number> {
    this.uid = undefined;
    return this.uidOf(transport, limit, timeoutMs);
  }

  /** Drops the uid (Odoo refused it), so the next call authenticates again; a newer uid is kept. */
  forgetUid(stale: Promise<number>): void {
    if (this.uid === stale) this.uid = undefined;
  }

  private async pickTransport(limit: LimitFunction, timeoutMs: number): Promise<OdooTransport> {
    if (this.connection.protocol === 'json-rpc') return new OdooJsonRpcTransport(this.connection, this.serverTime);
    if (this.connection.protocol === 'json-2') return new OdooJson2Transport(this.connection, this.serverTime);
    const rpc = new OdooJsonRpcTransport(this.connection, this.serverTime);
    const major = Number((await limit(() => rpc.version(timeoutMs))).server_version_info[0]);
    return major >= JSON2_SINCE_MAJOR ? new OdooJson2Transport(this.connection, this.serverTime) : rpc;
  }
}

function forgetOnFailure<T>(promise: Promise<T>, forget: () => void): Promise<T> {
  return promise.catch((error: unknown) => {
    forget();
    throw error;
  });
}
