import { fromOdooError, OdooDatabaseNotFoundError, OdooUnavailableError, type OdooErrorData } from './odoo.errors.js';
import { getJson, postJson } from './odoo-http.js';
import type { OdooServerTime } from './odoo-server-time.js';
import { endpoint, type OdooArguments, type OdooTransport } from './odoo-transport.js';
import type { OdooConnection, OdooVersion } from './odoo.types.js';
import { RES_USERS } from './odoo-models.js';

/**
 * Odoo 19's external JSON-2 API (odoo/documentation, developer/reference/external_api.rst):
 * POST /json/2/<model>/<method> with named arguments, `Authorization: bearer <API key>`, the database in
 * `X-Odoo-Database`; 200 with the result, or 4xx/5xx with `{ name, message, arguments, context, debug }`.
 */
export class OdooJson2Transport implements OdooTransport {
  readonly protocol = 'json-2' as const;

  constructor(
    private readonly connection: OdooConnection,
    private readonly serverTime: OdooServerTime,
  ) {}

  async version(timeoutMs: number): Promise<OdooVersion> {
    const { body } = await getJson(endpoint(this.connection, 'web/version'), timeoutMs, 'web/version');
    const { version, version_info } = body as { version: string; version_info: (string | number)[] };
    return { server_version: version, server_version_info: version_info, server_serie: version, protocol_version: 1 };
  }

  /** JSON-2 has no login: the API key is the user. `res.users.context_get` tells whose it is. */
  async authenticate(timeoutMs: number): Promise<number> {
    const context = await this.call<{ uid?: number }>(RES_USERS, 'context_get', 0, { leading: {}, optional: {} }, timeoutMs);
    if (typeof context.uid !== 'number') throw new OdooUnavailableError('res.users.context_get: no uid in the answer');
    return context.uid;
  }

  async call<T>(model: string, method: string, _uid: number, { leading, optional }: OdooArguments, timeoutMs: number): Promise<T> {
    const { connection } = this;
    const call = `${model}.${method}`;
    const headers = { authorization: `bearer ${connection.secret}`, 'x-odoo-database': connection.database };
    const url = endpoint(connection, `json/2/${encodeURIComponent(model)}/${encodeURIComponent(method)}`);
    const noDatabase = () => new OdooDatabaseNotFoundError(`${call}: no database "${connection.database}" serves /json/2 here`);
    const { status, body, date } = await postJson(url, { ...leading, ...optional }, headers, timeoutMs, call).catch((error: unknown) => {
      // With no such database no route serves /json/2, and Odoo answers werkzeug's 404 page.
      throw error instanceof OdooUnavailableError && error.status === 404 ? noDatabase() : error;
    });
    this.serverTime.saw(date);
    if (isJsonRpcEnvelope(body)) throw noDatabase();
    if (status !== 200) throw fromOdooError(body as OdooErrorData, call);
    return body as T;
  }
}

function isJsonRpcEnvelope(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { jsonrpc?: unknown }).jsonrpc === '2.0';
}
