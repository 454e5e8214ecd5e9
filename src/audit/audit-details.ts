import type { AuditDetailValue } from './audit-event.js';

/**
 * The only detail keys an event may carry. A key not listed is dropped, whatever its value: secrets (a password,
 * hash, token or key) have no name here, so a caller that passes a whole request body or user record by mistake
 * stores none of them. A new key is added here, after asking whether its value could ever be a secret.
 */
const AUDIT_DETAIL_KEYS = [
  /** The email a login or a new account was for (the actor is null on a failed login). */
  'email',
  'name',
  /** Why it failed or was denied, as a short code: `wrong_password`, `unknown_user`, `inactive`, `pending_approval`... */
  'reason',
  /** The error code the caller was answered with. */
  'code',
  'role',
  'previous_role',
  'is_super_admin',
  'approval_status',
  'auth_provider',
  'retry_after_seconds',
  /** The Microsoft identity, `<tid>:<oid>`. */
  'ms_id',
  'url',
  'database',
  'username',
  'protocol',
  'entities',
  'full_resync',
  'force_deletions',
] as const;
type AuditDetailKey = (typeof AUDIT_DETAIL_KEYS)[number];
export type AuditDetails = Partial<Record<AuditDetailKey, AuditDetailValue | undefined>>;

const ALLOWED = new Set<string>(AUDIT_DETAIL_KEYS);
const MAX_TEXT = 200;
const MAX_ITEMS = 20;
const REDACTED = '[redacted]';

/** Text shaped like a secret, whatever key it came under: a JWT, a password hash, a bearer header, a private key. */
const SECRET_SHAPES = [
  /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\./,
  /\$argon2(id|i|d)\$/,
  /\$2[aby]\$\d\d\$/,
  /^\s*bearer\s+\S/i,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
];

/** The details as stored: allowed keys only, values plain, short, with secret-shaped text and URL credentials removed. */
export function scrubDetails(details: object | undefined): { details: Record<string, AuditDetailValue>; dropped: string[] } {
  const kept: Record<string, AuditDetailValue> = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(details ?? {})) {
    if (value === undefined) continue;
    const clean = ALLOWED.has(key) ? scrubValue(value) : undefined;
    if (clean === undefined) dropped.push(key.slice(0, 40));
    else kept[key] = clean;
  }
  return { details: kept, dropped };
}

function scrubValue(value: unknown): AuditDetailValue | undefined {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') return scrubText(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return value.slice(0, MAX_ITEMS).map(scrubText);
  }
  return undefined;
}

function scrubText(text: string): string {
  // Credentials first, so that cutting the text short cannot leave half of them; shapes after, on short text only.
  const short = withoutUrlCredentials(text).replaceAll('\u0000', '').slice(0, MAX_TEXT);
  return SECRET_SHAPES.some((shape) => shape.test(short)) ? REDACTED : short;
}

/** `https://user:secret@host/` keeps its host and loses its credentials. */
function withoutUrlCredentials(text: string): string {
  return text.replace(/^([a-z][a-z\d+.-]*:\/\/)[^/@\s]*@/i, '$1');
}
