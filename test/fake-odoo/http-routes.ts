// The HTTP face of the fake: routes, content-type dispatch and error pages as odoo/http.py serves them.
// JSON-RPC answers HTTP 200 even for errors (the error is in the envelope); JSON-2 uses HTTP statuses.
import { dispatchRpc } from './rpc-services.js';
import { handleJson2 } from './json2-service.js';
import type { OdooInstance } from './odoo-instance.js';
import { asOdooError, httpException, httpStatusText, jsonRpcError, type OdooError, typeError } from './odoo-errors.js';
import { rpcVersion, versionInfo, versionString } from './odoo-version.js';
import { bindPython } from './python-arguments.js';

export interface IncomingCall {
  readonly method: string;
  readonly path: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawBody: string;
}

export interface HttpReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What a request is, decided before it is served: faults and call counts need it first. */
export interface RoutedCall {
  readonly route: 'jsonrpc' | 'json2' | 'web-version' | 'version-info' | 'database-list' | 'not-found';
  /** The model and method it calls ("common" and the method for the common service). */
  readonly target?: { readonly model: string; readonly method: string };
  readonly call: IncomingCall;
}

const JSON_RPC_MIMETYPES = ['application/json', 'application/json-rpc'];
const JSON2_PATH = /^\/json\/2\/([^/]+)\/([^/]+)$/;

const mimetypeOf = (call: IncomingCall) => (call.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();

function parseJson(rawBody: string): unknown {
  try {
    return JSON.parse(rawBody) as unknown;
  } catch {
    return undefined;
  }
}

function jsonRpcTarget(call: IncomingCall) {
  const body = parseJson(call.rawBody) as { params?: { service?: unknown; method?: unknown; args?: unknown } } | undefined;
  const params = body?.params;
  if (!params || typeof params !== 'object') return undefined;
  if (params.service === 'object' && Array.isArray(params.args)) {
    const args = params.args as unknown[];
    const method = params.method === 'execute' || params.method === 'execute_kw' ? args[4] : params.method;
    return { model: String(args[3]), method: String(method) };
  }
  return { model: String(params.service), method: String(params.method) };
}

/** Which route serves a request, and which Odoo call it makes. */
export function routeCall(call: IncomingCall, major: number): RoutedCall {
  if (call.path === '/jsonrpc') return { route: 'jsonrpc', target: jsonRpcTarget(call), call };
  const json2 = JSON2_PATH.exec(call.path);
  if (json2 && major >= 19) {
    return { route: 'json2', target: { model: decodeURIComponent(json2[1]), method: decodeURIComponent(json2[2]) }, call };
  }
  if (call.path === '/web/version' && major >= 19) return { route: 'web-version', call };
  if (call.path === '/web/webclient/version_info') return { route: 'version-info', call };
  if (call.path === '/web/database/list') return { route: 'database-list', call };
  return { route: 'not-found', call };
}

/** markupsafe.escape, as werkzeug escapes a description. */
const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll("'", '&#39;').replaceAll('"', '&#34;');

/** werkzeug's HTML error page (HTTPException.get_body). */
function werkzeugPage(status: number, description: string): HttpReply {
  const title = `${status} ${httpStatusText(status)}`;
  const body =
    `<!doctype html>\n<html lang=en>\n<title>${title}</title>\n<h1>${httpStatusText(status)}</h1>\n` +
    `<p>${escapeHtml(description).replaceAll('\n', '<br>')}</p>\n`;
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body };
}

/** Request.make_json_response */
function json(status: number, value: unknown, headers = {}): HttpReply {
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(value) };
}

function jsonRpcReply(id: unknown, outcome: { result: unknown } | { error: OdooError }, major: number): HttpReply {
  // JsonRPCDispatcher._response: {'jsonrpc': '2.0', 'id': id} then 'error' or 'result'.
  const answer = 'error' in outcome ? { error: jsonRpcError(outcome.error, major) } : { result: outcome.result };
  return json(200, { jsonrpc: '2.0', id, ...answer });
}

/**
 * Request._set_request_dispatcher when the Content-Type does not fit the route's type: a 400 BadRequest in
 * 16.0 to 18.0, a 415 UnsupportedMediaType with an Accept header in 19.0.
 */
function wrongContentType(call: IncomingCall, major: number, route: { pattern: string; type: string; accept: string }): HttpReply {
  const jsonRpcCompatible = JSON_RPC_MIMETYPES.includes(mimetypeOf(call));
  const compatible = jsonRpcCompatible ? `['http', '${major >= 19 ? 'jsonrpc' : 'json'}']` : "['http']";
  const message = `Request inferred type is compatible with ${compatible} but '${route.pattern}' is type='${route.type}'.`;
  if (major < 19) return werkzeugPage(400, message);
  const page = werkzeugPage(415, `${message}\n\nPlease verify the Content-Type request header and try again.`);
  return { ...page, headers: { ...page.headers, Accept: route.accept } };
}

/** JsonRPCDispatcher.dispatch: parse the envelope, call the endpoint with the params, wrap the outcome. */
function serveJsonRpc(instance: OdooInstance, call: IncomingCall, endpoint: (params: Record<string, unknown>) => unknown): HttpReply {
  if (!JSON_RPC_MIMETYPES.includes(mimetypeOf(call))) {
    const type = instance.major >= 19 ? 'jsonrpc' : 'json';
    return wrongContentType(call, instance.major, { pattern: call.path, type, accept: JSON_RPC_MIMETYPES.join(', ') });
  }
  const body = parseJson(call.rawBody);
  const plain = (status: number, body: string): HttpReply => ({ status, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body });
  if (body === undefined) return plain(400, 'Invalid JSON data');
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return plain(400, 'Invalid JSON-RPC data');
  const { id = null, params = {} } = body as { id?: unknown; params?: unknown };
  try {
    if (params === null || typeof params !== 'object' || Array.isArray(params)) {
      throw typeError('cannot convert dictionary update sequence element #0 to a sequence');
    }
    return jsonRpcReply(id, { result: endpoint(params as Record<string, unknown>) }, instance.major);
  } catch (thrown) {
    return jsonRpcReply(id, { error: asOdooError(thrown) }, instance.major);
  }
}

const JSONRPC_SIGNATURE = { qualname: 'RPC.jsonrpc', parameters: [{ name: 'service' }, { name: 'method' }, { name: 'args' }] };

/** RPC.jsonrpc(service, method, args) in odoo/addons/base/controllers/rpc.py; route_wrapper drops other params. */
function jsonRpcEndpoint(instance: OdooInstance) {
  return (params: Record<string, unknown>) => {
    const known = Object.fromEntries(Object.entries(params).filter(([name]) => ['service', 'method', 'args'].includes(name)));
    const { values } = bindPython(JSONRPC_SIGNATURE, [], known);
    return dispatchRpc(instance, values.service, values.method, values.args);
  };
}

/** A path no route matches: the HttpDispatcher (the default until a route matches) answers werkzeug's 404 page. */
function notFound(): HttpReply {
  return werkzeugPage(404, httpException(404).description ?? '');
}

/** odoo/http.py (19.0) Request._serve_nodb: no route without a database, and its own 404 page that says so. */
const NO_DATABASE_PAGE =
  '<!DOCTYPE html>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n' +
  '<p>No database is selected and the requested URL was not found in the server-wide controllers.</p>\n' +
  '<p>Please verify the hostname, <a href=/web/login>login</a> and try again.</p>\n\n' +
  '<!-- Alternatively, use the X-Odoo-Database header. -->\n';

function serveJson2(instance: OdooInstance, routed: RoutedCall): HttpReply {
  const { call } = routed;
  const database = call.headers['x-odoo-database'];
  // Another database than ours: its registry does not open, the request is served without a database, where
  // no /json/2 route exists (Request._serve_db -> RegistryError -> _serve_nodb).
  if (database !== undefined && database !== instance.db.name) {
    return { status: 404, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: NO_DATABASE_PAGE };
  }
  if (mimetypeOf(call) !== 'application/json') {
    return wrongContentType(call, instance.major, { pattern: '/json/2/<model>/<method>', type: '/json/2/rpc', accept: 'application/json' });
  }
  const answer = handleJson2(instance, {
    httpMethod: call.method,
    model: routed.target?.model ?? '',
    method: routed.target?.method ?? '',
    authorization: call.headers.authorization,
    rawBody: call.rawBody,
  });
  return json(answer.status, answer.body, answer.headers);
}

export function serveCall(instance: OdooInstance, routed: RoutedCall): HttpReply {
  const { call } = routed;
  switch (routed.route) {
    case 'jsonrpc':
      return serveJsonRpc(instance, call, jsonRpcEndpoint(instance));
    case 'json2':
      return serveJson2(instance, routed);
    case 'web-version':
      // odoo/addons/rpc/controllers/__init__.py (19.0): type='http', plain JSON, no envelope.
      return json(200, {
        version_info: versionInfo(instance.version, instance.enterprise),
        version: versionString(instance.version, instance.enterprise),
      });
    case 'version-info':
      return serveJsonRpc(instance, call, () => rpcVersion(instance.version, instance.enterprise));
    case 'database-list':
      return serveJsonRpc(instance, call, () => [instance.db.name]);
    default:
      return notFound();
  }
}
