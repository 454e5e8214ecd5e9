import type { Document } from 'mongodb';
import type { Connection } from 'mongoose';

// Checks the queries an app sends against the indexes its schemas declare, by MongoDB's equality-sort-range rule:
// equality fields of the query are the index's first keys (in any order), then come the sort fields (in order and
// direction, or all reversed), then the range fields. A small rule, not a planner: it does not weigh how selective
// an index is.

export type Direction = 1 | -1;

/** A filtered read or write: the filter of a find, count, distinct, aggregate ($match, $sort), update or delete. */
export interface Query {
  collection: string;
  command: string;
  filter: Document;
  sort: [string, Direction][];
}

/**
 * The fields of a filter by how an index can use them. `$in` counts as equality (MongoDB merges the sorted scans
 * of its values). Negations (`$ne`, `$nin`, `$not`, `$exists`) match nearly every record, so an index bound on them
 * saves nothing: they are left to be checked on the records the index yields.
 */
interface Shape {
  equality: string[];
  range: string[];
  sort: [string, Direction][];
}

export interface IndexSpec {
  key: [string, Direction][];
  unique: boolean;
}

const EQUALITY = new Set(['$eq', '$in']);
const NEGATION = new Set(['$ne', '$nin', '$not', '$exists']);

/** The filtered queries in a command; none for the others (insert, getMore, createIndexes...). */
export function queriesIn(name: string, command: Document, collection: string): Query[] {
  const query = (filter: Document | undefined, sort?: Document) => ({ collection, command: name, filter: filter ?? {}, sort: sortOf(sort) });
  switch (name) {
    case 'find':
      return [query(command.filter, command.sort)];
    case 'count':
    case 'distinct':
      return [query(command.query)];
    case 'findAndModify':
      return [query(command.query, command.sort)];
    case 'update':
      return (command.updates as Document[]).map((statement) => query(statement.q));
    case 'delete':
      return (command.deletes as Document[]).map((statement) => query(statement.q));
    case 'aggregate':
      return [aggregateQuery(command.pipeline as Document[], query)];
    default:
      return [];
  }
}

/** The leading `$match` stages of a pipeline, and the `$sort` right after them. */
function aggregateQuery(pipeline: Document[], query: (filter: Document, sort?: Document) => Query): Query {
  const matches: Document[] = [];
  let stage = 0;
  while (pipeline[stage]?.$match) matches.push(pipeline[stage++].$match as Document);
  const filter = matches.length > 1 ? { $and: matches } : (matches[0] ?? {});
  return query(filter, pipeline[stage]?.$sort as Document | undefined);
}

/** The driver hands a sort over as a Map. */
function sortOf(sort: Document | Map<string, unknown> | undefined): [string, Direction][] {
  const entries = sort instanceof Map ? [...sort.entries()] : Object.entries(sort ?? {});
  return entries.map(([field, direction]) => [field, direction === -1 || direction === 'desc' ? -1 : 1]);
}

/**
 * The ways an index can serve a filter: each alternative is a list of shapes that must all be served. A top-level
 * `$or` is served either by an index on the fields beside it (the `$or` checked after), or by one per branch.
 */
function shapesOf(filter: Document, sort: [string, Direction][]): Shape[][] {
  const conditions = flattenAnd(filter);
  const outer = conditions.filter(([field]) => field !== '$or');
  const alternatives = [[shapeOf(outer, sort)]];
  const or = conditions.find(([field]) => field === '$or');
  if (or) alternatives.push((or[1] as Document[]).map((branch) => shapeOf([...outer, ...flattenAnd(branch)], sort)));
  return alternatives;
}

function flattenAnd(filter: Document): [string, unknown][] {
  return Object.entries(filter).flatMap(([field, value]) =>
    field === '$and' ? (value as Document[]).flatMap(flattenAnd) : [[field, value] as [string, unknown]],
  );
}

function shapeOf(conditions: [string, unknown][], sort: [string, Direction][]): Shape {
  const shape: Shape = { equality: [], range: [], sort };
  for (const [field, value] of conditions) {
    if (field.startsWith('$')) continue;
    const kind = kindOf(value);
    if (kind === 'equality' && !shape.equality.includes(field)) shape.equality.push(field);
    if (kind === 'range' && !shape.range.includes(field)) shape.range.push(field);
  }
  return shape;
}

function kindOf(value: unknown): 'equality' | 'range' | 'negation' {
  if (isRegex(value)) return 'range';
  if (!isOperators(value)) return 'equality';
  const operators = Object.keys(value);
  if (operators.every((operator) => EQUALITY.has(operator))) return 'equality';
  if (operators.every((operator) => NEGATION.has(operator))) return 'negation';
  return 'range';
}

function isRegex(value: unknown): boolean {
  return value instanceof RegExp || (value as { _bsontype?: string } | null)?._bsontype === 'BSONRegExp';
}

function isOperators(value: unknown): value is Document {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype && Object.keys(value).some((key) => key.startsWith('$'));
}

/**
 * Whether the index serves the shape by the equality-sort-range rule: its first keys are equality fields of the
 * query (others are checked on the records it yields), the sort fields come next, in order and direction or all
 * reversed, and every range field is among the keys after the equality ones (a sort key may be one). An index the query uses for none of these would
 * be read whole: it serves nothing.
 */
function serves(index: IndexSpec, shape: Shape): boolean {
  const { key } = index;
  const equality = new Set(shape.equality);
  let next = 0;
  while (next < key.length && equality.has(key[next][0])) next++;
  // Every key of a unique index matched by equality: one record per value, whatever else the query asks.
  if (index.unique && next === key.length) return true;
  const sort = shape.sort.filter(([field]) => !equality.has(field));
  const sortKeys = key.slice(next, next + sort.length);
  const inOrder = (sign: Direction) => sortKeys.length === sort.length && sort.every(([field, direction], i) => sortKeys[i][0] === field && sortKeys[i][1] === sign * direction);
  if (sort.length > 0 && !inOrder(1) && !inOrder(-1)) return false;
  const rest = key.slice(next).map(([field]) => field);
  if (!shape.range.every((field) => rest.includes(field))) return false;
  return next > 0 || sort.length > 0 || shape.range.includes(key[0][0]);
}

/** Whether some index serves the query, in one of the ways its filter allows; `unindexed` ranges need no index. */
export function covered(query: Query, indexes: IndexSpec[], unindexed: string[] = []): boolean {
  return shapesOf(query.filter, query.sort).some((shapes) =>
    shapes.every((shape) => {
      const bounded = { ...shape, range: shape.range.filter((field) => !unindexed.includes(field)) };
      return indexes.some((index) => serves(index, bounded));
    }),
  );
}

/** The indexes the schemas of a connection's models declare, and `_id`'s, by collection. */
export function declaredIndexes(connection: Connection): Map<string, IndexSpec[]> {
  const indexes = new Map<string, IndexSpec[]>();
  for (const model of Object.values(connection.models)) {
    const declared = model.schema.indexes().map(([fields, options]) => ({
      key: Object.entries(fields).map(([field, direction]): [string, Direction] => [field, direction === -1 ? -1 : 1]),
      unique: options?.unique === true,
    }));
    indexes.set(model.collection.collectionName, [{ key: [['_id', 1]], unique: true }, ...declared]);
  }
  return indexes;
}

/** A query as a failure names it: the collection, the filter with its values left out, and the sort. */
export function describe(query: Query): string {
  const sort = query.sort.length ? ` sort ${JSON.stringify(Object.fromEntries(query.sort))}` : '';
  return `${query.command} ${query.collection} ${JSON.stringify(masked(query.filter))}${sort}`;
}

function masked(value: unknown): unknown {
  if (isRegex(value)) return '/?/';
  if (Array.isArray(value)) return value.some((item) => isOperators(item) || isPlainObject(item)) ? value.map(masked) : '?';
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, masked(inner)]));
  return '?';
}

function isPlainObject(value: unknown): value is Document {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
}
