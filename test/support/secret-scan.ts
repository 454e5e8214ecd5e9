/**
 * Patterns that must never appear in a response body: stored secrets, and the fields that hold them with a value
 * (a validation error or the OpenAPI document may name such a field; no answer may carry one).
 */
const FORBIDDEN = [
  /"password_hash"\s*:\s*"/,
  /"ms_access_token"\s*:\s*"/,
  /\$argon2(id|i|d)\$/,
  /\$2[aby]\$\d\d\$/,
  /"api_key(_encrypted)?"\s*:\s*"/,
];

export const leaks: string[] = [];
const registered = new Set<string>();

/** A secret a test hands to the app (an Odoo API key, say); no response may ever contain it. */
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

function configuredSecrets(): RegExp[] {
  return [process.env.JWT_SECRET, process.env.ODOO_WEBHOOK_SECRET, ...registered]
    .filter((secret): secret is string => !!secret && secret.length >= 8)
    .map((secret) => new RegExp(secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
}
