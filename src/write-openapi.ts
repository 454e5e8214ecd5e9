import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { buildOpenApiDocument, OPENAPI_FILE, serializeOpenApi } from './openapi.js';

/** `npm run openapi`: writes the committed openapi.json from the built code. Preview mode needs no database. */
async function writeOpenApi(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), {
    preview: true,
    logger: ['error'],
  });
  app.setGlobalPrefix('api');
  await writeFile(OPENAPI_FILE, serializeOpenApi(buildOpenApiDocument(app)));
  await app.close();
  console.log(`Wrote ${OPENAPI_FILE}`);
}

await writeOpenApi();
