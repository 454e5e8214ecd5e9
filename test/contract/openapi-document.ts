import { readFileSync } from 'node:fs';
import { OPENAPI_FILE } from '../../src/openapi.js';

/** The parts of an OpenAPI 3.0 schema object the contract tests read. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  [keyword: string]: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Schema;
}

interface Content {
  required?: boolean;
  content?: Record<string, { schema: Schema }>;
}

export interface Operation {
  /** `GET /api/users/{id}`: names the operation in messages. */
  key: string;
  operationId: string;
  method: string;
  path: string;
  parameters: Parameter[];
  body?: Schema;
  bodyRequired: boolean;
  responses: Record<string, Content>;
  secured: boolean;
  adminOnly: boolean;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, RawOperation>>;
  components: { schemas: Record<string, Schema> };
}

interface RawOperation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: Content;
  responses: Record<string, Content>;
  security?: unknown[];
  'x-admin-only'?: boolean;
}

export function loadDocument(): OpenApiDocument {
  return JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as OpenApiDocument;
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, raw]) => ({
      key: `${method.toUpperCase()} ${path}`,
      operationId: raw.operationId,
      method: method.toUpperCase(),
      path,
      parameters: raw.parameters ?? [],
      body: raw.requestBody?.content?.['application/json']?.schema,
      bodyRequired: raw.requestBody?.required === true,
      responses: raw.responses,
      secured: (raw.security ?? []).length > 0,
      adminOnly: raw['x-admin-only'] === true,
    })),
  );
}

/** Follows `$ref` and unwraps a lone `allOf` (how @nestjs/swagger documents a described or nullable reference). */
export function resolve(document: OpenApiDocument, schema: Schema): Schema {
  if (schema.$ref) return resolve(document, document.components.schemas[schema.$ref.replace('#/components/schemas/', '')]);
  if (schema.allOf?.length === 1) {
    const { allOf, ...rest } = schema;
    return { ...resolve(document, allOf[0]), ...rest };
  }
  return schema;
}
