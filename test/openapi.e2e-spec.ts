import { readFile } from 'node:fs/promises';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { buildOpenApiDocument, OPENAPI_FILE, serializeOpenApi } from '../src/openapi.js';
import { createTestApp } from './support/test-app.js';

type Operation = { operationId?: string; responses: Record<string, unknown> };

describe('OpenAPI document', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  const operations = (document: { paths: Record<string, Record<string, Operation>> }) =>
    Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, ...operation })),
    );

  it('is committed exactly as the code generates it (run `npm run openapi` after changing a route or DTO)', async () => {
    const committed = await readFile(OPENAPI_FILE, 'utf8');
    expect(serializeOpenApi(buildOpenApiDocument(app))).toEqual(committed);
  });

  it('is served as JSON at /api/docs-json with bearer auth declared', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs-json' });
    expect(res.statusCode).toBe(200);
    const document = res.json();
    expect(document.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(Object.keys(document.paths).every((path) => path.startsWith('/api/'))).toBe(true);
  });

  it('gives every operation a unique, clean operation id and a documented success answer', () => {
    const ops = operations(buildOpenApiDocument(app) as never);
    const ids = ops.map((op) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const op of ops) {
      expect(Object.keys(op.responses).some((status) => status.startsWith('2'))).toBe(true);
    }
  });

  it('serves the Swagger UI at /api/docs', async () => {
    const page = await app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('swagger-ui');
    const init = await app.inject({ method: 'GET', url: '/api/docs/swagger-ui-init.js' });
    expect(init.statusCode).toBe(200);
    expect(init.body).toContain('Sales backend API');
  });

  it('does not keep the bearer token given to Authorize in the browser (no persistAuthorization)', async () => {
    const init = await app.inject({ method: 'GET', url: '/api/docs/swagger-ui-init.js' });
    expect(init.body).toContain('customOptions');
    expect(init.body).not.toContain('persistAuthorization');
  });
});

describe('OpenAPI document with API_DOCS_ENABLED=false', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp({}, { API_DOCS_ENABLED: 'false' });
  });
  afterAll(() => app.close());

  it.each(['/api/docs', '/api/docs/', '/api/docs-json', '/api/docs-yaml', '/api/docs/swagger-ui-init.js'])('answers %s with 404 in the one error shape', async (url) => {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(res.body).not.toContain('Sales backend API');
  });

  it('still serves the API itself', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });
});
