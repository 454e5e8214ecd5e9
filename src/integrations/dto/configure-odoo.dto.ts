import { IsIn, IsString, IsUrl, Matches, MaxLength, MinLength } from 'class-validator';
import { IsOmittable } from '../../common/validation/is-omittable.js';

export class ConfigureOdooDto {
  /** Base URL of the Odoo server. @example "https://mycompany.odoo.com" */
  @IsUrl(
    { require_protocol: true, require_tld: false, protocols: ['http', 'https'], disallow_auth: true },
    { message: 'url must be an http(s) URL without credentials in it' },
  )
  @MaxLength(500)
  url!: string;

  /** Odoo database name. @example "mycompany" */
  @IsString()
  @Matches(/^[\w.-]+$/, { message: 'database must be an Odoo database name (letters, digits, _ . -)' })
  @MaxLength(100)
  database!: string;

  /** Login of the Odoo user the sync acts as (a dedicated bot user is best). @example "sync-bot@mycompany.com" */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  username!: string;

  /**
   * API key of that user (or its password, for JSON-RPC). Stored encrypted; omit to keep the stored one, which is
   * only possible while url, database and username stay as saved.
   */
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  api_key?: string;

  /** `auto` (default) uses JSON-2 on Odoo 19+ and JSON-RPC before. */
  @IsOmittable()
  @IsIn(['auto', 'json-rpc', 'json-2'])
  protocol?: 'auto' | 'json-rpc' | 'json-2';
}
