// How a domain term compares a stored value with its right operand, per field type, with the NULL semantics
// of odoo/osv/expression.py (17.0) __leaf_to_sql: `= False` is IS NULL, `!= value` also matches NULL,
// `in` with False also matches NULL, like/ilike wrap the value in '%'.
import type { OdooField } from './model-registry.js';
import type { StoredValue } from './model-types.js';

export type ValueTest = (value: StoredValue | undefined) => boolean;

const CHAR_TYPES = new Set(['char', 'text', 'html', 'selection']);
const NUMBER_TYPES = new Set(['integer', 'float', 'monetary', 'many2one_reference']);

export const isFalsyOperand = (right: unknown): boolean => right === false || right === null || right === undefined;

/** No value at all: comparisons with an actual operand never match it. */
const isMissing = (value: StoredValue | undefined | null): boolean => value === false || value === undefined || value === null;

/** SQL NULL: what `= False` matches (an empty text counts too: the ORM treats both as "not set"). */
function isNullValue(field: OdooField, value: StoredValue | undefined): boolean {
  if (isMissing(value)) return true;
  return CHAR_TYPES.has(field.type) && value === '';
}

/** The right operand in the stored representation of the field's type. */
function operandFor(field: OdooField, right: unknown): string | number {
  if (NUMBER_TYPES.has(field.type) || field.name === 'id') return Number(right);
  const text = typeof right === 'string' ? right : String(right);
  if (field.type === 'datetime') return normalizeDatetimeOperand(text);
  return text;
}

function normalizeDatetimeOperand(text: string): string {
  const value = text.replace('T', ' ').replace(/Z$/, '');
  return value.length === 10 ? `${value} 00:00:00` : value;
}

function compareValues(value: StoredValue, operand: string | number): number {
  if (typeof operand === 'number') return Number(value) - operand;
  const text = String(value);
  return text === operand ? 0 : text < operand ? -1 : 1;
}

/** SQL LIKE pattern to a regular expression: % any run, _ any one character, \ escapes. */
export function likePattern(pattern: string, caseInsensitive: boolean): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '\\' && index + 1 < pattern.length) source += escapeRegExp(pattern[++index]);
    else if (char === '%') source += '.*';
    else if (char === '_') source += '.';
    else source += escapeRegExp(char);
  }
  return new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's');
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function likeTest(field: OdooField, operator: string, right: unknown): ValueTest {
  const text = isFalsyOperand(right) ? '' : String(right);
  const wrapped = operator.startsWith('=') ? text : `%${text}%`;
  const pattern = likePattern(wrapped, operator.includes('ilike'));
  const negative = operator.startsWith('not');
  // "like ''" also matches NULL; "not like 'x'" matches NULL (__leaf_to_sql adds "OR col IS NULL").
  const nullResult = negative ? text !== '' : text === '';
  return (value) => {
    if (isNullValue(field, value)) return nullResult;
    return pattern.test(String(value)) !== negative;
  };
}

function inTest(field: OdooField, right: unknown, negative: boolean): ValueTest {
  const items = Array.isArray(right) ? (right as unknown[]) : [right];
  const withNull = items.some(isFalsyOperand);
  const operands = new Set(items.filter((item) => !isFalsyOperand(item)).map((item) => operandFor(field, item)));
  return (value) => {
    if (isMissing(value) || (withNull && isNullValue(field, value))) return withNull !== negative;
    return operands.has(typeof value === 'number' || typeof value === 'string' ? value : String(value)) !== negative;
  };
}

function comparisonTest(field: OdooField, operator: string, right: unknown): ValueTest {
  if (isFalsyOperand(right)) return () => false;
  const operand = operandFor(field, right);
  const accept: (order: number) => boolean =
    operator === '<' ? (o) => o < 0 : operator === '<=' ? (o) => o <= 0 : operator === '>' ? (o) => o > 0 : (o) => o >= 0;
  return (value) => !isMissing(value) && accept(compareValues(value as StoredValue, operand));
}

function equalityTest(field: OdooField, right: unknown, negative: boolean): ValueTest {
  if (isFalsyOperand(right)) return (value) => isNullValue(field, value) !== negative;
  const operand = operandFor(field, right);
  // "col != value OR col IS NULL" only when the value is truthy (0 and '' compare plainly).
  const nullMatches = negative && Boolean(right);
  return (value) => {
    if (isMissing(value)) return nullMatches;
    return (compareValues(value as StoredValue, operand) === 0) !== negative;
  };
}

function booleanTest(operator: string, right: unknown): ValueTest {
  const truthy = (value: unknown) => value === true || (typeof value === 'number' && value !== 0);
  if (operator === 'in' || operator === 'not in') {
    const items = Array.isArray(right) ? (right as unknown[]) : [right];
    const accepted = new Set(items.map((item) => truthy(item)));
    return (value) => accepted.has(value === true) !== (operator === 'not in');
  }
  const wanted = truthy(right);
  const negative = operator === '!=';
  return (value) => ((value === true) === wanted) !== negative;
}

/** The test a scalar (non-relational) field applies for an operator already normalized. */
export function scalarTest(field: OdooField, operator: string, right: unknown): ValueTest {
  if (field.type === 'boolean' && ['=', '!=', 'in', 'not in'].includes(operator)) return booleanTest(operator, right);
  switch (operator) {
    case '=':
      return equalityTest(field, right, false);
    case '!=':
      return equalityTest(field, right, true);
    case '=?':
      return isFalsyOperand(right) ? () => true : equalityTest(field, right, false);
    case 'in':
      return inTest(field, right, false);
    case 'not in':
      return inTest(field, right, true);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return comparisonTest(field, operator, right);
    default:
      return likeTest(field, operator, right);
  }
}
