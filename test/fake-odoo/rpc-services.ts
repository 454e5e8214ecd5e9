// The `common` and `object` services behind POST /jsonrpc (odoo/http.py dispatch_rpc):
// odoo/service/common.py (version, login, authenticate) and odoo/service/model.py + odoo/api.py call_kw
// (execute_kw(db, uid, password, model, method, args, kwargs)).
import { findMethod, RecordSet, recordIds } from './model-methods.js';
import type { OdooInstance } from './odoo-instance.js';
import { accessError, attributeError, builtinError, keyError, typeError, userError, valueError } from './odoo-errors.js';
import { rpcVersion } from './odoo-version.js';
import { discardRecords } from './orm-write.js';
import { bindPython, type Signature } from './python-arguments.js';
import { pyRepr, pyTypeName } from './python-format.js';

const COMMON_SIGNATURES: Readonly<Record<string, Signature>> = {
  version: { qualname: 'exp_version', parameters: [] },
  about: { qualname: 'exp_about', parameters: [{ name: 'extended', default: false }] },
  login: { qualname: 'exp_login', parameters: [{ name: 'db' }, { name: 'login' }, { name: 'password' }] },
  authenticate: {
    qualname: 'exp_authenticate',
    parameters: [{ name: 'db' }, { name: 'login' }, { name: 'password' }, { name: 'user_agent_env' }],
  },
};

/** common.dispatch: exp_<method>(*params), "Method not found" otherwise. */
function dispatchCommon(instance: OdooInstance, method: string, params: readonly unknown[]): unknown {
  const signature = COMMON_SIGNATURES[method];
  if (!signature) throw builtinError('Exception', `Method not found: ${method}`);
  const { values } = bindPython(signature, params, {});
  if (method === 'version') return rpcVersion(instance.version, instance.enterprise);
  if (method === 'about') return values.extended ? ['See http://openerp.com', instance.version] : 'See http://openerp.com';
  instance.openDatabase(values.db);
  return instance.authenticate(values.login, values.password);
}

/** service/model.py execute_kw(db, uid, obj, method, args, kw=None), after db and uid. */
const EXECUTE_KW: Signature = {
  qualname: 'execute_kw',
  parameters: [{ name: 'obj' }, { name: 'method' }, { name: 'args' }, { name: 'kw', default: null }],
};

/** int(params[1]) in service/model.py dispatch. */
function pythonInt(value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return Number(value);
  if (typeof value === 'string') throw valueError(`invalid literal for int() with base 10: ${pyRepr(value)}`);
  throw typeError(`int() argument must be a string, a bytes-like object or a real number, not '${pyTypeName(value)}'`);
}

/** service/model.py execute / execute_kw, then api.call_kw. */
function dispatchObject(instance: OdooInstance, method: string, params: readonly unknown[]): unknown {
  if (params.length < 3) throw builtinError('IndexError', 'list index out of range');
  const [database, rawUid, password] = params;
  const uid = pythonInt(rawUid);
  instance.openDatabase(database);
  instance.checkUser(uid, password);
  if (method === 'execute_kw') {
    const { values } = bindPython(EXECUTE_KW, params.slice(3), {});
    const kwargs = values.kw ?? {};
    if (typeof kwargs !== 'object' || Array.isArray(kwargs)) {
      throw typeError(`execute() argument after ** must be a mapping, not ${pyTypeName(kwargs)}`);
    }
    if (!Array.isArray(values.args)) throw typeError(`execute() argument after * must be an iterable, not ${pyTypeName(values.args)}`);
    return execute(instance, uid, values.obj, values.method, values.args as unknown[], kwargs as Record<string, unknown>);
  }
  if (method === 'execute') {
    if (params.length < 5) throw typeError('execute() missing required positional arguments');
    return execute(instance, uid, params[3], params[4], params.slice(5), {});
  }
  throw builtinError('NameError', `Method not available ${method}`);
}

/**
 * 16.0 and 17.0: models.check_method_name, then the model, then call_kw's getattr. 18.0+: get_public_method. Names
 * starting with "_" are taken as the private methods Odoo has plenty of (_search, _read_group, ...).
 */
function resolveMethod(instance: OdooInstance, modelName: unknown, methodName: unknown) {
  const name = String(methodName);
  if (instance.major < 18 && name.startsWith('_')) throw accessError(`Private methods (such as ${name}) cannot be called remotely.`);
  const model = typeof modelName === 'string' ? instance.db.model(modelName) : undefined;
  if (!model) throw userError(`Object ${String(modelName)} doesn't exist`);
  if (name.startsWith('_')) throw accessError(`Private methods (such as '${model.name}.${name}') cannot be called remotely.`);
  const method = findMethod(model, name, instance.major);
  if (method) return { model, method };
  throw attributeError(
    instance.major < 18
      ? `The method '${name}' does not exist on the model '${model.name}'`
      : `The method '${model.name}.${name}' does not exist`,
  );
}

function execute(
  instance: OdooInstance,
  uid: number,
  modelName: unknown,
  methodName: unknown,
  args: readonly unknown[],
  kwargs: Record<string, unknown>,
): unknown {
  const { model, method } = resolveMethod(instance, modelName, methodName);
  const { context, ...rest } = kwargs;
  const callContext = context && typeof context === 'object' ? (context as Record<string, unknown>) : {};
  const multi = method.api === 'multi';
  if (multi && args.length === 0) throw argsIndexError(instance);
  const ids = multi ? recordIds(args[0]) : [];
  const bound = bindPython(method.signature, multi ? args.slice(1) : args, rest);
  const result = method.run({ db: instance.db, model, uid, context: callContext, ids, args: bound });
  if (method.api === 'model_create' && args.length === 0) {
    // _call_kw_model_create answers `result.id if isinstance(args[0], Mapping)` after the create ran: the
    // transaction is rolled back, the ids it took are not given back.
    if (result instanceof RecordSet) discardRecords(instance.db, model, result.ids);
    throw argsIndexError(instance);
  }
  return downgrade(result);
}

/** args[0] of an empty args: a tuple before 19.0 (execute_kw's *args), a list from 19.0. */
function argsIndexError(instance: OdooInstance) {
  return builtinError('IndexError', `${instance.major >= 19 ? 'list' : 'tuple'} index out of range`);
}

/** api.py downgrade: a recordset becomes its ids, create given one dict returns one id. */
function downgrade(result: unknown): unknown {
  if (!(result instanceof RecordSet)) return result;
  return result.single ? (result.ids[0] ?? false) : [...result.ids];
}

/** odoo/http.py dispatch_rpc(service_name, method, params) */
export function dispatchRpc(instance: OdooInstance, service: unknown, method: unknown, params: unknown): unknown {
  if (service !== 'common' && service !== 'object' && service !== 'db') throw keyError(service);
  const args = Array.isArray(params) ? (params as unknown[]) : [];
  if (service === 'common') return dispatchCommon(instance, String(method), args);
  if (service === 'db') return dispatchDb(instance, String(method), args);
  return dispatchObject(instance, String(method), args);
}

/** The harmless part of odoo/service/db.py: list and server_version (the database manager is not served). */
function dispatchDb(instance: OdooInstance, method: string, args: readonly unknown[]): unknown {
  if (method === 'list') return [instance.db.name];
  if (method === 'server_version') return instance.version;
  if (method === 'db_exist') return args[0] === instance.db.name;
  throw builtinError('Exception', `Method not found: ${method}`);
}
