// create / write / unlink with the checks of odoo/models.py (17.0) and the messages of
// odoo/service/model.py _as_validation_error (NOT NULL and foreign key violations; 19.0 words them anew in
// models.py _sql_error_to_message_generic). The checks PostgreSQL makes come after the row took its id from the
// table's sequence, which a failed transaction does not give back.
import type { FakeDatabase } from './fake-database.js';
import { LOG_ACCESS_FIELDS, type OdooField, type OdooModel } from './model-registry.js';
import type { StoredRecord, StoredValue } from './model-types.js';
import { isDateString, isDatetimeString } from './odoo-dates.js';
import { attributeError, missingError, postgresError, validationError, valueError } from './odoo-errors.js';
import { pyRepr, pyTypeName } from './python-format.js';

const isEmpty = (value: unknown) => value === false || value === null || value === undefined;

function notNullViolation(db: FakeDatabase, model: OdooModel, field: OdooField) {
  if (db.major >= 19) {
    return validationError(
      `The operation cannot be completed: Missing required value for the field '${field.string}' (${field.name}).\n` +
        `Model: '${model.description}' (${model.name})\n` +
        '- create/update: a mandatory field is not set\n' +
        '- delete: another model requires the record being deleted, you can archive it instead\n',
    );
  }
  return validationError(
    'The operation cannot be completed:\n' +
      '- Create/update: a mandatory field is not set.\n' +
      '- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n' +
      `Model: ${model.description} (${model.name})\n` +
      `Field: ${field.string} (${field.name})\n`,
  );
}

function foreignKeyViolation(db: FakeDatabase, model: OdooModel, field: OdooField) {
  if (db.major >= 19) {
    return validationError(
      'The operation cannot be completed: Another model is using the record you are trying to delete.\n\n' +
        `The troublemaker is: '${model.description}' (${model.name})\n` +
        `Thanks to the following constraint: '${field.string}' (${field.name})\n` +
        'How about archiving the record instead?',
    );
  }
  return validationError(
    'The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\n' +
      `Model: ${model.description} (${model.name})\n` +
      `Constraint: ${model.name.replaceAll('.', '_')}_${field.name}_fkey\n`,
  );
}

/** PostgreSQL refusing a text where the column holds integers; its message quotes the SQL around the value. */
function invalidInteger(text: string) {
  const near = `...'${text}'...`;
  return postgresError(
    'InvalidTextRepresentation',
    `invalid input syntax for type integer: "${text}"\nLINE 1: ${near}\n${' '.repeat(8 + near.indexOf("'"))}^\n`,
  );
}

const wrongValue = (model: OdooModel, field: OdooField, value: unknown) =>
  valueError(`Wrong value for ${model.name}.${field.name}: ${pyRepr(value)}`);

function toNumber(model: OdooModel, field: OdooField, value: unknown): number {
  if (isEmpty(value)) return 0;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) throw wrongValue(model, field, value);
  return field.type === 'integer' || field.type === 'many2one_reference' ? Math.trunc(number) : number;
}

function toDate(field: OdooField, value: unknown): string | false {
  if (isEmpty(value)) return false;
  const text = typeof value === 'string' ? value : pyRepr(value);
  if (field.type === 'date') {
    if (!isDateString(text.slice(0, 10))) throw valueError(`time data ${pyRepr(text)} does not match format '%Y-%m-%d'`);
    return text.slice(0, 10);
  }
  const datetime = text.length === 10 ? `${text} 00:00:00` : text;
  if (!isDatetimeString(datetime)) throw valueError(`time data ${pyRepr(text)} does not match format '%Y-%m-%d %H:%M:%S'`);
  return datetime.slice(0, 19);
}

/** Many2one.convert_to_column passes the value to the INSERT as it is: PostgreSQL reads a text as an integer or refuses it. */
function toMany2one(model: OdooModel, field: OdooField, value: unknown): number | false {
  if (isEmpty(value) || value === 0) return false;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string') {
    if (/^\s*[-+]?\d+\s*$/.test(value)) return Number(value) || false;
    throw invalidInteger(value);
  }
  throw wrongValue(model, field, value);
}

/** x2many commands: (6, 0, ids) set, (4, id) link, (3, id) unlink, (5,) clear; a list of ids sets. */
function toMany2many(model: OdooModel, field: OdooField, value: unknown, current: readonly number[]): number[] {
  if (isEmpty(value)) return [];
  if (!Array.isArray(value)) throw wrongValue(model, field, value);
  const items: unknown[] = value;
  const plainIds = items.filter((item): item is number => typeof item === 'number');
  if (plainIds.length === items.length) return [...new Set(plainIds)];
  let ids = [...current];
  for (const command of items) {
    if (!Array.isArray(command)) throw wrongValue(model, field, value);
    const [code, id, list] = command as unknown[];
    if (code === 6) ids = Array.isArray(list) ? (list as number[]).filter((item) => typeof item === 'number') : [];
    else if (code === 4 && typeof id === 'number' && !ids.includes(id)) ids.push(id);
    else if (code === 3 && typeof id === 'number') ids = ids.filter((item) => item !== id);
    else if (code === 5) ids = [];
  }
  return ids;
}

function convertValue(model: OdooModel, field: OdooField, value: unknown, record?: StoredRecord): StoredValue {
  switch (field.type) {
    case 'many2one':
      return toMany2one(model, field, value);
    case 'many2many':
    case 'one2many':
      return toMany2many(model, field, value, Array.isArray(record?.[field.name]) ? (record[field.name] as number[]) : []);
    case 'integer':
    case 'float':
    case 'monetary':
    case 'many2one_reference':
      return toNumber(model, field, value);
    case 'boolean':
      return Boolean(value);
    case 'date':
    case 'datetime':
      return toDate(field, value);
    case 'selection':
      if (isEmpty(value)) return false;
      if (!field.selection?.some(([key]) => key === value)) throw wrongValue(model, field, value);
      return value as string;
    default:
      // str(value), as the ORM stores a non-string given for a text field.
      return isEmpty(value) ? false : typeof value === 'string' ? value : pyRepr(value);
  }
}

/** The caller's values in stored form: unknown fields rejected, magic and computed fields dropped. */
function convertValues(model: OdooModel, values: unknown, record?: StoredRecord): Record<string, StoredValue> {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    throw attributeError(`'${pyTypeName(values)}' object has no attribute 'items'`);
  }
  const converted: Record<string, StoredValue> = {};
  for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
    const field = model.field(name);
    if (!field) throw model.invalidField(name);
    if (name === 'id' || LOG_ACCESS_FIELDS.has(name) || field.compute) continue;
    converted[name] = convertValue(model, field, value, record);
  }
  return converted;
}

function checkRequired(db: FakeDatabase, model: OdooModel, record: Readonly<Record<string, StoredValue | undefined>>): void {
  for (const field of model.fields.values()) {
    if (field.required && field.stored && isEmpty(record[field.name])) throw notNullViolation(db, model, field);
  }
}

/** The foreign keys of the many2ones among `values`: each must point at an existing record. */
function checkForeignKeys(db: FakeDatabase, model: OdooModel, values: Readonly<Record<string, StoredValue | undefined>>): void {
  for (const [name, value] of Object.entries(values)) {
    const field = model.field(name);
    if (field?.type !== 'many2one' || !field.stored || typeof value !== 'number') continue;
    if (db.model(field.relation ?? '') && !db.get(field.relation ?? '', value)) throw foreignKeyViolation(db, model, field);
  }
}

function computeStored(db: FakeDatabase, model: OdooModel, record: StoredRecord): Record<string, StoredValue> {
  return Object.fromEntries(model.storedComputes.map((field) => [field.name, field.compute?.(record, db) ?? false]));
}

export interface Stamp {
  readonly uid: number;
  /** Test helpers may set create_date / write_date themselves; RPC callers never can. */
  readonly dates?: { readonly create_date?: string; readonly write_date?: string };
  /** Test helpers may choose the new records' ids; RPC callers get the sequence's. */
  readonly ids?: readonly number[];
}

/**
 * models.py create(vals_list): one record per dict, all stamped with the transaction's time. The values are
 * checked first; then the INSERT takes an id per row, PostgreSQL refuses a missing NOT NULL value at its row
 * and a dangling foreign key at the end of the statement, and the ids taken stay taken.
 */
export function createRecords(db: FakeDatabase, model: OdooModel, valsList: readonly unknown[], stamp: Stamp): StoredRecord[] {
  const table = db.table(model.name);
  const now = stamp.dates?.write_date ?? db.writeStamp();
  const rows = valsList.map((values) => {
    const given = convertValues(model, values);
    return { ...model.defaults(db, stamp.uid, given), ...given };
  });
  const created = rows.map((row, index): StoredRecord => {
    const record: StoredRecord = {
      ...row,
      id: stamp.ids?.[index] ?? table.allocateId(),
      create_uid: stamp.uid,
      create_date: stamp.dates?.create_date ?? now,
      write_uid: stamp.uid,
      write_date: now,
    };
    Object.assign(record, computeStored(db, model, record));
    checkRequired(db, model, record);
    return record;
  });
  for (const record of created) table.insert(record);
  try {
    for (const record of created) checkForeignKeys(db, model, record);
  } catch (error) {
    discardRecords(db, model, created.map((record) => record.id));
    throw error;
  }
  return created;
}

/** Takes back the rows of a transaction that failed after its INSERT: their ids stay used. */
export function discardRecords(db: FakeDatabase, model: OdooModel, ids: readonly number[]): void {
  const table = db.table(model.name);
  for (const id of ids) {
    const record = table.get(id);
    if (record) table.remove(record);
  }
}

/** The records of `ids`, or MissingError for those that no longer exist (models.py check_access_rule). */
export function existingRecords(db: FakeDatabase, model: OdooModel, ids: readonly number[], uid: number, operation: string) {
  const records = ids.map((id) => db.get(model.name, id));
  const missing = ids.filter((_, index) => !records[index]);
  if (missing.length > 0) {
    throw missingError(
      'One of the documents you are trying to access has been deleted, please try again after refreshing.\n\n' +
        `(Document type: ${model.name}, Operation: ${operation}, Records: ${pyRepr(missing.slice(0, 6))}, User: ${uid})`,
    );
  }
  return records as StoredRecord[];
}

/** models.py write(vals): every record gets the same values and the same write_date. */
export function writeRecords(db: FakeDatabase, model: OdooModel, records: readonly StoredRecord[], values: unknown, stamp: Stamp): void {
  const table = db.table(model.name);
  const writeDate = stamp.dates?.write_date ?? db.writeStamp();
  for (const record of records) {
    const changes = { ...convertValues(model, values, record), write_uid: stamp.uid, write_date: writeDate };
    checkRequired(db, model, { ...record, ...changes });
    checkForeignKeys(db, model, changes);
    table.update(record, changes);
    table.update(record, computeStored(db, model, record));
  }
}

/**
 * models.py unlink(): deleting a missing record is not an error. Many2ones pointing at a deleted record are
 * emptied the way PostgreSQL's ON DELETE SET NULL does it: without touching the referencing rows' write_date.
 */
export function unlinkRecords(db: FakeDatabase, model: OdooModel, ids: readonly number[]): void {
  const table = db.table(model.name);
  const removed = new Set<number>();
  for (const id of ids) {
    const record = table.get(id);
    if (!record) continue;
    table.remove(record);
    removed.add(id);
  }
  if (removed.size > 0) clearReferences(db, model.name, removed);
}

function clearReferences(db: FakeDatabase, target: string, removed: ReadonlySet<number>): void {
  for (const name of db.registry.names()) {
    const model = db.model(name);
    const fields = [...(model?.fields.values() ?? [])].filter((field) => field.stored && field.relation === target && !field.compute);
    if (fields.length === 0) continue;
    for (const record of db.all(name)) {
      for (const field of fields) clearReference(record, field, removed);
    }
  }
}

function clearReference(record: StoredRecord, field: OdooField, removed: ReadonlySet<number>): void {
  const value = record[field.name];
  if (typeof value === 'number' && removed.has(value)) record[field.name] = false;
  else if (Array.isArray(value) && value.some((id: number) => removed.has(id))) {
    record[field.name] = value.filter((id: number) => !removed.has(id));
  }
}
