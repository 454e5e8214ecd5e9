import { ApiProperty } from '@nestjs/swagger';
import { INTEGRATION_TYPES, type IntegrationType } from '../schemas/integration.schema.js';

/** An integration with its secrets masked. */
export class IntegrationDto {
  @ApiProperty({ enum: INTEGRATION_TYPES })
  integration_type!: IntegrationType;
  enabled!: boolean;
  /** `not_configured`, `configured`, or the state of the last sync (`running`, `completed`, `failed`). @example "completed" */
  sync_status!: string;
  last_sync!: Date | null;
  error_message!: string | null;
  /**
   * Settings without secrets. Odoo: url, database, username, protocol, server_version, uid, api_key_set.
   * Microsoft 365: client_id, tenant_id.
   */
  @ApiProperty({ type: 'object', additionalProperties: true, example: { url: 'https://mycompany.odoo.com', api_key_set: true } })
  config!: Record<string, unknown>;
  updated_at!: Date | null;
}

export class OdooTestResultDto {
  /** Whether Odoo answered and accepted the credentials. */
  ok!: boolean;
  /** @example "17.0" */
  server_version?: string;
  /** Odoo user id of the configured login. @example 2 */
  uid?: number;
  /** @example "json-rpc" */
  protocol?: string;
  /** Time for the version and authentication calls, in milliseconds. @example 84.2 */
  round_trip_ms!: number;
  /** Why it failed, when it did. @example "ODOO_AUTHENTICATION_FAILED" */
  code?: string;
  message?: string;
}

export class UserMatchDto {
  /** @example "ana.lopez@example.com" */
  email!: string;
  /** @example 12 */
  odoo_employee_id!: number;
}

export class AmbiguousMatchDto {
  email!: string;
  /** hr.employee ids that all match this email. */
  candidates!: number[];
}

export class SyncUsersResultDto {
  /** @example 14 */
  matched!: number;
  /** @example 2 */
  unmatched!: number;
  /** @example 1 */
  ambiguous!: number;
  matched_users!: UserMatchDto[];
  unmatched_users!: string[];
  ambiguous_users!: AmbiguousMatchDto[];
}
