// models.py read() / _read_format() (17.0): 'id' always first, a many2one as [id, display_name] with the
// default load='_classic_read' (as the plain id otherwise), an empty value as false, a datetime to the second.
import type { FakeDatabase } from './fake-database.js';
import type { OdooField, OdooModel } from './model-registry.js';
import type { StoredRecord, StoredValue } from './model-types.js';
import { truncateToSeconds } from './odoo-dates.js';

type ReadValue = string | number | boolean | readonly number[] | readonly [number, string];
/** A record as `read` returns it: the id, then the fields asked for. */
export interface ReadRecord {
  id: number;
  [field: string]: ReadValue;
}

/** The fields `read` returns for a `fields` argument: all of them when it is empty. */
export function resolveReadFields(model: OdooModel, names: unknown): OdooField[] {
  const requested = typeof names === 'string' ? [...names] : Array.isArray(names) ? (names as unknown[]) : [];
  if (requested.length === 0) return [...model.fields.values()];
  const fields = requested.map((name) => {
    const field = typeof name === 'string' ? model.field(name) : undefined;
    if (!field) throw model.invalidField(name);
    return field;
  });
  const id = model.field('id');
  return id ? [id, ...fields.filter((field) => field.name !== 'id')] : fields;
}

function numberOr0(value: StoredValue): number {
  return typeof value === 'number' ? value : 0;
}

/** One field's value as `read` returns it. */
function readValue(db: FakeDatabase, field: OdooField, value: StoredValue, classicLoad: boolean): ReadValue {
  switch (field.type) {
    case 'many2one':
      if (typeof value !== 'number' || value <= 0) return false;
      return classicLoad ? [value, db.targetName(field, value)] : value;
    case 'many2many':
    case 'one2many':
      return Array.isArray(value) ? [...(value as readonly number[])] : [];
    case 'integer':
    case 'float':
    case 'monetary':
    case 'many2one_reference':
      return numberOr0(value);
    case 'boolean':
      return value === true;
    case 'datetime':
      return typeof value === 'string' && value ? truncateToSeconds(value) : false;
    default:
      return typeof value === 'string' ? value : false;
  }
}

/** `read(fields, load)` on records already fetched (missing ids are skipped, as Odoo does). */
export function readRecords(
  db: FakeDatabase,
  model: OdooModel,
  records: readonly StoredRecord[],
  fields: readonly OdooField[],
  load: unknown = '_classic_read',
): ReadRecord[] {
  const classicLoad = load === '_classic_read';
  return records.map((record) => {
    const row: ReadRecord = { id: record.id };
    for (const field of fields) {
      if (field.name !== 'id') row[field.name] = readValue(db, field, db.value(model, field, record), classicLoad);
    }
    return row;
  });
}
