import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ErrorResponseDto } from './common/errors/error-response.dto.js';

const DOCS_PATH = 'api/docs';

/** The committed document frontend teams generate their clients from. */
export const OPENAPI_FILE = path.resolve(import.meta.dirname, '..', 'openapi.json');

export function serializeOpenApi(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Sales backend API')
    .setDescription(
      'Odoo sales data (opportunities, accounts, invoices, activities) served from MongoDB, scoped to what the caller may see. ' +
        'Every error answers in the ErrorResponseDto shape.',
    )
    .setVersion('1.0.0')
    // Relative: the paths already hold /api, on whichever host serves this document.
    .addServer('/')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  // Proprietary, as package.json's UNLICENSED says in npm's terms; written out, because "UNLICENSED" reads like the
  // public-domain Unlicense. No URL: there is no licence text to point to (setLicense would write an empty one).
  config.info.license = { name: 'Proprietary' };
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
    extraModels: [ErrorResponseDto],
  });
  return declarePublicOperations(document);
}

/**
 * Every route that is not `@Public()` has `@Auth()`'s bearer requirement; OpenAPI wants the others said to be public
 * (`security: []`) rather than left unsaid. test/auth/tokens.e2e-spec.ts pins which routes those are.
 */
function declarePublicOperations(document: OpenAPIObject): OpenAPIObject {
  for (const pathItem of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = pathItem[method];
      if (operation && !operation.security) operation.security = [];
    }
  }
  return document;
}

/**
 * Swagger UI at /api/docs, the JSON document at /api/docs-json. The token given to Authorize lives in the page only
 * (no `persistAuthorization`, which would keep it in the browser's localStorage).
 */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), { jsonDocumentUrl: `${DOCS_PATH}-json` });
}
