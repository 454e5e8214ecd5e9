import fc from 'fast-check';
import { NASTY_STRINGS } from './mutations.js';
import { resolve, type OpenApiDocument, type Schema } from './openapi-document.js';

/** Realistic values for named fields (ids from the data, the fake Odoo's URL...), mixed into what a schema allows. */
export type Hints = Record<string, fc.Arbitrary<unknown>>;

const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2000, 0, 1);
const LAST_DAY = Date.UTC(2035, 11, 31);

const day = fc.integer({ min: 0, max: (LAST_DAY - FIRST_DAY) / DAY_MS }).map((n) => new Date(FIRST_DAY + n * DAY_MS).toISOString().slice(0, 10));

export const simpleEmail = fc
  .tuple(fc.stringMatching(/^[a-z0-9]{1,16}$/), fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.constantFrom('com', 'org', 'example'))
  .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);

/** Values a schema documents as valid. */
export function validValue(document: OpenApiDocument, schema: Schema, hints: Hints = {}): fc.Arbitrary<unknown> {
  const resolved = resolve(document, schema);
  const value = nonNullValue(document, resolved, hints);
  return resolved.nullable ? fc.oneof(fc.constant(null), value) : value;
}

function nonNullValue(document: OpenApiDocument, schema: Schema, hints: Hints): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.oneOf) return fc.oneof(...schema.oneOf.map((option) => validValue(document, option)));
  switch (schema.type) {
    case 'string':
      return validString(schema);
    case 'integer':
      return validInteger(schema);
    case 'number':
      return fc.oneof(validInteger(schema), validDecimal(schema));
    case 'boolean':
      return fc.boolean();
    case 'array':
      return validArray(document, schema);
    default:
      return validObject(document, schema, hints);
  }
}

function validString(schema: Schema): fc.Arbitrary<string> {
  if (schema.format === 'date') return day;
  if (schema.format === 'date-time') return day.map((d) => `${d}T12:00:00.000Z`);
  if (schema.format === 'email') return simpleEmail;
  // Never a random host: a connection test against one would wait on DNS.
  if (schema.format === 'uri') return fc.constantFrom('http://127.0.0.1:9/', 'https://127.0.0.1:9/odoo');
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? 10_000;
  const fits = (text: string) => text.length >= minLength && text.length <= maxLength;
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
  const short = Math.min(maxLength, minLength + 40);
  const kinds = [
    { weight: 4, arbitrary: fc.string({ minLength, maxLength: short }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength: short }).filter(fits) },
    { weight: 1, arbitrary: fc.constant('x'.repeat(Math.min(maxLength, 10_000))) },
  ];
  // Valid as the schema has it, and still trouble for the code behind: NUL, emoji, lone surrogates, markup.
  const nasty = NASTY_STRINGS.filter(fits);
  if (nasty.length > 0) kinds.push({ weight: 2, arbitrary: fc.constantFrom(...nasty) });
  return fc.oneof(...kinds);
}

function validInteger(schema: Schema): fc.Arbitrary<number> {
  const min = schema.minimum ?? -1_000_000;
  const max = schema.maximum ?? 1_000_000;
  return fc.oneof({ weight: 3, arbitrary: fc.integer({ min, max: Math.min(max, min + 500) }) }, fc.integer({ min, max }), fc.constantFrom(min, max));
}

function validDecimal(schema: Schema): fc.Arbitrary<number> {
  const min = schema.minimum ?? -1_000_000;
  const max = schema.maximum ?? 1_000_000;
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((n) => Math.min(max, Math.max(min, Math.round(n * 100) / 100)));
}

function validArray(document: OpenApiDocument, schema: Schema): fc.Arbitrary<unknown[]> {
  const items = validValue(document, schema.items ?? {});
  const constraints = { minLength: schema.minItems ?? 0, maxLength: schema.maxItems ?? 5 };
  return schema.uniqueItems ? fc.uniqueArray(items, { ...constraints, selector: (item) => JSON.stringify(item) }) : fc.array(items, constraints);
}

function validObject(document: OpenApiDocument, schema: Schema, hints: Hints): fc.Arbitrary<Record<string, unknown>> {
  if (!schema.properties) return fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 });
  const model = Object.fromEntries(
    Object.entries(schema.properties).map(([name, property]) => {
      const generic = validValue(document, property);
      const hint = hints[name];
      return [name, hint ? fc.oneof({ weight: 4, arbitrary: hint }, { weight: 1, arbitrary: generic }) : generic];
    }),
  );
  return fc.record(model, { requiredKeys: schema.required ?? [] });
}
