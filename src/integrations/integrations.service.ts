import { HttpStatus, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ApiException } from '../common/errors/api.exception.js';
import { SecretBox } from '../common/secrets/secret-box.service.js';
import type { EnvironmentVariables } from '../config/environment.js';
import { OdooClientFactory } from '../odoo/odoo-client.factory.js';
import type { OdooClient } from '../odoo/odoo.client.js';
import type { OdooConnection } from '../odoo/odoo.types.js';
import type { ConfigureOdooDto } from './dto/configure-odoo.dto.js';
import type { IntegrationDto, OdooTestResultDto } from './dto/integration.dto.js';
import { probeFailure, probeOdoo } from './odoo-connection-probe.js';
import { Integration } from './schemas/integration.schema.js';

/** The stored Odoo settings; the API key only ever sealed. */
interface OdooConfig {
  url: string;
  database: string;
  username: string;
  protocol: OdooConnection['protocol'];
  server_version: string;
  uid: number;
  api_key_encrypted: string;
}

// A person waits on configure and test: fail within seconds rather than after the sync's patient retries.
const INTERACTIVE = { retries: 1, timeoutMs: 10_000, retryDelayMs: 200 };

@Injectable()
export class IntegrationsService implements OnModuleInit {
  private readonly logger = new Logger('Integrations');

  constructor(
    @InjectModel(Integration.name) private readonly integrations: Model<Integration>,
    private readonly secrets: SecretBox,
    private readonly odoo: OdooClientFactory,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  /** The unique index on integration_type exists before two instances configure at once. */
  async onModuleInit(): Promise<void> {
    await this.integrations.init();
  }

  async list(): Promise<IntegrationDto[]> {
    const odoo = await this.findOdoo();
    return [odoo ? toOdooDto(odoo) : notConfigured('odoo'), this.ms365()];
  }

  /** The connection the sync uses, or null while Odoo is not configured. */
  async odooConnection(): Promise<OdooConnection | null> {
    const odoo = await this.findOdoo();
    return odoo?.enabled ? this.connectionOf(odoo.config as unknown as OdooConfig) : null;
  }

  /** The shared client of the configured Odoo; 400 when there is none. */
  async odooClient(): Promise<OdooClient> {
    const connection = await this.odooConnection();
    if (!connection) throw notConfiguredError();
    return this.odoo.shared(connection);
  }

  async configureOdoo(input: ConfigureOdooDto): Promise<IntegrationDto> {
    const url = input.url.replace(/\/+$/, '');
    const secret = input.api_key ?? (await this.storedKeyFor(url, input.database, input.username));
    const connection: OdooConnection = { url, database: input.database, username: input.username, secret, protocol: input.protocol ?? 'auto' };
    const client = this.odoo.create(connection).with(INTERACTIVE);
    const probe = await probeOdoo(client).catch((error: unknown) => {
      throw this.probeFailure(error, url);
    });
    const config: OdooConfig = {
      url,
      database: input.database,
      username: input.username,
      protocol: connection.protocol,
      server_version: probe.server_version,
      uid: probe.uid,
      api_key_encrypted: this.secrets.encrypt(secret),
    };
    const saved = await this.integrations
      .findOneAndUpdate(
        { integration_type: 'odoo' },
        { $set: { config, enabled: true, error_message: null }, $setOnInsert: { sync_status: 'configured' } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<Integration>()
      .exec();
    this.odoo.adopt(connection, client);
    return toOdooDto(saved);
  }

  async testOdoo(): Promise<OdooTestResultDto> {
    const connection = await this.odooConnection();
    if (!connection) throw notConfiguredError();
    const started = performance.now();
    try {
      return { ok: true, ...(await probeOdoo(this.odoo.shared(connection).with(INTERACTIVE))) };
    } catch (error) {
      const failure = this.probeFailure(error, connection.url);
      return { ok: false, code: failure.code, message: failure.message, round_trip_ms: Math.round(performance.now() - started) };
    }
  }

  /** The outcome of a sync run, shown with the integration. */
  async recordSync(status: 'running' | 'completed' | 'failed', at: Date, errorMessage: string | null): Promise<void> {
    await this.integrations
      .updateOne(
        { integration_type: 'odoo' },
        { $set: { sync_status: status, error_message: errorMessage, ...(status === 'completed' && { last_sync: at }) } },
      )
      .exec();
  }

  /**
   * The stored API key, for the connection it was saved with only: a changed url, database or username needs the
   * key again, so that whoever configures cannot send the stored key to a server or account of their choosing.
   */
  private async storedKeyFor(url: string, database: string, username: string): Promise<string> {
    const stored = (await this.findOdoo())?.config as OdooConfig | undefined;
    if (!stored?.api_key_encrypted) {
      throw new ApiException(HttpStatus.BAD_REQUEST, 'API_KEY_REQUIRED', 'api_key is required to configure Odoo the first time');
    }
    if (stored.url !== url || stored.database !== database || stored.username !== username) {
      throw new ApiException(HttpStatus.BAD_REQUEST, 'API_KEY_REQUIRED', 'api_key is required when the url, database or username changes');
    }
    return this.secrets.decrypt(stored.api_key_encrypted);
  }

  /** The answer says only what kind of failure it was; what Odoo or the network said stays in the log. */
  private probeFailure(error: unknown, url: string): ApiException {
    const failure = probeFailure(error);
    this.logger.warn(`Odoo connection check of ${url} failed (${failure.code}): ${error instanceof Error ? error.message : String(error)}`);
    return failure;
  }

  private findOdoo(): Promise<Integration | null> {
    return this.integrations.findOne({ integration_type: 'odoo' }).lean<Integration>().exec();
  }

  private connectionOf(config: OdooConfig): OdooConnection {
    const { url, database, username, protocol } = config;
    return { url, database, username, protocol, secret: this.secrets.decrypt(config.api_key_encrypted) };
  }

  private ms365(): IntegrationDto {
    const clientId = this.config.get('MS_CLIENT_ID', { infer: true });
    if (!clientId) return notConfigured('ms365');
    return {
      integration_type: 'ms365',
      enabled: true,
      sync_status: 'configured',
      last_sync: null,
      error_message: null,
      config: { client_id: clientId, tenant_id: this.config.get('MS_TENANT_ID', { infer: true }) },
      updated_at: null,
    };
  }
}

function toOdooDto(odoo: Integration): IntegrationDto {
  const { api_key_encrypted, ...visible } = odoo.config as unknown as OdooConfig;
  return {
    integration_type: 'odoo',
    enabled: odoo.enabled,
    sync_status: odoo.sync_status ?? 'configured',
    last_sync: odoo.last_sync ?? null,
    error_message: odoo.error_message ?? null,
    config: { ...visible, api_key_set: Boolean(api_key_encrypted) },
    updated_at: odoo.updated_at ?? null,
  };
}

function notConfigured(type: Integration['integration_type']): IntegrationDto {
  return { integration_type: type, enabled: false, sync_status: 'not_configured', last_sync: null, error_message: null, config: {}, updated_at: null };
}

function notConfiguredError(): ApiException {
  return new ApiException(HttpStatus.BAD_REQUEST, 'ODOO_NOT_CONFIGURED', 'Odoo is not configured: POST /api/integrations/odoo/configure first');
}
