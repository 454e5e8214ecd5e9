// POST /json/2/<model>/<method> (Odoo 19.0): addons/web/controllers/json2.py WebJson2Controller and
// Json2RpcDispatcher, with the bearer authentication of odoo/addons/base/models/ir_http.py _auth_method_bearer.
import { findMethod, RecordSet, recordIds } from './model-methods.js';
import type { OdooInstance } from './odoo-instance.js';
import { accessError, asOdooError, httpException, json2ErrorBody, type OdooError } from './odoo-errors.js';
import { bindSignature } from './python-arguments.js';

export interface Json2Request {
  readonly httpMethod: string;
  readonly model: string;
  readonly method: string;
  readonly authorization: string | undefined;
  readonly rawBody: string;
}

export interface Json2Response {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

const BEARER = /^bearer\s+(.+)$/i;
const WWW_AUTHENTICATE = { 'WWW-Authenticate': 'Bearer' };

function authenticate(instance: OdooInstance, authorization: string | undefined): number {
  const token = authorization ? BEARER.exec(authorization)?.[1] : undefined;
  if (!token) {
    throw httpException(401, 'User not authenticated, use an API Key with a Bearer Authorization header.', WWW_AUTHENTICATE);
  }
  const uid = instance.apiKeyUser(token);
  if (uid === false) throw httpException(401, 'Invalid apikey', WWW_AUTHENTICATE);
  return uid;
}

/**
 * Json2RpcDispatcher.dispatch: the body's named arguments. Python's json error for a body that does not parse, as
 * "could not parse the body as json: ..." quotes it; a JSON array names no argument (the recorded 19.0 answers
 * a positional `create` with "missing a required argument: 'vals_list'").
 */
function parseBody(rawBody: string): Record<string, unknown> {
  if (rawBody.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    throw httpException(400, 'could not parse the body as json: Expecting value: line 1 column 1 (char 0)');
  }
  if (Array.isArray(parsed)) return {};
  if (parsed === null || typeof parsed !== 'object') throw httpException(400, 'could not parse the body, expecting a json object');
  return parsed as Record<string, unknown>;
}

function callMethod(instance: OdooInstance, uid: number, request: Json2Request, body: Record<string, unknown>): unknown {
  const model = instance.db.model(request.model);
  if (!model) throw httpException(404, `the model '${request.model}' does not exist`);
  if (request.method.startsWith('_')) {
    throw accessError(`Private methods (such as '${model.name}.${request.method}') cannot be called remotely.`);
  }
  const method = findMethod(model, request.method, instance.major);
  if (!method) throw httpException(404, `The method '${model.name}.${request.method}' does not exist`);
  const { ids: rawIds = [], context = {}, ...kwargs } = body;
  const ids = recordIds(rawIds);
  if (method.api !== 'multi' && ids.length > 0) throw httpException(422, `cannot call ${model.name}.${method.name} with ids`);
  let args;
  try {
    args = bindSignature(method.signature, kwargs);
  } catch (error) {
    throw httpException(422, asOdooError(error).message);
  }
  const callContext = context && typeof context === 'object' ? (context as Record<string, unknown>) : {};
  const result = method.run({ db: instance.db, model, uid, context: callContext, ids, args });
  return result instanceof RecordSet ? [...result.ids] : result;
}

/** Serves one JSON-2 call: the result with 200, or the serialized exception with its status. */
export function handleJson2(instance: OdooInstance, request: Json2Request): Json2Response {
  try {
    const uid = authenticate(instance, request.authorization);
    if (request.httpMethod !== 'POST') throw httpException(405);
    const body = parseBody(request.rawBody);
    instance.throwArmedFailure();
    return { status: 200, body: callMethod(instance, uid, request, body), headers: {} };
  } catch (thrown) {
    const error: OdooError = asOdooError(thrown);
    return { status: error.httpStatus, body: json2ErrorBody(error), headers: error.headers };
  }
}
