import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { OpenApiDocument, Operation, Schema } from './openapi-document.js';

// ajv-formats is CommonJS with a default export; depending on the interop it arrives as the function or as its module.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

const COMPONENTS = 'openapi';

/**
 * OpenAPI 3.0 schema to JSON Schema: `nullable` becomes `anyOf` with null, refs point into the registered
 * components, and objects that list their properties allow no others: an answer carrying a field its
 * documentation does not name is a contract break too.
 */
function toJsonSchema(schema: Schema): Record<string, unknown> {
  const { nullable, $ref, ...rest } = schema;
  delete rest.example;
  if ($ref) return { $ref: $ref.replace('#/components/schemas/', `${COMPONENTS}#/definitions/`) };
  const converted: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(rest)) converted[keyword] = convertKeyword(keyword, value);
  if (converted.properties && converted.additionalProperties === undefined) converted.additionalProperties = false;
  return nullable ? { anyOf: [{ type: 'null' }, converted] } : converted;
}

function convertKeyword(keyword: string, value: unknown): unknown {
  if (keyword === 'properties') {
    return Object.fromEntries(Object.entries(value as Record<string, Schema>).map(([name, schema]) => [name, toJsonSchema(schema)]));
  }
  if (keyword === 'items' || (keyword === 'additionalProperties' && typeof value === 'object')) return toJsonSchema(value as Schema);
  if (keyword === 'allOf' || keyword === 'oneOf' || keyword === 'anyOf') return (value as Schema[]).map(toJsonSchema);
  return value;
}

export interface Verdict {
  valid: boolean;
  errors?: string;
}

/** Validates answers against the schemas openapi.json documents for them, compiled once each. */
export class ResponseValidator {
  private readonly ajv = new Ajv({ allErrors: true, strict: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    addFormats(this.ajv);
    const definitions = Object.fromEntries(Object.entries(document.components.schemas).map(([name, schema]) => [name, toJsonSchema(schema)]));
    this.ajv.addSchema({ $id: COMPONENTS, definitions });
  }

  /** The documented schema of a status's JSON answer; undefined when the status is documented without content. */
  documentedSchema(operation: Operation, status: number): Schema | undefined {
    return operation.responses[String(status)]?.content?.['application/json']?.schema;
  }

  validate(key: string, schema: Schema, body: unknown): Verdict {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema));
      this.compiled.set(key, validate);
    }
    if (validate(body)) return { valid: true };
    return { valid: false, errors: this.ajv.errorsText(validate.errors, { separator: '\n' }) };
  }

  validateError(body: unknown): Verdict {
    return this.validate('ErrorResponseDto', { $ref: '#/components/schemas/ErrorResponseDto' }, body);
  }
}
