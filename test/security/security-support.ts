import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { HTTPMethods, LightMyRequestResponse } from 'fastify';

export type Headers = { authorization: string };

interface OpenApiParameter {
  name: string;
  in: 'query' | 'path' | 'header';
  schema?: { type?: string; enum?: unknown[]; format?: string };
}

interface OpenApiOperation {
  security?: unknown[];
  'x-admin-only'?: boolean;
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, { schema?: { $ref?: string } }> };
}

export interface Operation {
  method: HTTPMethods;
  /** The path as documented, `/api/users/{id}`. */
  path: string;
  /** The path with every parameter filled in with a well-formed id nobody has. */
  url: string;
  protected: boolean;
  adminOnly: boolean;
  queryParameters: string[];
  /** The properties of the JSON body's schema, when it has one. */
  bodyProperties: string[];
}

export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** Every operation of the OpenAPI document the app serves (the committed openapi.json matches it). */
export async function operations(app: NestFastifyApplication): Promise<Operation[]> {
  const document = (await app.inject({ method: 'GET', url: '/api/docs-json' })).json();
  const schemas = document.components.schemas as Record<string, { properties?: Record<string, unknown> }>;
  const bodyProperties = (op: OpenApiOperation) => {
    const ref = op.requestBody?.content['application/json']?.schema?.$ref;
    return ref ? Object.keys(schemas[ref.split('/').pop()!].properties ?? {}) : [];
  };
  return Object.entries(document.paths as Record<string, Record<string, OpenApiOperation>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      url: path.replace(/\{[^}]+\}/g, UNKNOWN_ID),
      protected: Boolean(op.security?.length),
      adminOnly: Boolean(op['x-admin-only']),
      queryParameters: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      bodyProperties: bodyProperties(op),
    })),
  );
}

/**
 * The one error shape, `{ status, code, message, details?, context?, request_id }`, with nothing else in it and the
 * request id the response header carries. Answers the body for further checks.
 */
export function expectError(res: LightMyRequestResponse, status: number, label = ''): Record<string, unknown> {
  const body = res.json();
  expect({ label, status: res.statusCode }).toEqual({ label, status });
  expect(Object.keys(body).filter((key) => !['status', 'code', 'message', 'details', 'context', 'request_id'].includes(key))).toEqual([]);
  expect(body).toMatchObject({ status, code: expect.stringMatching(/^[A-Z_]+$/), message: expect.any(String), request_id: res.headers['x-request-id'] });
  return body;
}

/** A JWT's three parts, the first two decoded. */
export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown>; signature: string } {
  const [header, payload, signature] = token.split('.');
  const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  return { header: decode(header), payload: decode(payload), signature };
}

export const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
