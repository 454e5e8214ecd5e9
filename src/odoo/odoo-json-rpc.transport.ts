import { fromOdooError, OdooAuthenticationError, OdooUnavailableError, type OdooErrorData } from './odoo.errors.js';
import { postJson } from './odoo-http.js';
import type { OdooServerTime } from './odoo-server-time.js';
import { endpoint, type OdooArguments, type OdooTransport } from './odoo-transport.js';
import type { OdooConnection, OdooVersion } from './odoo.types.js';

interface JsonRpcAnswer {
  result?: unknown;
  error?: { code?: number; message?: string; data?: OdooErrorData };
}

/**
 * Odoo's external JSON-RPC API: POST /jsonrpc, services `common` (version, authenticate) and `object`
 * (`execute_kw(db, uid, password, model, method, args, kwargs)`), as in odoo/http.py and odoo/service/.
 */
export class OdooJsonRpcTransport implements OdooTransport {
  readonly protocol = 'json-rpc' as const;
  private nextId = 1;

  constructor(
    private readonly connection: OdooConnection,
    private readonly serverTime: OdooServerTime,
  ) {}

  version(timeoutMs: number): Promise<OdooVersion> {
    return this.rpc<OdooVersion>('common', 'version', [], 'common.version', timeoutMs);
  }

  async authenticate(timeoutMs: number): Promise<number> {
    const { database, username, secret } = this.connection;
    const uid = await this.rpc<number | false>('common', 'authenticate', [database, username, secret, {}], 'common.authenticate', timeoutMs);
    if (!uid) throw new OdooAuthenticationError(`common.authenticate: Odoo refused the login of ${username}`);
    return uid;
  }

  call<T>(model: string, method: string, uid: number, { leading, optional }: OdooArguments, timeoutMs: number): Promise<T> {
    const { database, secret } = this.connection;
    const params = [database, uid, secret, model, method, Object.values(leading), optional];
    return this.rpc<T>('object', 'execute_kw', params, `${model}.${method}`, timeoutMs);
  }

  private async rpc<T>(service: string, method: string, args: unknown[], call: string, timeoutMs: number): Promise<T> {
    const envelope = { jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: this.nextId++ };
    const { body, date } = await postJson(endpoint(this.connection, 'jsonrpc'), envelope, {}, timeoutMs, call);
    this.serverTime.saw(date);
    const answer = body as JsonRpcAnswer;
    if (answer.error) throw fromOdooError(answer.error.data ?? { message: answer.error.message }, call);
    if (!('result' in answer)) throw new OdooUnavailableError(`${call}: answer is not a JSON-RPC response`);
    return answer.result as T;
  }
}
