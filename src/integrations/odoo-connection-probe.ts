import { HttpStatus } from '@nestjs/common';
import { ApiException } from '../common/errors/api.exception.js';
import type { ErrorCode } from '../common/errors/error-codes.js';
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

/**
 * A distinct code per way a connection can fail, 422 because the request itself was well-formed. The messages are
 * fixed texts: what the network or the server said (refused connections, hosts, ports, error pages) would let the
 * caller map what the service can reach, so it goes to the log only.
 */
export function probeFailure(error: unknown): ApiException {
  const fail = (code: ErrorCode, message: string) => new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, code, message);
  if (error instanceof OdooUnavailableError && isRedirect(error.status)) {
    return fail('ODOO_REDIRECTED', 'The server answered with a redirect: configure the URL Odoo itself is served at (e.g. https://)');
  }
  if (error instanceof OdooUnavailableError) return fail('ODOO_UNREACHABLE', 'No Odoo server answered at this URL');
  if (error instanceof OdooDatabaseNotFoundError) return fail('ODOO_DATABASE_NOT_FOUND', 'Odoo has no database by this name');
  if (error instanceof OdooAuthenticationError) return fail('ODOO_AUTHENTICATION_FAILED', 'Odoo refused the username and API key');
  if (error instanceof OdooError) return fail('ODOO_ERROR', 'Odoo answered with an error');
  throw error;
}

function isRedirect(status: number | undefined): boolean {
  return status !== undefined && status >= 300 && status < 400;
}
