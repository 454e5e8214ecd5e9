import type { Params } from 'nestjs-pino';
import { stdTimeFunctions, type DestinationStream, type LoggerOptions } from 'pino';
import PinoPretty from 'pino-pretty';
import { NodeEnvironment, type EnvironmentVariables } from '../config/environment.js';

type LoggingEnvironment = Pick<EnvironmentVariables, 'LOG_LEVEL' | 'NODE_ENV'>;

/**
 * Fields whose value is a secret wherever a log line carries them, at its top level or one object down. Not `code`:
 * error codes are worth logging, and this service takes no OAuth authorization code.
 */
const SECRET_FIELDS = [
  'password',
  'current_password',
  'new_password',
  'password_hash',
  'api_key',
  'apiKey',
  'api_key_encrypted',
  'secret',
  'token',
  'access_token',
  'id_token',
  'refresh_token',
  'ms_access_token',
];

const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]),
];

/** JSON lines with ISO times and level names, from LOG_LEVEL up, secrets replaced by `[Redacted]`. */
export function loggerOptions(env: LoggingEnvironment): LoggerOptions {
  return {
    level: env.LOG_LEVEL,
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
  };
}

/**
 * Where the lines go: as they are in production and tests, for a log pipeline (or the tests' scan) to parse; in
 * development one readable line each. Written synchronously, so nothing is lost when the process exits.
 */
export function logDestination(env: Pick<EnvironmentVariables, 'NODE_ENV'>, destination: DestinationStream): DestinationStream {
  if (env.NODE_ENV !== NodeEnvironment.Development) return destination;
  const pretty = PinoPretty.prettyFactory({
    singleLine: true,
    ignore: 'pid,hostname,context',
    messageFormat: '{if context}[{context}] {end}{msg}',
    translateTime: 'SYS:HH:MM:ss.l',
  });
  return { write: (line: string) => destination.write(pretty(line)) };
}

/** nestjs-pino's parameters: the app's own line per request replaces pino-http's (see request-log.ts). */
export function loggerParams(env: LoggingEnvironment, destination: DestinationStream): Params {
  const options = {
    ...loggerOptions(env),
    autoLogging: false,
    // What is logged while a request is handled carries its id, not the whole request.
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'req_id' },
  };
  return { pinoHttp: [options, logDestination(env, destination)] };
}
