import { compileDomain, type CompiledDomain } from './domain.js';
import type { FakeDatabase } from './fake-database.js';
import type { OdooModel } from './model-registry.js';
import type { StoredRecord } from './model-types.js';
import { type OrderTerm, orderIs, parseOrder, sortRecords } from './search-order.js';

export interface SearchOptions {
  readonly domain: unknown;
  readonly offset?: unknown;
  readonly limit?: unknown;
  readonly order?: unknown;
  readonly activeTest?: boolean;
}

/**
 * The index walk that yields records already in the requested order, when there is one: (write_date, id)
 * for a keyset sync, id for id order. Other orders filter the whole model and sort.
 */
function orderedSource(db: FakeDatabase, model: OdooModel, terms: readonly OrderTerm[], domain: CompiledDomain) {
  const table = db.table(model.name);
  if (orderIs(terms, ['write_date', 'id'], false) || orderIs(terms, ['write_date'], false)) {
    return table.ascendingKeyset(domain.keysetBound);
  }
  if (orderIs(terms, ['write_date', 'id'], true) || orderIs(terms, ['write_date'], true)) return table.descendingKeyset();
  if (orderIs(terms, ['id'], false)) return table.ascendingIds(domain.minId);
  if (orderIs(terms, ['id'], true)) return table.descendingIds();
  return undefined;
}

function take(source: Iterable<StoredRecord>, matches: CompiledDomain['matches'], offset: number, limit: number | null) {
  const result: StoredRecord[] = [];
  if (limit === 0) return result;
  let skipped = 0;
  for (const record of source) {
    if (!matches(record)) continue;
    if (skipped < offset) {
      skipped++;
      continue;
    }
    result.push(record);
    if (limit !== null && result.length >= limit) break;
  }
  return result;
}

const asCount = (value: unknown): number => (typeof value === 'number' && value > 0 ? Math.floor(value) : 0);
const asLimit = (value: unknown): number | null => (typeof value === 'number' && value >= 0 ? Math.floor(value) : null);

/** models.py search: the records matching the domain, ordered, offset and limited. */
export function searchRecords(db: FakeDatabase, model: OdooModel, options: SearchOptions): StoredRecord[] {
  const compiled = compileDomain(db, model, options.domain, options.activeTest ?? true);
  const terms = parseOrder(model, options.order);
  const offset = asCount(options.offset);
  const limit = asLimit(options.limit);
  const source = orderedSource(db, model, terms, compiled);
  if (source) return take(source, compiled.matches, offset, limit);
  const matching = db.all(model.name).filter(compiled.matches);
  const sorted = sortRecords(db, model, matching, terms);
  return sorted.slice(offset, limit === null ? undefined : offset + limit);
}

/** models.py search_count(domain, limit=None) */
export function countRecords(db: FakeDatabase, model: OdooModel, domain: unknown, limit: unknown, activeTest: boolean): number {
  const { matches, keysetBound } = compileDomain(db, model, domain, activeTest);
  const cap = asLimit(limit);
  let count = 0;
  for (const record of db.table(model.name).ascendingKeyset(keysetBound)) {
    if (matches(record) && ++count === cap) break;
  }
  return count;
}
