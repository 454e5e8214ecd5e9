/**
 * Typed errors of the Odoo connector. Messages carry what Odoo said and which call failed, never a credential.
 */
export class OdooError extends Error {
  /** Worth trying again: the server was unreachable, overloaded or answered garbage. */
  readonly retryable: boolean = false;

  constructor(
    message: string,
    /** Odoo's exception class, e.g. `odoo.exceptions.AccessError`, when Odoo named one. */
    readonly odooName?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Wrong login, password or API key (Odoo's AccessDenied). */
export class OdooAuthenticationError extends OdooError {}

/** Authenticated, but the Odoo user may not do this (Odoo's AccessError). */
export class OdooAccessError extends OdooError {}

/** Odoo refused the request's content: UserError, ValidationError, MissingError, an unknown field. */
export class OdooValidationError extends OdooError {}

/** The model is not installed on this Odoo (e.g. CRM or Employees missing). */
export class OdooMissingModelError extends OdooError {}

/** The database named in the configuration does not exist on this server. */
export class OdooDatabaseNotFoundError extends OdooError {}

/** Unreachable, timed out, 5xx, or an answer that is not Odoo's JSON (an HTML error page, a cut body). */
export class OdooUnavailableError extends OdooError {
  override readonly retryable = true;

  constructor(
    message: string,
    odooName?: string,
    /** The HTTP status, when the server answered at all. */
    readonly status?: number,
  ) {
    super(message, odooName);
  }
}

/**
 * The request reached Odoo but its answer never arrived (no answer in time, cut short, connection dropped):
 * unlike a refused connection or a proxy's error page, Odoo may have carried it out, a write included.
 */
export class OdooAnswerLostError extends OdooUnavailableError {}

/** Odoo answered with an error we do not classify more precisely. */
export class OdooServerError extends OdooError {}

/** Odoo's error payload: `error.data` of a JSON-RPC envelope, or the JSON body of a failed JSON-2 call. */
export interface OdooErrorData {
  name?: string;
  message?: string;
  arguments?: unknown[];
  debug?: string;
}

/** Maps Odoo's exception class names (odoo/exceptions.py) to our typed errors. */
export function fromOdooError(data: OdooErrorData, call: string): OdooError {
  const name = data.name ?? '';
  const message = `${call}: ${data.message ?? 'Odoo error'}`;
  if (name === 'odoo.exceptions.AccessDenied' || name === 'werkzeug.exceptions.Unauthorized') {
    return new OdooAuthenticationError(message, name);
  }
  if (name === 'odoo.exceptions.AccessError' || name === 'werkzeug.exceptions.Forbidden') {
    return new OdooAccessError(message, name);
  }
  if (/database .* does not exist|^KeyError: .*database/i.test(data.message ?? '') || name.endsWith('DatabaseNotFound')) {
    return new OdooDatabaseNotFoundError(message, name);
  }
  if (isMissingModel(name, data.message ?? '')) return new OdooMissingModelError(message, name);
  // Odoo lost its PostgreSQL connection or hit a serialization failure: worth another try.
  if (name.startsWith('psycopg2.')) return new OdooUnavailableError(message, name);
  if (/^odoo\.exceptions\.(UserError|ValidationError|MissingError|RedirectWarning)$/.test(name) || name === 'builtins.ValueError') {
    return new OdooValidationError(message, name);
  }
  return new OdooServerError(message, name);
}

function isMissingModel(name: string, message: string): boolean {
  // JSON-RPC: UserError "Object x.y doesn't exist" (odoo/service/model.py), KeyError 'x.y' before 17;
  // JSON-2: 404 NotFound "the model 'x.y' does not exist".
  return /Object .+ doesn't exist/.test(message) || name === 'builtins.KeyError' || name === 'werkzeug.exceptions.NotFound';
}

/** What kind of failure an Odoo call met, in a few words an operator can count and alert on. */
export type OdooFailureKind = 'unavailable' | 'authentication' | 'access' | 'validation' | 'other';

export function failureKindOf(error: unknown): OdooFailureKind {
  if (error instanceof OdooUnavailableError) return 'unavailable';
  if (error instanceof OdooAuthenticationError) return 'authentication';
  if (error instanceof OdooAccessError) return 'access';
  if (error instanceof OdooValidationError || error instanceof OdooMissingModelError) return 'validation';
  return 'other';
}
