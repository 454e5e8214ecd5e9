// Plain-fetch helpers for the fake's own tests: what any HTTP client would send to an Odoo server.
import type { FakeOdooServer } from './fake-odoo-server.js';

/** What JSON.parse returns: tests read parsed bodies freely. */
type Json = ReturnType<typeof JSON.parse>;

export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  readonly headers: Headers;
  /** The parsed body, or undefined when it is not JSON. */
  readonly body: Json;
}

async function answerOf(response: Response): Promise<HttpAnswer> {
  const text = await response.text();
  let body: Json;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, headers: response.headers, body };
}

export async function postRaw(url: string, body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }) {
  return answerOf(await fetch(url, { method: 'POST', headers, body }));
}

/** POST /jsonrpc {"jsonrpc": "2.0", "method": "call", "params": {service, method, args}, "id": id} */
export async function jsonRpc(url: string, service: string, method: string, args: unknown[], id: unknown = 1): Promise<HttpAnswer> {
  const envelope = { jsonrpc: '2.0', method: 'call', params: { service, method, args }, id };
  return postRaw(`${url}/jsonrpc`, JSON.stringify(envelope));
}

/** object.execute_kw as the admin; resolves with the whole answer (result or error envelope). */
export function executeKw(server: FakeOdooServer, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) {
  return jsonRpc(server.url, 'object', 'execute_kw', [server.database, server.uid, server.password, model, method, args, kwargs]);
}

/** The result of an execute_kw that must succeed. */
export async function call(server: FakeOdooServer, model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<Json> {
  const answer = await executeKw(server, model, method, args, kwargs);
  if (answer.body?.error) throw new Error(`${model}.${method}: ${JSON.stringify(answer.body.error.data?.message)}`);
  return answer.body.result;
}

/** POST /json/2/<model>/<method> with the server's API key (or the given headers). */
export function json2(server: FakeOdooServer, model: string, method: string, body: unknown, headers: Record<string, string> = {}) {
  return postRaw(`${server.url}/json/2/${model}/${method}`, JSON.stringify(body), {
    'Content-Type': 'application/json; charset=utf-8',
    Authorization: `bearer ${server.apiKey}`,
    'X-Odoo-Database': server.database,
    ...headers,
  });
}
