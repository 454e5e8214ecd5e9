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
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
    extraModels: [ErrorResponseDto],
  });
}

/**
 * Swagger UI at /api/docs, the JSON document at /api/docs-json. The token given to Authorize lives in the page only
 * (no `persistAuthorization`, which would keep it in the browser's localStorage).
 */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), { jsonDocumentUrl: `${DOCS_PATH}-json` });
}
