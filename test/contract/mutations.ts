import fc from 'fast-check';
import type { Schema } from './openapi-document.js';

/** A generated value; `invalid` says why its documentation forbids it, when it certainly does. */
export interface Variant<T> {
  value: T;
  invalid?: string;
}

export const HUGE = 'x'.repeat(100_000);
/** JSON nested 100,000 levels deep: JSON.parse copes, recursive code does not. */
const DEEP = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
/** Over the default body limit of 1 MiB. */
const OVERSIZED = JSON.stringify({ padding: 'x'.repeat(1_100_000) });

export const OPERATORS: unknown[] = [{ $ne: null }, { $gt: '' }, { $regex: '.*' }, { $where: 'sleep(100)' }, { $exists: true }, { $in: [] }];

/** Strings that break naive code: empty, blank, NUL, emoji, right-to-left override, lone surrogate, markup, injections. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '😀'.repeat(30),
  '👨‍👩‍👧‍👦',
  '\u202Eevil',
  '\uD800',
  'İstanbul ß ǅ',
  'ｆｕｌｌｗｉｄｔｈ',
  '\r\n\t',
  "'; DROP TABLE users; --",
  '${7*7}{{7*7}}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '.*',
  '(a+)+$',
  '[',
  '\\',
  'NaN',
  'null',
  'true',
  '-1',
  '1e308',
];

/** Numbers at and beyond every edge; strings that look like numbers. */
const NASTY_NUMBERS: unknown[] = [-1, 0, -0, 0.001, 1.5, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, 'NaN', 'Infinity', '-Infinity', '1e999', '12'];

/** JSON texts that are not JSON, or numbers JSON.parse turns into something odd. */
const RAW_LITERALS = ['NaN', 'Infinity', '-Infinity', '0x10', '1e400', '123456789012345678901234567890', 'undefined', "'x'", DEEP];

const codePoints = (text: string) => [...text].length;
const kindOf = (value: unknown) => (Array.isArray(value) ? 'an array' : `a ${typeof value}`);

/** Why a value breaks a (resolved) schema, when it plainly does; undefined when it may well be valid. */
function violation(schema: Schema, value: unknown): string | undefined {
  if (value === null) return schema.nullable ? undefined : 'null';
  if (typeof value === 'object' && !Array.isArray(value) && schema.type !== 'object') return 'an object';
  if (schema.enum) return schema.enum.includes(value) ? undefined : 'not in the enum';
  switch (schema.type) {
    case 'string':
      return typeof value === 'string' ? stringViolation(schema, value) : `${kindOf(value)} for a string`;
    case 'integer':
    case 'number':
      return typeof value === 'number' ? numberViolation(schema, value) : `${kindOf(value)} for a number`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${kindOf(value)} for a boolean`;
    case 'array':
      return Array.isArray(value) ? undefined : 'not an array';
    default:
      return undefined;
  }
}

export function stringViolation(schema: Schema, value: string): string | undefined {
  if (schema.maxLength !== undefined && codePoints(value) > schema.maxLength) return 'longer than maxLength';
  if (schema.minLength !== undefined && value.length < schema.minLength) return 'shorter than minLength';
  if (schema.pattern && !new RegExp(schema.pattern).test(value)) return 'not matching the pattern';
  if (schema.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'not a date';
  if (schema.format === 'email' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) return 'not an email';
  if (schema.format === 'uri' && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(value)) return 'not a URI';
  return undefined;
}

export function numberViolation(schema: Schema, value: number): string | undefined {
  if (schema.type === 'integer' && !Number.isInteger(value)) return 'not an integer';
  if (schema.minimum !== undefined && value < schema.minimum) return 'below the minimum';
  if (schema.maximum !== undefined && value > schema.maximum) return 'above the maximum';
  return undefined;
}

/** Values of the wrong type, operator objects, edge numbers and nasty or huge strings, labelled against the schema. */
function badValue(schema: Schema): fc.Arbitrary<Variant<unknown>> {
  const candidates: unknown[] = [null, true, [], ['a'], {}, ...OPERATORS, ...NASTY_NUMBERS, ...NASTY_STRINGS, HUGE];
  return fc.constantFrom(...candidates).map((value) => ({ value, invalid: violation(schema, value) }));
}

/** A JSON payload as text, so that it can also be made into something JSON.stringify never writes. */
export interface Payload {
  text?: string;
  contentType?: string;
  invalid?: string;
}

const json = (value: unknown): Payload => ({ text: JSON.stringify(value) });

/** Mutations of a valid object body: a property missing, wrong or added, the whole body replaced. */
export function badObjectBody(schema: Schema, valid: Record<string, unknown>, bodyRequired: boolean): fc.Arbitrary<Payload> {
  const names = Object.keys(schema.properties ?? {});
  const kinds: fc.Arbitrary<Payload>[] = [badWholeBody(valid, true, bodyRequired), extraField(valid)];
  if (names.length > 0) {
    kinds.push(fc.constantFrom(...names).chain((name) => badProperty(schema.properties![name], name, valid)));
    kinds.push(fc.constantFrom(...names).chain((name) => rawLiteral(schema.properties![name], name, valid)));
  }
  const required = schema.required ?? [];
  if (required.length > 0) {
    kinds.push(
      fc.constantFrom(...required).map((name) => ({ ...json(without(valid, name)), invalid: `missing required ${name}` })),
    );
  }
  return fc.oneof(...kinds);
}

function badProperty(schema: Schema, name: string, valid: Record<string, unknown>): fc.Arbitrary<Payload> {
  return badValue(schema).map(({ value, invalid }) => ({
    ...json({ ...valid, [name]: value }),
    invalid: invalid && `${name}: ${invalid}`,
  }));
}

function rawLiteral(schema: Schema, name: string, valid: Record<string, unknown>): fc.Arbitrary<Payload> {
  return fc.constantFrom(...RAW_LITERALS).map((literal) => {
    const parsed = parseOrUndefined(literal);
    return {
      text: withRawField(valid, name, literal),
      invalid: parsed === undefined ? 'not JSON' : violation(schema, parsed) && `${name}: ${literal.slice(0, 30)}`,
    };
  });
}

/** Fields no DTO has, among them prototype pollution and Mongo operators. */
function extraField(valid: Record<string, unknown>): fc.Arbitrary<Payload> {
  return fc.constantFrom(
    withRawField(valid, '__proto__', '{"is_admin":true}'),
    withRawField(valid, 'constructor', '{"prototype":{"is_admin":true}}'),
    JSON.stringify({ ...valid, password_hash: 'x' }),
    JSON.stringify({ ...valid, $set: { role: 'admin' } }),
    JSON.stringify({ ...valid, id: 1, role_id: 'x', unknown_field: HUGE }),
  ).map((text) => ({ text, invalid: 'an unknown field' }));
}

/**
 * Bodies that are no object at all: other JSON values, broken JSON, no body, another content type, too large.
 * JSON null counts as no body, as the ValidationPipe takes it.
 */
export function badWholeBody(valid: unknown, objectOnly: boolean, bodyRequired: boolean): fc.Arbitrary<Payload> {
  const notAnObject = objectOnly ? 'not an object' : undefined;
  const noBody = bodyRequired ? 'no body' : undefined;
  return fc.constantFrom<Payload>(
    { text: 'null', invalid: noBody },
    { text: '"text"', invalid: 'a string' },
    { text: '42', invalid: 'a number' },
    { text: 'true', invalid: 'a boolean' },
    { text: '[]', invalid: notAnObject },
    { text: JSON.stringify([valid]), invalid: notAnObject },
    { text: '{', invalid: 'not JSON' },
    { text: '{"a":}', invalid: 'not JSON' },
    { text: '\u0000', invalid: 'not JSON' },
    { text: '', invalid: 'not JSON' },
    { text: undefined, invalid: noBody },
    { text: DEEP, invalid: notAnObject },
    { text: JSON.stringify(valid), contentType: 'text/plain', invalid: 'not sent as JSON' },
    { text: JSON.stringify(valid), contentType: 'application/x-www-form-urlencoded', invalid: 'not sent as JSON' },
    { text: OVERSIZED, invalid: 'larger than the body limit' },
  );
}

/** `{"<name>": <literal>, ...rest}` written by hand, for keys and values JSON.stringify would not write. */
function withRawField(valid: Record<string, unknown>, name: string, literal: string): string {
  const others = JSON.stringify(without(valid, name)).slice(1, -1);
  return `{${JSON.stringify(name)}:${literal}${others ? `,${others}` : ''}}`;
}

function without(object: Record<string, unknown>, name: string): Record<string, unknown> {
  const copy = { ...object };
  delete copy[name];
  return copy;
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
