// Odoo's exceptions as they reach a client. odoo/http.py serialize_exception() turns one into
// {name: "<module>.<Class>", message: str(exc), arguments: exc.args, context: {}, debug: traceback}.
import { pyRepr } from './python-format.js';

export interface OdooErrorOptions {
  readonly args?: readonly unknown[];
  /** odoo/exceptions.py `http_status` (or a werkzeug code): the status JSON-2 answers with. */
  readonly httpStatus?: number;
  /** werkzeug's `description`, which JSON-2 sends as the message of an HTTP exception. */
  readonly description?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export class OdooError extends Error {
  /** Fully qualified Python class, e.g. "odoo.exceptions.AccessDenied" or "builtins.ValueError". */
  readonly pythonName: string;
  readonly args: readonly unknown[];
  readonly httpStatus: number;
  readonly description: string | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(pythonName: string, message: string, options: OdooErrorOptions = {}) {
    super(message);
    this.name = pythonName.split('.').pop() ?? pythonName;
    this.pythonName = pythonName;
    this.args = options.args ?? [message];
    this.httpStatus = options.httpStatus ?? 500;
    this.description = options.description;
    this.headers = options.headers ?? {};
  }

  get isHttpException(): boolean {
    return this.pythonName.startsWith('werkzeug.exceptions.');
  }
}

// odoo/exceptions.py: AccessDenied() defaults to "Access Denied"; http_status as in Odoo 18+.
export const accessDenied = (message = 'Access Denied') =>
  new OdooError('odoo.exceptions.AccessDenied', message, { httpStatus: 403 });
export const userError = (message: string) => new OdooError('odoo.exceptions.UserError', message, { httpStatus: 422 });
export const accessError = (message: string) =>
  new OdooError('odoo.exceptions.AccessError', message, { httpStatus: 403 });
export const missingError = (message: string) =>
  new OdooError('odoo.exceptions.MissingError', message, { httpStatus: 404 });
export const validationError = (message: string) =>
  new OdooError('odoo.exceptions.ValidationError', message, { httpStatus: 422 });

/** A Python builtin exception (ValueError, TypeError, ...): JSON-2 answers 500 for these. */
export const builtinError = (className: string, message: string) => new OdooError(`builtins.${className}`, message);
export const valueError = (message: string) => builtinError('ValueError', message);
export const typeError = (message: string) => builtinError('TypeError', message);
export const attributeError = (message: string) => builtinError('AttributeError', message);
export const keyError = (key: unknown) => new OdooError('builtins.KeyError', pyRepr(key), { args: [key] });

export const operationalError = (message: string) => new OdooError('psycopg2.OperationalError', message);
/** An error PostgreSQL raised for a statement (psycopg2.errors.<Class>). */
export const postgresError = (className: string, message: string) => new OdooError(`psycopg2.errors.${className}`, message);

/** What libpq says when Odoo opens a registry on a database that does not exist (Odoo's db_host 127.0.0.1). */
export const unknownDatabase = (database: string) =>
  operationalError(`connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "${database}" does not exist\n`);

const HTTP_NAMES: Readonly<Record<number, readonly [string, string]>> = {
  400: ['BadRequest', 'Bad Request'],
  401: ['Unauthorized', 'Unauthorized'],
  403: ['Forbidden', 'Forbidden'],
  404: ['NotFound', 'Not Found'],
  405: ['MethodNotAllowed', 'Method Not Allowed'],
  415: ['UnsupportedMediaType', 'Unsupported Media Type'],
  422: ['UnprocessableEntity', 'Unprocessable Entity'],
  500: ['InternalServerError', 'Internal Server Error'],
};

/** werkzeug's default descriptions (werkzeug/exceptions.py). */
const WERKZEUG_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'The browser (or proxy) sent a request that this server could not understand.',
  404: 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
  405: 'The method is not allowed for the requested URL.',
};

export function httpStatusText(code: number): string {
  return HTTP_NAMES[code]?.[1] ?? 'Error';
}

/** A werkzeug HTTPException: str() is "404 Not Found: <description>", args are empty. */
export function httpException(code: number, description = WERKZEUG_DESCRIPTIONS[code] ?? '', headers = {}): OdooError {
  const [className, title] = HTTP_NAMES[code] ?? ['HTTPException', 'Error'];
  return new OdooError(`werkzeug.exceptions.${className}`, `${code} ${title}: ${description}`, {
    args: [],
    httpStatus: code,
    description,
    headers,
  });
}

/** A plausible traceback for `debug`: clients show it, none parse it. */
function traceback(error: OdooError): string {
  const qualified = error.pythonName.startsWith('builtins.') ? error.pythonName.slice(9) : error.pythonName;
  return (
    'Traceback (most recent call last):\n' +
    '  File "/usr/lib/python3/dist-packages/odoo/http.py", line 1767, in _serve_db\n' +
    '    return service_model.retrying(self._serve_ir_http, self.env)\n' +
    '  File "/usr/lib/python3/dist-packages/odoo/service/model.py", line 133, in retrying\n' +
    '    result = func()\n' +
    `${qualified}: ${error.message}\n`
  );
}

export interface SerializedException {
  name: string;
  debug: string;
  message: string;
  arguments: unknown[];
  context: Record<string, unknown>;
}

/** odoo/http.py serialize_exception() */
function serializeException(error: OdooError): SerializedException {
  return {
    name: error.pythonName,
    debug: traceback(error),
    message: error.message,
    arguments: [...error.args],
    context: {},
  };
}

/**
 * JsonRPCDispatcher.handle_error (odoo/http.py): code 200 in 16.0 to 18.0 ("this code is ignored and the
 * value 200 (while misleading) is totally arbitrary"), 0 in 19.0; 404 and its own message for NotFound.
 */
export function jsonRpcError(error: OdooError, major: number) {
  const notFound = error.pythonName === 'werkzeug.exceptions.NotFound';
  return {
    code: notFound ? 404 : major >= 19 ? 0 : 200,
    message: notFound ? '404: Not Found' : 'Odoo Server Error',
    data: serializeException(error),
  };
}

/**
 * Json2RpcDispatcher.handle_error (addons/web/controllers/json2.py, 19.0): the serialized exception as the
 * body; an HTTP exception sends its description as message and (description, code) as arguments.
 */
export function json2ErrorBody(error: OdooError): SerializedException {
  const body = serializeException(error);
  if (!error.isHttpException) return body;
  const description = error.description ?? error.message;
  return { ...body, message: description, arguments: [description, error.httpStatus] };
}

/** Any thrown value as an OdooError: a bug in the fake reads as an Odoo internal error. */
export function asOdooError(thrown: unknown): OdooError {
  if (thrown instanceof OdooError) return thrown;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return builtinError('RuntimeError', message);
}
