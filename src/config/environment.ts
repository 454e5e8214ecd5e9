import { plainToInstance, Transform } from 'class-transformer';
import {
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
  type ValidationError,
} from 'class-validator';

export enum NodeEnvironment {
  Development = 'development',
  Production = 'production',
  Test = 'test',
}

/** Values that were shipped as examples and must never protect a production deployment. */
const PLACEHOLDER_SECRETS = new Set(['your-secret-key', 'change-me', 'changeme', 'secret']);

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

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  BACKEND_URL?: string;

  /** Comma-separated list of browser origins allowed by CORS; empty allows none. */
  @IsString()
  CORS_ORIGINS = '';

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1_048_576;

  /** Where the development database keeps its data when no MONGO_URL is set. */
  @IsString()
  LOCAL_DATA_DIR = '.data';
}

/** Validates `process.env`; throws one line per problem so start-up fails fast and readably. */
export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const problems = validateSync(env, { stopAtFirstError: true }).flatMap(describe);
  if (isProduction(env) && env.JWT_SECRET !== undefined && PLACEHOLDER_SECRETS.has(env.JWT_SECRET)) {
    problems.push('JWT_SECRET still holds a placeholder value; set a random secret of at least 32 characters');
  }
  if (problems.length > 0) {
    throw new InvalidEnvironmentError(problems);
  }
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
