import { OdooAnswerLostError, OdooUnavailableError } from './odoo.errors.js';

const USER_AGENT = 'sales-backend odoo-connector';

export interface JsonAnswer {
  status: number;
  body: unknown;
  /** The answer's `Date` header: Odoo's clock when it answered. */
  date: string | null;
}

/**
 * POSTs JSON and parses the JSON answer. Network failures, timeouts, 5xx and answers that are not JSON
 * (a proxy's HTML error page, a body cut short) become OdooUnavailableError, which the client retries.
 * The request body never appears in an error: it holds credentials.
 */
export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string>,
  timeoutMs: number,
  call: string,
): Promise<JsonAnswer> {
  const init = { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
  return requestJson(url, init, timeoutMs, call);
}

export function getJson(url: string, timeoutMs: number, call: string): Promise<JsonAnswer> {
  return requestJson(url, { method: 'GET', headers: {} }, timeoutMs, call);
}

async function requestJson(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  timeoutMs: number,
  call: string,
): Promise<JsonAnswer> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      headers: { accept: 'application/json', 'user-agent': USER_AGENT, ...init.headers },
      signal: AbortSignal.timeout(timeoutMs),
      // Following a redirect would send the credentials in the body to wherever the server points.
      redirect: 'manual',
    });
  } catch (error) {
    const message = `${call}: ${describeNetworkError(error, timeoutMs)}`;
    throw neverSent(error) ? new OdooUnavailableError(message) : new OdooAnswerLostError(message);
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    throw new OdooUnavailableError(`${call}: HTTP ${response.status} redirect, not followed`, undefined, response.status);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new OdooAnswerLostError(`${call}: answer cut short (${describeNetworkError(error, timeoutMs)})`);
  }
  const parsed = parseJson(text);
  if (parsed === undefined) {
    throw new OdooUnavailableError(`${call}: HTTP ${response.status} answer is not JSON (${contentKind(response)})`, undefined, response.status);
  }
  // A 500 with Odoo's error body is an exception in Odoo (mapped by the caller); other 5xx are the server away.
  if (response.status > 500 || (response.status === 500 && !isOdooErrorBody(parsed))) {
    throw new OdooUnavailableError(`${call}: HTTP ${response.status}`, undefined, response.status);
  }
  return { status: response.status, body: parsed, date: response.headers.get('date') };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isOdooErrorBody(body: unknown): boolean {
  return typeof body === 'object' && body !== null && ('name' in body || 'error' in body);
}

function contentKind(response: Response): string {
  return response.headers.get('content-type')?.split(';')[0] ?? 'no content type';
}

/** Failures to reach the server at all: the request cannot have been carried out. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function neverSent(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return code !== undefined && NOT_CONNECTED.has(code);
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
