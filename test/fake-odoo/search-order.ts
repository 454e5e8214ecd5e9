// The `order` argument of search as odoo/models.py (17.0) checks and applies it: regex_order, field names,
// asc/desc, "nulls first|last"; a many2one sorts by the record it points at. Odoo creates its databases with
// LC_COLLATE 'C' (odoo/service/db.py), so text sorts by code point.
import type { FakeDatabase } from './fake-database.js';
import type { OdooField, OdooModel } from './model-registry.js';
import type { StoredRecord } from './model-types.js';
import { userError } from './odoo-errors.js';

export interface OrderTerm {
  readonly field: OdooField;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

const ORDER_TERM = /^\s*("?)([a-z0-9_]+)\1(?:\.[a-z0-9_]+)?(?::[a-z_]+)?(?:\s+(desc|asc))?(?:\s+(nulls first|nulls last))?\s*$/i;

function invalidOrder(spec: string) {
  return userError(
    `Invalid "order" specified (${spec}). A valid "order" specification is a comma-separated list of valid field ` +
      'names (optionally followed by asc/desc for the direction)',
  );
}

/** Parses an order spec ("write_date asc, id asc"); null or '' means the model's `_order`. */
export function parseOrder(model: OdooModel, spec: unknown): OrderTerm[] {
  const text = typeof spec === 'string' && spec.trim() !== '' ? spec : model.order;
  const parts = text.split(',');
  return parts.map((part) => {
    const match = ORDER_TERM.exec(part);
    if (!match) throw invalidOrder(text);
    const field = model.field(match[2]);
    if (!field) throw model.invalidField(match[2]);
    const descending = match[3]?.toLowerCase() === 'desc';
    // PostgreSQL: NULLS LAST for ASC, NULLS FIRST for DESC, unless the spec says otherwise.
    const nulls = match[4]?.toLowerCase();
    return { field, descending, nullsFirst: nulls ? nulls === 'nulls first' : descending };
  });
}

/** Whether the terms are exactly `names` in `direction` (a plain index walk serves them). */
export function orderIs(terms: readonly OrderTerm[], names: readonly string[], descending: boolean): boolean {
  return (
    terms.length === names.length &&
    terms.every((term, index) => term.field.name === names[index] && term.descending === descending && term.nullsFirst === descending)
  );
}

type SortKey = string | number | null;

function sortKey(db: FakeDatabase, model: OdooModel, field: OdooField, record: StoredRecord): SortKey {
  if (field.name === 'id') return record.id;
  const value = db.value(model, field, record);
  if (value === false || (Array.isArray(value) && value.length === 0)) return field.type === 'boolean' ? 0 : null;
  if (value === true) return 1;
  if (field.type === 'many2one' && typeof value === 'number') return db.targetName(field, value);
  if (typeof value === 'number' || typeof value === 'string') return value;
  return null;
}

function compareKeys(a: SortKey, b: SortKey, term: OrderTerm): number {
  if (a === b) return 0;
  if (a === null) return term.nullsFirst ? -1 : 1;
  if (b === null) return term.nullsFirst ? 1 : -1;
  const order = a < b ? -1 : 1;
  return term.descending ? -order : order;
}

/** Sorts records by the terms, ties broken by id (PostgreSQL leaves them unspecified). */
export function sortRecords(db: FakeDatabase, model: OdooModel, records: StoredRecord[], terms: readonly OrderTerm[]): StoredRecord[] {
  const keyed = records.map((record) => ({ record, keys: terms.map((term) => sortKey(db, model, term.field, record)) }));
  keyed.sort((a, b) => {
    for (let index = 0; index < terms.length; index++) {
      const order = compareKeys(a.keys[index], b.keys[index], terms[index]);
      if (order !== 0) return order;
    }
    return a.record.id - b.record.id;
  });
  return keyed.map((entry) => entry.record);
}
