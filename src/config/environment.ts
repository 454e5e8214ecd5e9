import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { passwordWeakness } from '../users/passwords/password-policy.js';

export enum NodeEnvironment {
  Development = 'development',
  Production = 'production',
  /** @public Accepted as NODE_ENV (jest sets it) though no code compares with it: knip would call it unused. */
  Test = 'test',
}

/** pino's levels, most severe first; `silent` logs nothing. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Values that were shipped as examples and must never protect a production deployment. */
const PLACEHOLDER_SECRETS = new Set(['your-secret-key', 'change-me', 'changeme', 'secret']);

const toBoolean = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;
const toFloat = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

const isProduction = (env: EnvironmentVariables) => env.NODE_ENV === NodeEnvironment.Production;

/** Every variable the service reads. `.env.example` documents each one. */
export class EnvironmentVariables {
  @IsEnum(NodeEnvironment)
  NODE_ENV: NodeEnvironment = NodeEnvironment.Development;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 8001;

  @IsString()
  HOST = '0.0.0.0';

  /**
   * Serves Prometheus metrics at GET /metrics on this port of HOST, apart from the API so that the public ingress
   * never routes to it; unset, no metrics server.
   */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  METRICS_PORT?: number;

  /** The least severe level logged: `info` logs a line per request; `debug` adds details such as why a bearer token was refused. */
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** On SIGTERM or SIGINT, the longest the process takes to exit: a running sync stops at its next page. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SHUTDOWN_TIMEOUT_SECONDS = 10;

  @Transform(emptyToUndefined)
  @ValidateIf((env: EnvironmentVariables) => isProduction(env) || env.MONGO_URL !== undefined)
  // With stopAtFirstError, class-validator checks the decorator nearest the property first.
  @MinLength(1)
  @IsString({ message: 'MONGO_URL must be set in production (e.g. mongodb://host:27017)' })
  MONGO_URL?: string;

  @IsString()
  @MinLength(1)
  DB_NAME = 'sales_backend';

  @Transform(emptyToUndefined)
  @ValidateIf((env: EnvironmentVariables) => isProduction(env) || env.JWT_SECRET !== undefined)
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters long' })
  @IsString({ message: 'JWT_SECRET must be set in production' })
  JWT_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ODOO_WEBHOOK_SECRET?: string;

  /**
   * How long after a record's last webhook it is read again while Odoo does not show it as of the event yet (Odoo
   * posts before it commits); then the scheduled sync catches up.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  WEBHOOK_RETRY_SECONDS = 60;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  BACKEND_URL?: string;

  /** Proxy hops in front of the service whose X-Forwarded-For is trusted for the client address (0: none). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  TRUST_PROXY_HOPS = 0;

  /** Swagger UI at /api/docs and the OpenAPI document at /api/docs-json; unset: on, except in production. */
  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean()
  API_DOCS_ENABLED?: boolean;

  /** Comma-separated list of browser origins allowed by CORS; empty allows none. */
  @IsString()
  CORS_ORIGINS = '';

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1_048_576;

  /** Lifetime of access tokens in seconds (the seed: 24 hours). */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  JWT_EXPIRES_IN_SECONDS = 86_400;

  /**
   * Absolute session lifetime: how long after signing in (password or Microsoft) tokens may be refreshed. No token
   * outlives it, so with the defaults a token from a login lasts 12 hours, not 24.
   */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  SESSION_MAX_AGE_SECONDS = 43_200;

  /** With ADMIN_PASSWORD: the super admin created at start-up when no user exists yet. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail()
  ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @ValidateIf((env: EnvironmentVariables) => env.ADMIN_EMAIL !== undefined)
  @IsString({ message: 'ADMIN_PASSWORD must be set with ADMIN_EMAIL' })
  ADMIN_PASSWORD?: string;

  /** Login attempts one client address may make per LOGIN_WINDOW_SECONDS. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_ATTEMPTS_PER_CLIENT = 30;

  /**
   * Failed logins on one account from one client address per LOGIN_WINDOW_SECONDS, after which that client is refused
   * for the rest of the window; past as many failures from all clients together, every attempt on the account waits
   * a little longer, but other clients are never refused.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_ACCOUNT = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_WINDOW_SECONDS = 900;

  /** Microsoft Entra ID application (client) id of this API; unset disables Microsoft sign-in. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  MS_CLIENT_ID?: string;

  /** The Entra ID tenant (directory) id users sign in from. */
  @Transform(emptyToUndefined)
  @ValidateIf((env: EnvironmentVariables) => env.MS_CLIENT_ID !== undefined)
  @IsString({ message: 'MS_TENANT_ID must be set with MS_CLIENT_ID' })
  MS_TENANT_ID?: string;

  /** Where MSAL in the frontend returns after sign-in. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  MS_REDIRECT_URI?: string;

  /** The delegated scope this API exposes and requires in Microsoft access tokens. */
  @IsString()
  MS_API_SCOPE = 'access_as_user';

  /** Entra ID's login host; tests point it at a local fake. */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  MS_AUTHORITY_HOST = 'https://login.microsoftonline.com';

  /** Approve a first Microsoft sign-in at once when its email matches an Odoo employee. */
  @Transform(toBoolean)
  @IsBoolean()
  MS_AUTO_APPROVE_ODOO_MATCH = false;

  /** Odoo requests: timeout per request, retries after a failure that may pass, requests in flight at once. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  ODOO_TIMEOUT_MS = 30_000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  ODOO_RETRIES = 4;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  ODOO_MAX_CONCURRENCY = 4;

  /**
   * Reads of the sales data in flight at once per instance; more wait their turn. Keeps a burst of requests from
   * taking every database connection (FerretDB, the local database, stalls when its pool runs out).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  LAKE_READ_CONCURRENCY = 16;

  /** The background sync: on or off, and how often it runs (the seed: every 5 minutes). */
  @Transform(toBoolean)
  @IsBoolean()
  SYNC_ENABLED = true;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  SYNC_INTERVAL_SECONDS = 300;

  /** Records per Odoo request. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(10_000)
  SYNC_PAGE_SIZE = 1000;

  /** The longest an Odoo write may take to commit: runs read again what was written this long before the previous one read. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  SYNC_OVERLAP_SECONDS = 300;

  /** Largest share of an entity one run may soft-delete without an admin forcing it. */
  @Transform(toFloat)
  @IsNumber()
  @Min(0)
  @Max(1)
  SYNC_MAX_DELETE_RATIO = 0.2;

  /** How long the sync lease lasts without a heartbeat before another instance may take over. */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  SYNC_LEASE_SECONDS = 60;

  /**
   * 32-byte key (64 hex characters) that encrypts integration secrets such as the Odoo API key (AES-256-GCM).
   * Required in production; development derives a fixed, insecure one.
   */
  @Transform(emptyToUndefined)
  @ValidateIf((env: EnvironmentVariables) => isProduction(env) || env.SECRETS_ENCRYPTION_KEY !== undefined)
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'SECRETS_ENCRYPTION_KEY must be 64 hex characters (openssl rand -hex 32)' })
  @IsString({ message: 'SECRETS_ENCRYPTION_KEY must be set in production (openssl rand -hex 32)' })
  SECRETS_ENCRYPTION_KEY?: string;

  /** Where the development database keeps its data when no MONGO_URL is set. */
  @IsString()
  LOCAL_DATA_DIR = '.data';
}

/** Validates `process.env`; throws one line per problem so start-up fails fast and readably. */
/** Where callers reach this service: BACKEND_URL, or this machine's port. */
export function backendUrl(env: Pick<EnvironmentVariables, 'BACKEND_URL' | 'PORT'>): string {
  return env.BACKEND_URL ?? `http://localhost:${env.PORT}`;
}

export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const problems = validateSync(env, { stopAtFirstError: true }).flatMap(describe);
  if (isProduction(env) && env.JWT_SECRET !== undefined && PLACEHOLDER_SECRETS.has(env.JWT_SECRET)) {
    problems.push('JWT_SECRET still holds a placeholder value; set a random secret of at least 32 characters');
  }
  if (env.METRICS_PORT !== undefined && env.METRICS_PORT === env.PORT) problems.push('METRICS_PORT must differ from PORT');
  const adminPasswordWeakness = typeof env.ADMIN_PASSWORD === 'string' ? passwordWeakness(env.ADMIN_PASSWORD) : null;
  if (adminPasswordWeakness) problems.push(`ADMIN_PASSWORD ${adminPasswordWeakness}`);
  if (problems.length > 0) {
    throw new InvalidEnvironmentError(problems);
  }
  env.API_DOCS_ENABLED ??= !isProduction(env);
  return env;
}

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

function describe(error: ValidationError): string[] {
  return Object.values(error.constraints ?? {}).map((message) =>
    message.startsWith(error.property) ? message : `${error.property}: ${message}`,
  );
}
