// Domain evaluation with the semantics of odoo/osv/expression.py (17.0): field checks of _anyfy_leaves,
// operator checks of check_leaf / normalize_leaf, dotted paths as 'any', many2one compared by id (or by
// name for a string), hierarchy operators, and `active_test` as models.py _search adds it.
import { conjuncts, type DomainNode, normalizeDomain, parseDomain, termParts } from './domain-syntax.js';
import { isFalsyOperand, likePattern, scalarTest, type ValueTest } from './domain-values.js';
import type { FakeDatabase } from './fake-database.js';
import type { OdooField, OdooModel } from './model-registry.js';
import type { StoredRecord, StoredValue } from './model-types.js';
import { attributeError, builtinError, typeError, valueError } from './odoo-errors.js';
import { pyTupleRepr, pyTypeName } from './python-format.js';
import type { KeysetBound } from './record-table.js';

type Predicate = (record: StoredRecord) => boolean;

export interface CompiledDomain {
  readonly matches: Predicate;
  /** Every match sorts after this (write_date, id) position: where a keyset scan may start. */
  readonly keysetBound?: KeysetBound;
  /** Every match has an id above this. */
  readonly minId: number;
}

const TERM_OPERATORS = new Set([
  '=', '!=', '<=', '<', '>', '>=', '=?', '=like', '=ilike', 'like', 'not like', 'ilike', 'not ilike',
  'in', 'not in', 'child_of', 'parent_of', 'any', 'not any', '<>',
]);
const NEGATIVE_OPERATORS = new Set(['!=', 'not like', 'not ilike', 'not in']);
const POSITIVE_OF: Readonly<Record<string, string>> = { '!=': '=', 'not like': 'like', 'not ilike': 'ilike', 'not in': 'in' };
const RELATIONAL_TYPES = new Set(['many2one', 'many2many', 'one2many']);

/** Compiles `domain` for `model`; `activeTest` is the context's active_test (default true). */
export function compileDomain(db: FakeDatabase, model: OdooModel, domain: unknown, activeTest: boolean): CompiledDomain {
  const tokens = normalizeDomain(domain);
  // models.py _search: "if not any(item[0] == self._active_name for item in domain)" prepend ('active', '=', 1).
  const namesActive = (domain as unknown[]).some((item) => Array.isArray(item) && item[0] === 'active');
  const filterActive = model.hasActive && activeTest && !namesActive;
  const tree = parseDomain(filterActive ? ['&', ['active', '=', 1], ...tokens] : tokens);
  return { matches: new DomainCompiler(db).node(model, tree), keysetBound: keysetBound(tree), minId: minId(tree) };
}

/** The ids of the records of `model` a domain selects. */
function matchingIds(db: FakeDatabase, model: OdooModel, domain: unknown, activeTest: boolean): Set<number> {
  const { matches } = compileDomain(db, model, domain, activeTest);
  const ids = new Set<number>();
  for (const record of db.all(model.name)) if (matches(record)) ids.add(record.id);
  return ids;
}

/** tuple(item) and the unpacking of `left, operator, right = item` in _anyfy_leaves. */
function unpackTerm(term: unknown): [unknown, unknown, unknown] {
  if (typeof term === 'number' || typeof term === 'boolean' || term === null) {
    throw typeError(`'${pyTypeName(term)}' object is not iterable`);
  }
  const items: unknown[] = typeof term === 'string' ? [...term] : Array.isArray(term) ? term : Object.keys(term as object);
  if (items.length < 3) throw valueError(`not enough values to unpack (expected 3, got ${items.length})`);
  if (items.length > 3) throw valueError('too many values to unpack (expected 3)');
  return [items[0], items[1], items[2]];
}

/** expression.normalize_leaf */
function normalizeOperator(operator: string, right: unknown): [string, unknown] {
  let normalized = operator.toLowerCase();
  if (normalized === '<>') normalized = '!=';
  if (typeof right === 'boolean' && (normalized === 'in' || normalized === 'not in')) {
    normalized = normalized === 'in' ? '=' : '!=';
  }
  if (Array.isArray(right) && (normalized === '=' || normalized === '!=')) normalized = normalized === '=' ? 'in' : 'not in';
  return [normalized, right];
}

const isConstantTerm = (items: readonly unknown[]) => (items[0] === 1 || items[0] === 0) && items[1] === '=' && items[2] === 1;

const idsIn = (value: StoredValue | undefined): readonly number[] =>
  Array.isArray(value) ? value : typeof value === 'number' && value > 0 ? [value] : [];

class DomainCompiler {
  private readonly db: FakeDatabase;

  constructor(db: FakeDatabase) {
    this.db = db;
  }

  node(model: OdooModel, node: DomainNode): Predicate {
    if (node.kind === 'not') {
      const child = this.node(model, node.child);
      return (record) => !child(record);
    }
    if (node.kind === 'term') return this.term(model, node.term);
    const left = this.node(model, node.left);
    const right = this.node(model, node.right);
    return node.kind === 'and' ? (record) => left(record) && right(record) : (record) => left(record) || right(record);
  }

  private term(model: OdooModel, term: unknown): Predicate {
    const items = unpackTerm(term);
    if (isConstantTerm(items)) return items[0] === 1 ? () => true : () => false;
    const [left, rawOperator, right] = items;
    if (typeof left !== 'string') throw attributeError(`'${pyTypeName(left)}' object has no attribute 'split'`);
    const [fieldName, ...rest] = left.split('.');
    const field = model.field(fieldName);
    if (!field) throw valueError(`Invalid field ${model.name}.${fieldName} in ${this.leaf(items)}`);
    if (typeof rawOperator !== 'string' || !TERM_OPERATORS.has(rawOperator.toLowerCase())) {
      // 19.0 reads domains with odoo/orm/domains.py, which calls a leaf a condition.
      throw valueError(this.db.major >= 19 ? `Invalid operator in ${this.leaf(items)}` : `Invalid ${this.leaf(items)}`);
    }
    const [operator, operand] = normalizeOperator(rawOperator, right);
    if (rest.length > 0) return this.path(model, field, rest.join('.'), operator, operand, items);
    if (RELATIONAL_TYPES.has(field.type)) return this.relational(model, field, operator, operand);
    if (operator === 'child_of' || operator === 'parent_of') return this.hierarchyOfSelf(model, field, operator, operand, items);
    if (operator === 'any' || operator === 'not any') throw valueError(`Invalid leaf ${pyTupleRepr(items)}`);
    return this.withValue(model, field, scalarTest(field, operator, operand));
  }

  /** How an error names a leaf: "leaf ('x', '=', 1)", "condition ('x', '=', 1)" from 19.0. */
  private leaf(items: readonly unknown[]): string {
    return `${this.db.major >= 19 ? 'condition' : 'leaf'} ${pyTupleRepr(items)}`;
  }

  private withValue(model: OdooModel, field: OdooField, test: ValueTest): Predicate {
    if (field.name === 'id') return (record) => test(record.id);
    if (field.stored) {
      const name = field.name;
      return (record) => test(record[name]);
    }
    return (record) => test(this.db.value(model, field, record));
  }

  /** ('partner_id.country_id.code', op, value) is ('partner_id', 'any', [('country_id.code', op, value)]). */
  private path(model: OdooModel, field: OdooField, rest: string, operator: string, right: unknown, items: unknown[]): Predicate {
    if (!RELATIONAL_TYPES.has(field.type)) {
      throw valueError(`Invalid field ${model.name}.${String(items[0])} in ${this.leaf(items)}`);
    }
    return this.relational(model, field, 'any', [[rest, operator, right]]);
  }

  private relational(model: OdooModel, field: OdooField, operator: string, right: unknown): Predicate {
    const comodel = this.comodel(field);
    if (operator === 'any' || operator === 'not any') {
      // A many2one 'any' searches the comodel with active_test=False (expression.py).
      const ids = matchingIds(this.db, comodel, right, false);
      return this.overlapTest(model, field, ids, operator === 'not any');
    }
    if (operator === 'child_of' || operator === 'parent_of') {
      const seeds = this.operandIds(comodel, right);
      if (comodel.name === model.name) {
        const ids = this.hierarchy(model, seeds, operator, field.name);
        return (record) => ids.has(record.id);
      }
      return this.overlapTest(model, field, this.hierarchy(comodel, seeds, operator, comodel.parentName), false);
    }
    const items = Array.isArray(right) ? (right as unknown[]) : [right];
    const byName = items.some((item) => typeof item === 'string') || operator.includes('like');
    if (byName) {
      const negative = NEGATIVE_OPERATORS.has(operator);
      const positive = POSITIVE_OF[operator] ?? operator;
      const ids = this.idsByName(comodel, positive === 'in' ? '=' : positive, items);
      return this.overlapTest(model, field, ids, negative);
    }
    if (field.type === 'many2one') return this.withValue(model, field, scalarTest({ ...field, type: 'integer' }, operator, right));
    return this.x2manyTest(model, field, operator, items);
  }

  private x2manyTest(model: OdooModel, field: OdooField, operator: string, items: readonly unknown[]): Predicate {
    const ids = new Set(items.filter((item): item is number => typeof item === 'number'));
    const withEmpty = items.some(isFalsyOperand);
    const negative = NEGATIVE_OPERATORS.has(operator);
    const test: ValueTest = (value) => {
      const linked = idsIn(value);
      const hit = linked.some((id) => ids.has(id)) || (withEmpty && linked.length === 0);
      return hit !== negative;
    };
    return this.withValue(model, field, test);
  }

  /** The records whose relational value shares an id with `ids` (or shares none, when negative). */
  private overlapTest(model: OdooModel, field: OdooField, ids: ReadonlySet<number>, negative: boolean): Predicate {
    return this.withValue(model, field, (value) => idsIn(value).some((id) => ids.has(id)) !== negative);
  }

  /** Comodel records whose display name matches, as name_search resolves a name given for a many2one. */
  private idsByName(comodel: OdooModel, operator: string, names: readonly unknown[]): Set<number> {
    const numbers = names.filter((name): name is number => typeof name === 'number');
    const ids = new Set<number>(numbers);
    const texts = names.filter((name) => typeof name === 'string');
    const tests = operator.includes('like')
      ? texts.map((text) => likePattern(operator.startsWith('=') ? text : `%${text}%`, operator.includes('ilike')))
      : [];
    const exact = new Set(texts);
    for (const record of this.db.all(comodel.name)) {
      if (comodel.hasActive && record.active === false) continue;
      const name = comodel.displayName(record, this.db);
      if (tests.length > 0 ? tests.some((test) => test.test(name)) : exact.has(name)) ids.add(record.id);
    }
    return ids;
  }

  private operandIds(model: OdooModel, right: unknown): number[] {
    const items = Array.isArray(right) ? (right as unknown[]) : [right];
    const numbers = items.filter((item): item is number => typeof item === 'number');
    return [...numbers, ...this.idsByName(model, 'ilike', items.filter((item) => typeof item === 'string'))];
  }

  private hierarchyOfSelf(model: OdooModel, field: OdooField, operator: string, right: unknown, items: unknown[]): Predicate {
    if (field.name !== 'id') throw valueError(`Invalid leaf ${pyTupleRepr(items)}`);
    const ids = this.hierarchy(model, this.operandIds(model, right), operator, model.parentName);
    return (record) => ids.has(record.id);
  }

  /** child_of: the ids and their descendants; parent_of: the ids and their ancestors. */
  private hierarchy(model: OdooModel, seeds: readonly number[], operator: string, parentField: string | undefined): Set<number> {
    const result = new Set(seeds);
    if (!parentField) return result;
    if (operator === 'parent_of') {
      for (const seed of seeds) {
        let parent = this.db.get(model.name, seed)?.[parentField];
        while (typeof parent === 'number' && !result.has(parent)) {
          result.add(parent);
          parent = this.db.get(model.name, parent)?.[parentField];
        }
      }
      return result;
    }
    const children = new Map<number, number[]>();
    for (const record of this.db.all(model.name)) {
      const parent = record[parentField];
      if (typeof parent !== 'number') continue;
      const siblings = children.get(parent);
      if (siblings) siblings.push(record.id);
      else children.set(parent, [record.id]);
    }
    const queue = [...seeds];
    while (queue.length > 0) {
      for (const child of children.get(queue.pop() as number) ?? []) {
        if (!result.has(child)) {
          result.add(child);
          queue.push(child);
        }
      }
    }
    return result;
  }

  private comodel(field: OdooField): OdooModel {
    const comodel = field.relation ? this.db.model(field.relation) : undefined;
    if (!comodel) throw builtinError('KeyError', `'${field.relation ?? ''}'`);
    return comodel;
  }
}

function datetimeOperand(value: string): string {
  const text = value.replace('T', ' ');
  return text.length === 10 ? `${text} 00:00:00` : text;
}

/** The lower bound a conjunct sets on (write_date, id): "write_date > d", ">= d", or the keyset disjunction. */
function conjunctBound(node: DomainNode): KeysetBound | undefined {
  const parts = termParts(node);
  if (parts) {
    const [left, operator, right] = parts;
    if (left !== 'write_date' || typeof right !== 'string') return undefined;
    if (operator === '>') return { writeDate: datetimeOperand(right), id: Infinity };
    if (operator === '>=') return { writeDate: datetimeOperand(right), id: -Infinity };
    return undefined;
  }
  // ['|', ['write_date', '>', d], '&', ['write_date', '=', d], ['id', '>', i]]
  if (node.kind !== 'or' || node.right.kind !== 'and') return undefined;
  const after = termParts(node.left);
  const pair = [termParts(node.right.left), termParts(node.right.right)];
  const same = pair.find((term) => term?.[0] === 'write_date' && term[1] === '=');
  const beyond = pair.find((term) => term?.[0] === 'id' && term[1] === '>');
  if (!after || after[0] !== 'write_date' || after[1] !== '>' || !same || !beyond) return undefined;
  if (after[2] !== same[2] || typeof after[2] !== 'string' || typeof beyond[2] !== 'number') return undefined;
  return { writeDate: datetimeOperand(after[2]), id: beyond[2] };
}

function keysetBound(tree: DomainNode): KeysetBound | undefined {
  let best: KeysetBound | undefined;
  for (const node of conjuncts(tree)) {
    const bound = conjunctBound(node);
    if (bound && (!best || bound.writeDate > best.writeDate || (bound.writeDate === best.writeDate && bound.id > best.id))) {
      best = bound;
    }
  }
  return best;
}

function minId(tree: DomainNode): number {
  let floor = 0;
  for (const node of conjuncts(tree)) {
    const parts = termParts(node);
    if (!parts || parts[0] !== 'id' || typeof parts[2] !== 'number') continue;
    if (parts[1] === '>') floor = Math.max(floor, parts[2]);
    if (parts[1] === '>=') floor = Math.max(floor, parts[2] - 1);
  }
  return floor;
}
