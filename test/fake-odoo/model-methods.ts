// The public model methods the fake serves, with their Odoo signatures (odoo/models.py, res_users.py) and
// their api kind (odoo/api.py: @api.model methods take no ids, others act on the records of args[0]).
import type { FakeDatabase } from './fake-database.js';
import type { OdooField, OdooModel } from './model-registry.js';
import type { StoredRecord } from './model-types.js';
import { typeError, valueError } from './odoo-errors.js';
import { readRecords, resolveReadFields } from './orm-read.js';
import { countRecords, searchRecords } from './orm-search.js';
import { createRecords, existingRecords, unlinkRecords, writeRecords } from './orm-write.js';
import type { BoundArguments, Signature } from './python-arguments.js';
import { pyRepr, pyStringRepr } from './python-format.js';

type MethodApi = 'model' | 'model_create' | 'multi';

/** A recordset a method returns: RPC answers with its ids (a lone id for create given one dict). */
export class RecordSet {
  readonly ids: readonly number[];
  readonly single: boolean;
  constructor(ids: readonly number[], single = false) {
    this.ids = ids;
    this.single = single;
  }
}

interface MethodCall {
  readonly db: FakeDatabase;
  readonly model: OdooModel;
  readonly uid: number;
  readonly context: Readonly<Record<string, unknown>>;
  readonly ids: readonly number[];
  readonly args: BoundArguments;
}

export interface ModelMethod {
  readonly name: string;
  readonly api: MethodApi;
  readonly signature: Signature;
  readonly models?: readonly string[];
  readonly since?: number;
  readonly until?: number;
  run(call: MethodCall): unknown;
}

const activeTest = (call: MethodCall) => call.context.active_test !== false;

function searchFromArgs(call: MethodCall): StoredRecord[] {
  const { domain, args, offset, limit, order } = call.args.values;
  return searchRecords(call.db, call.model, { domain: domain ?? args ?? [], offset, limit, order, activeTest: activeTest(call) });
}

/** search: the ids, or with Odoo 16's `count=True` their number. */
function search(call: MethodCall): RecordSet | number {
  const records = searchFromArgs(call);
  return call.args.values.count === true ? records.length : new RecordSet(records.map((record) => record.id));
}

function readArgs(call: MethodCall, fields: unknown, load: unknown) {
  return { fields: resolveReadFields(call.model, fields), load };
}

function searchRead(call: MethodCall): unknown {
  const unexpected = Object.keys(call.args.extra).find((name) => name !== 'load');
  if (unexpected) throw typeError(`BaseModel._read_format() got an unexpected keyword argument ${pyStringRepr(unexpected)}`);
  const { fields, load } = readArgs(call, call.args.values.fields, call.args.extra.load ?? '_classic_read');
  const records = searchFromArgs(call);
  return readRecords(call.db, call.model, records, fields, load);
}

function read(call: MethodCall): unknown {
  const { fields, load } = readArgs(call, call.args.values.fields, call.args.values.load);
  const records = call.ids.map((id) => call.db.get(call.model.name, id)).filter((record) => record !== undefined);
  return readRecords(call.db, call.model, records, fields, load);
}

function create(call: MethodCall): RecordSet {
  const { vals_list: valsList } = call.args.values;
  const single = valsList !== null && typeof valsList === 'object' && !Array.isArray(valsList);
  const list = single ? [valsList] : Array.isArray(valsList) ? (valsList as unknown[]) : [valsList];
  const created = createRecords(call.db, call.model, list, { uid: call.uid });
  return new RecordSet(
    created.map((record) => record.id),
    single,
  );
}

function write(call: MethodCall): boolean {
  const records = existingRecords(call.db, call.model, call.ids, call.uid, 'write');
  writeRecords(call.db, call.model, records, call.args.values.vals, { uid: call.uid });
  return true;
}

function unlink(call: MethodCall): boolean {
  unlinkRecords(call.db, call.model, call.ids);
  return true;
}

/** fields.Field.get_description: only attributes that have a value, filtered by `attributes`. */
function describeField(field: OdooField): Record<string, unknown> {
  const description: Record<string, unknown> = {
    type: field.type,
    string: field.string,
    name: field.name,
    required: field.required === true,
    // A computed field without an inverse is read-only unless it says otherwise.
    readonly: field.readonly ?? field.compute !== undefined,
    store: field.stored,
    searchable: true,
    sortable: field.stored && field.type !== 'many2many' && field.type !== 'one2many',
    manual: false,
    company_dependent: false,
    depends: [],
    exportable: true,
    change_default: false,
  };
  if (field.help) description.help = field.help;
  if (field.relation) Object.assign(description, { relation: field.relation, context: {}, domain: [] });
  if (field.selection) description.selection = field.selection.map(([value, label]) => [value, label]);
  if (field.currencyField) description.currency_field = field.currencyField;
  if (field.type === 'many2one_reference') description.model_field = 'res_model';
  return description;
}

function fieldsGet(call: MethodCall): Record<string, unknown> {
  const { allfields, attributes } = call.args.values;
  const names = Array.isArray(allfields) && allfields.length > 0 ? new Set(allfields) : undefined;
  const kept = Array.isArray(attributes) ? new Set(attributes) : undefined;
  const result: Record<string, unknown> = {};
  for (const field of call.model.fields.values()) {
    if (names && !names.has(field.name)) continue;
    const description = describeField(field);
    result[field.name] = kept ? Object.fromEntries(Object.entries(description).filter(([key]) => kept.has(key))) : description;
  }
  return result;
}

/** models.py name_search: [id, display_name] pairs of the records whose name matches. */
function nameSearch(call: MethodCall): unknown {
  const { name, args, domain, operator, limit } = call.args.values;
  const base = (call.db.major >= 18 ? domain : args) ?? [];
  if (!Array.isArray(base)) throw valueError(`Invalid domain ${pyRepr(base)}`);
  const byName = name === '' && (operator === 'ilike' || operator === 'like') ? [] : [['display_name', operator, name]];
  const records = searchRecords(call.db, call.model, {
    domain: [...byName, ...(base as unknown[])],
    limit,
    activeTest: activeTest(call),
  });
  return records.map((record) => [record.id, call.db.displayName(call.model, record)]);
}

interface MethodOptions {
  readonly varKeyword?: boolean;
  readonly until?: number;
}

const optional = (name: string, value: unknown = null) => ({ name, default: value });

function method(
  name: string,
  api: MethodApi,
  parameters: Signature['parameters'],
  run: ModelMethod['run'],
  options: MethodOptions = {},
): ModelMethod {
  return {
    name,
    api,
    signature: { qualname: `BaseModel.${name}`, parameters, varKeyword: options.varKeyword },
    run,
    until: options.until,
  };
}

const METHODS: readonly ModelMethod[] = [
  method('search', 'model', [{ name: 'domain' }, optional('offset', 0), optional('limit'), optional('order')], search),
  method(
    'search_read',
    'model',
    [optional('domain'), optional('fields'), optional('offset', 0), optional('limit'), optional('order')],
    searchRead,
    { varKeyword: true },
  ),
  method('search_count', 'model', [{ name: 'domain' }, optional('limit')], (call) =>
    countRecords(call.db, call.model, call.args.values.domain, call.args.values.limit, activeTest(call)),
  ),
  method('read', 'multi', [optional('fields'), optional('load', '_classic_read')], read),
  method('create', 'model_create', [{ name: 'vals_list' }], create),
  method('write', 'multi', [{ name: 'vals' }], write),
  method('unlink', 'multi', [], unlink),
  method('fields_get', 'model', [optional('allfields'), optional('attributes')], fieldsGet),
  method('name_search', 'model', [], nameSearch),
  method('check_access_rights', 'model', [{ name: 'operation' }, optional('raise_exception', true)], () => true, { until: 18 }),
  {
    name: 'context_get',
    api: 'model',
    models: ['res.users'],
    signature: { qualname: 'Users.context_get', parameters: [] },
    run: (call) => ({ lang: 'en_US', tz: 'Europe/Brussels', uid: call.uid }),
  },
];

/** name_search(name='', args=None, operator='ilike', limit=100): `args` became `domain` in 18.0. */
function nameSearchSignature(major: number): Signature {
  return {
    qualname: 'BaseModel.name_search',
    parameters: [
      { name: 'name', default: '' },
      { name: major >= 18 ? 'domain' : 'args', default: null },
      { name: 'operator', default: 'ilike' },
      { name: 'limit', default: 100 },
    ],
  };
}

/**
 * search(domain, offset=0, limit=None, order=None): 16.0 also takes `count=False`, and 16.0's crm.lead overrides
 * it with the domain named `args` (addons/crm/models/crm_lead.py), so `domain=` is refused there.
 */
function searchSignature(model: OdooModel, major: number): Signature {
  const leadOverride = major < 17 && model.name === 'crm.lead';
  return {
    qualname: leadOverride ? 'Lead.search' : 'BaseModel.search',
    parameters: [
      { name: leadOverride ? 'args' : 'domain' },
      optional('offset', 0),
      optional('limit'),
      optional('order'),
      ...(major < 17 ? [optional('count', false)] : []),
    ],
  };
}

function signatureOf(method: ModelMethod, model: OdooModel, major: number): Signature {
  if (method.name === 'name_search') return nameSearchSignature(major);
  if (method.name === 'search') return searchSignature(model, major);
  return method.signature;
}

/** The method `name` of `model` in this version, or undefined when the model has none. */
export function findMethod(model: OdooModel, name: string, major: number): ModelMethod | undefined {
  const method = METHODS.find((candidate) => candidate.name === name);
  if (!method || (method.models && !method.models.includes(model.name))) return undefined;
  if ((method.since && major < method.since) || (method.until && major > method.until)) return undefined;
  const signature = signatureOf(method, model, major);
  return signature === method.signature ? method : { ...method, signature };
}

/** browse(ids): one id or a list of ids. */
export function recordIds(value: unknown): number[] {
  const items = Array.isArray(value) ? (value as unknown[]) : value === false || value === null ? [] : [value];
  if (!items.every((item) => typeof item === 'number' && Number.isInteger(item))) {
    throw valueError(`Invalid record ids ${pyRepr(value)}`);
  }
  return items as number[];
}
