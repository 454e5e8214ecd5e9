import fc from 'fast-check';
import { badObjectBody, badWholeBody, HUGE, NASTY_STRINGS, numberViolation, stringViolation, type Payload, type Variant } from './mutations.js';
import { resolve, type OpenApiDocument, type Operation, type Parameter, type Schema } from './openapi-document.js';
import { validValue, type Hints } from './schema-arbitraries.js';

/** What one operation's requests draw on besides its schemas; see contract-world.ts. */
export interface OperationHints {
  /** Encoded path values per parameter: real ids from the data. */
  path?: Record<string, fc.Arbitrary<string>>;
  query?: Hints;
  body?: Hints;
  /** Replaces the schema-based bodies (a schema that says little, like the webhook's). */
  payload?: fc.Arbitrary<Payload>;
  /** Extra headers that depend on the body (the webhook signature). */
  headers?: (payload: string | undefined) => fc.Arbitrary<Record<string, string>>;
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  remoteAddress: string;
  /** Why the documentation forbids this request, when it certainly does. */
  invalid?: string;
}

type Pair = [key: string, value: string];

/** Valid values of one part of a request (path, query or body) and broken ones. */
interface Part<T> {
  valid: fc.Arbitrary<Variant<T>>;
  bad: fc.Arbitrary<Variant<T>>;
}

/** Requests that are valid, or that break exactly one part, so that a failure points at it. */
export function requestArbitrary(
  document: OpenApiDocument,
  operation: Operation,
  authorization: fc.Arbitrary<string | undefined>,
  hints: OperationHints,
): fc.Arbitrary<FuzzRequest> {
  const path = pathPart(document, operation, hints);
  const query = queryPart(document, operation, hints.query ?? {});
  const body = bodyPart(document, operation, hints);
  const kinds = [
    { weight: 3, arbitrary: fc.tuple(path.valid, query.valid, body.valid) },
    { weight: 1, arbitrary: fc.tuple(path.valid, query.bad, body.valid) },
    { weight: operation.body ? 2 : 1, arbitrary: fc.tuple(path.valid, query.valid, body.bad) },
  ];
  if (operation.parameters.some((param) => param.in === 'path')) kinds.push({ weight: 1, arbitrary: fc.tuple(path.bad, query.valid, body.valid) });
  const parts = fc.oneof(...kinds);
  const rest = fc.record({
    authorization,
    requestId: fc.option(fc.oneof(fc.constant('trace-42'), fc.stringMatching(/^[\x20-\x7e]{0,200}$/)), { nil: undefined }),
    remoteAddress: fc.ipV4(),
  });
  return fc.tuple(parts, rest).chain(([[pathValue, queryValue, bodyValue], { authorization, requestId, remoteAddress }]) =>
    (hints.headers?.(bodyValue.value.text) ?? fc.constant({})).map((extra) => ({
      method: operation.method,
      url: `${pathValue.value}${queryValue.value ? `?${queryValue.value}` : ''}`,
      headers: headersOf(authorization, requestId, bodyValue.value, extra),
      payload: bodyValue.value.text,
      remoteAddress,
      invalid: pathValue.invalid ?? queryValue.invalid ?? bodyValue.invalid,
    })),
  );
}

function headersOf(authorization: string | undefined, requestId: string | undefined, body: Payload, extra: Record<string, string>) {
  const headers: Record<string, string> = { ...extra };
  if (authorization !== undefined) headers.authorization = authorization;
  if (requestId !== undefined) headers['x-request-id'] = requestId;
  if (body.text !== undefined) headers['content-type'] = body.contentType ?? 'application/json';
  return headers;
}

// --- path ------------------------------------------------------------------------------------------------------

/**
 * Encoded path segments that are no id: out of range, not numbers, malformed escapes, NUL, too long. No dot
 * segments: the URL resolves those before sending, so they address another route.
 */
const PATH_GARBAGE = [
  'abc', '0', '-1', '1.5', '1e3', '0x10', '+1', '2147483648', '99999999999999999999', 'null', 'undefined', '%00', '%25', '%',
  '%zz', '%E2%80%AE', encodeURIComponent('😀'), encodeURIComponent('{"$ne":null}'), '%24ne', '%2F', '%20', '%201',
  'x'.repeat(100_000), '00000000-0000-0000-0000-000000000000',
];

function pathPart(document: OpenApiDocument, operation: Operation, hints: OperationHints): Part<string> {
  const params = operation.parameters.filter((param) => param.in === 'path');
  const fill = (bad: boolean) =>
    fc.tuple(...params.map((param) => pathValue(document, param, hints.path?.[param.name], bad))).map((filled) => ({
      value: filled.reduce((path, { name, value }) => path.replace(`{${name}}`, value), operation.path),
      invalid: filled.map(({ name, invalid }) => invalid && `path ${name}: ${invalid}`).find(Boolean),
    }));
  return { valid: fill(false), bad: fill(true) };
}

/** A real id (when the world has some) or a documented value; when bad, garbage or a random UUID. */
function pathValue(document: OpenApiDocument, param: Parameter, real: fc.Arbitrary<string> | undefined, bad: boolean) {
  const schema = resolve(document, param.schema);
  const generic = validValue(document, schema).map((value) => encode(String(value)));
  const value = bad
    ? fc.oneof(fc.constantFrom(...PATH_GARBAGE), fc.uuid())
    : real ? fc.oneof({ weight: 4, arbitrary: real }, { weight: 1, arbitrary: generic }) : generic;
  return value.map((encoded) => ({ name: param.name, value: encoded, invalid: pathViolation(schema, encoded) }));
}

function pathViolation(schema: Schema, encoded: string): string | undefined {
  if (schema.type !== 'integer') return undefined;
  const text = safeDecode(encoded);
  return text !== undefined && /^\d+$/.test(text) ? numberViolation(schema, Number(text)) : 'not an integer';
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

// --- query -----------------------------------------------------------------------------------------------------

/** Values that are wrong for one parameter or another: not numbers, out of range, not in an enum, not dates, huge. */
const QUERY_GARBAGE = [
  'abc', 'NaN', 'Infinity', '1e400', '1.5', '0', '-1', '2147483648', '99999999999999999999', '', ' 1', '0x10', 'nope', 'OPEN',
  'open ', '2026-02-30', '31-12-2026', '2026-12-01T00:00:00Z', 'yes', 'TRUE', '1', 'eur', 'EURO', HUGE, ...NASTY_STRINGS,
];

/** Keys no route documents, among them operator and prototype forms. */
const UNKNOWN_PARAMS: Pair[] = [
  ['unknown', '1'], ['$where', '1'], ['__proto__[is_admin]', 'true'], ['constructor[prototype][x]', '1'], ['password_hash', 'x'], ['x'.repeat(10_000), '1'],
];

function queryPart(document: OpenApiDocument, operation: Operation, hints: Hints): Part<string> {
  const params = operation.parameters.filter((param) => param.in === 'query');
  const valid = fc.tuple(...params.map((param) => validPair(document, param, hints))).map((pairs) => pairs.filter((pair): pair is Pair => pair !== null));
  return { valid: valid.map((pairs) => ({ value: encodeQuery(pairs) })), bad: valid.chain((pairs) => badQuery(document, params, pairs)) };
}

function validPair(document: OpenApiDocument, param: Parameter, hints: Hints): fc.Arbitrary<Pair | null> {
  const generic = validValue(document, param.schema);
  const hint = hints[param.name];
  const value = (hint ? fc.oneof({ weight: 3, arbitrary: hint }, { weight: 1, arbitrary: generic }) : generic).map((v): Pair => [param.name, String(v)]);
  return param.required ? value : fc.option(value, { nil: null, freq: 2 });
}

function badQuery(document: OpenApiDocument, params: Parameter[], pairs: Pair[]): fc.Arbitrary<Variant<string>> {
  const kinds: fc.Arbitrary<Variant<string>>[] = [fc.constantFrom(...UNKNOWN_PARAMS).map((pair) => ({ value: encodeQuery([...pairs, pair]) }))];
  if (params.length > 0) {
    const param = fc.constantFrom(...params);
    kinds.push(param.chain((p) => badParamValue(resolve(document, p.schema), p.name, pairs)));
    kinds.push(param.map((p) => ({ value: encodeQuery([...pairs, [p.name, 'a'], [p.name, 'b']]), invalid: `${p.name} given twice` })));
    kinds.push(
      fc.tuple(param, fc.constantFrom('[$ne]=x', '[$gt]=', '[$regex]=.*', '[]=1', '[0]=1', '.$ne=1')).map(([p, operator]) => ({
        value: `${encodeQuery(pairs)}${pairs.length ? '&' : ''}${p.name}${operator}`,
      })),
    );
  }
  const required = params.filter((p) => p.required);
  if (required.length > 0) {
    kinds.push(
      fc.constantFrom(...required).map((p) => ({
        value: encodeQuery(pairs.filter(([name]) => name !== p.name)),
        invalid: `missing required ${p.name}`,
      })),
    );
  }
  return fc.oneof(...kinds);
}

function badParamValue(schema: Schema, name: string, pairs: Pair[]): fc.Arbitrary<Variant<string>> {
  return fc.constantFrom(...QUERY_GARBAGE).map((value) => {
    const invalid = queryViolation(schema, value);
    return { value: encodeQuery([...pairs.filter(([key]) => key !== name), [name, value]]), invalid: invalid && `${name}=${value.slice(0, 40)}: ${invalid}` };
  });
}

/** Query values arrive as text; numbers are what Number() makes of them, as the API's DTOs convert them. */
function queryViolation(schema: Schema, value: string): string | undefined {
  if (schema.enum) return schema.enum.includes(value) ? undefined : 'not in the enum';
  if (schema.type === 'boolean') return value === 'true' || value === 'false' ? undefined : 'not a boolean';
  if (schema.type === 'integer' || schema.type === 'number') {
    if (!Number.isFinite(Number(value))) return 'not a number';
    return value.trim() === '' ? undefined : numberViolation(schema, Number(value));
  }
  return stringViolation(schema, value);
}

function encodeQuery(pairs: Pair[]): string {
  return pairs.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&');
}

/** encodeURIComponent, except that a lone surrogate (which it refuses) goes out as the bytes of one: not UTF-8. */
function encode(text: string): string {
  return [...text].map((char) => (/^[\uD800-\uDFFF]$/.test(char) ? '%ED%A0%80' : encodeURIComponent(char))).join('');
}

// --- body ------------------------------------------------------------------------------------------------------

/** Stray bodies for operations that take none. */
const STRAY_BODIES: Payload[] = [{ text: '{"a":1}' }, { text: '{' }, { text: JSON.stringify({ $ne: null }) }, { text: HUGE, contentType: 'text/plain' }];

function bodyPart(document: OpenApiDocument, operation: Operation, hints: OperationHints): Part<Payload> {
  const variant = (payload: Payload): Variant<Payload> => ({ value: payload, invalid: payload.invalid });
  if (hints.payload) return { valid: hints.payload.map(variant), bad: hints.payload.map(variant) };
  if (!operation.body) return { valid: fc.constant({ value: {} }), bad: fc.constantFrom(...STRAY_BODIES).map(variant) };
  const schema = resolve(document, operation.body);
  const valid = validValue(document, schema, hints.body ?? {});
  const bad = valid.chain((value) =>
    schema.properties
      ? badObjectBody(schema, value as Record<string, unknown>, operation.bodyRequired)
      : badWholeBody(value, false, operation.bodyRequired),
  );
  return { valid: valid.map((value) => ({ value: { text: JSON.stringify(value) } })), bad: bad.map(variant) };
}
