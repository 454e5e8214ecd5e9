import { fromOdooError, OdooAuthenticationError, OdooUnavailableError, type OdooErrorData } from './odoo.errors.js';
import { postJson } from './odoo-http.js';
import { endpoint, type OdooTransport, type TransportContext } from './odoo-transport.js';
import type { OdooVersion } from './odoo.types.js';

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
  private uid: number | undefined;
  private nextId = 1;

  constructor(private readonly context: TransportContext) {}

  version(): Promise<OdooVersion> {
    return this.rpc<OdooVersion>('common', 'version', [], 'common.version');
  }

  async authenticate(): Promise<number> {
    const { database, username, secret } = this.context.connection;
    const uid = await this.rpc<number | false>('common', 'authenticate', [database, username, secret, {}], 'common.authenticate');
    if (!uid) throw new OdooAuthenticationError(`common.authenticate: Odoo refused the login of ${username}`);
    this.uid = uid;
    return uid;
  }

  async call<T>(model: string, method: string, ids: number[] | undefined, kwargs: Record<string, unknown>): Promise<T> {
    const uid = this.uid ?? (await this.authenticate());
    const { database, secret } = this.context.connection;
    const args = ids === undefined ? [] : [ids];
    return this.rpc<T>('object', 'execute_kw', [database, uid, secret, model, method, args, kwargs], `${model}.${method}`);
  }

  private async rpc<T>(service: string, method: string, args: unknown[], call: string): Promise<T> {
    const envelope = { jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: this.nextId++ };
    const { body } = await postJson(endpoint(this.context.connection, 'jsonrpc'), envelope, {}, this.context.timeoutMs, call);
    const answer = body as JsonRpcAnswer;
    if (answer.error) throw fromOdooError(answer.error.data ?? { message: answer.error.message }, call);
    if (!('result' in answer)) throw new OdooUnavailableError(`${call}: answer is not a JSON-RPC response`);
    return answer.result as T;
  }
}
