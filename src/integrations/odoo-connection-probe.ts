import { HttpStatus } from '@nestjs/common';
import { ApiException } from '../common/errors/api.exception.js';
import type { OdooClient } from '../odoo/odoo.client.js';
import {
  OdooAuthenticationError,
  OdooDatabaseNotFoundError,
  OdooError,
  OdooUnavailableError,
} from '../odoo/odoo.errors.js';

export interface ProbeResult {
  server_version: string;
  uid: number;
  protocol: string;
  round_trip_ms: number;
}

/** Asks Odoo its version and authenticates, the two things a working configuration needs. */
export async function probeOdoo(client: OdooClient): Promise<ProbeResult> {
  const started = performance.now();
  const version = await client.version();
  const uid = await client.authenticate();
  return {
    server_version: version.server_version,
    uid,
    protocol: await client.protocol(),
    round_trip_ms: Math.round((performance.now() - started) * 10) / 10,
  };
}

/** A distinct, clear answer per way a connection can fail; 422 because the request itself was well-formed. */
export function probeFailure(error: unknown, url: string, database: string): ApiException {
  const reason = error instanceof Error ? error.message : String(error);
  const fail = (code: string, message: string) => new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, code, message);
  if (error instanceof OdooUnavailableError) return fail('ODOO_UNREACHABLE', `Cannot reach an Odoo server at ${url}: ${reason}`);
  if (error instanceof OdooDatabaseNotFoundError) {
    return fail('ODOO_DATABASE_NOT_FOUND', `Odoo at ${url} has no database named "${database}"`);
  }
  if (error instanceof OdooAuthenticationError) {
    return fail('ODOO_AUTHENTICATION_FAILED', 'Odoo refused the username and API key');
  }
  if (error instanceof OdooError) return fail('ODOO_ERROR', `Odoo answered with an error: ${reason}`);
  throw error;
}
