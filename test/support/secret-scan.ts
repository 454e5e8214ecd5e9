const PASSWORD_HASHES = [/\$argon2(id|i|d)\$/, /\$2[aby]\$\d\d\$/];

/**
 * Patterns that must never appear in a response body: stored secrets, and the fields that hold them with a value
 * (a validation error or the OpenAPI document may name such a field; no answer may carry one).
 */
const FORBIDDEN = [
  /"password_hash"\s*:\s*"/,
  /"ms_access_token"\s*:\s*"/,
  ...PASSWORD_HASHES,
  /"api_key(_encrypted)?"\s*:\s*"/,
];

/**
 * Patterns that must never appear in a log line: password hashes, and a JWT (a response may carry one: a login's).
 * A field name may: a redacted secret is logged as `"password":"[Redacted]"`.
 */
const FORBIDDEN_IN_LOGS = [/eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]*/, ...PASSWORD_HASHES];

export const leaks: string[] = [];
const registered = new Set<string>();

/** A secret a test hands to the app (an Odoo API key, say); no response or log line may ever contain it. */
export function registerSecret(secret: string): void {
  registered.add(secret);
}

/** Called for every response of every app the e2e suite creates (see test-app.ts). */
export function scanResponse(url: string, payload: unknown): void {
  if (typeof payload !== 'string') return;
  const secrets = [...FORBIDDEN, ...configuredSecrets()];
  for (const pattern of secrets) {
    if (pattern.test(payload)) leaks.push(`${url} matched ${String(pattern)}`);
  }
}

/** Called for every line the apps of the e2e suite log (see test-log.ts). */
export function scanLogLine(line: string): void {
  for (const pattern of [...FORBIDDEN_IN_LOGS, ...configuredSecrets()]) {
    if (pattern.test(line)) leaks.push(`a log line matched ${String(pattern)}: ${line.trim()}`);
  }
}

function configuredSecrets(): RegExp[] {
  return [process.env.JWT_SECRET, process.env.ODOO_WEBHOOK_SECRET, ...registered]
    .filter((secret): secret is string => !!secret && secret.length >= 8)
    .map((secret) => new RegExp(secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
}
