/** What happened. A new kind of event gets a name here first, so the trail can be filtered by it. */
export const AUDIT_ACTIONS = [
  'login.succeeded',
  'login.failed',
  'login.locked',
  'logout',
  'password.changed',
  'password.reset',
  'user.created',
  'user.role_changed',
  'user.deactivated',
  'user.activated',
  'user.approved',
  'user.rejected',
  'integration.configured',
  'sync.triggered',
  'microsoft.signed_in',
  'microsoft.linked',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** `denied`: refused for lack of a right (a role, an approval); `failure`: attempted and failed (a wrong password). */
export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const AUDIT_TARGET_TYPES = ['user', 'integration', 'sync'] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

/** A detail's value: plain text, numbers, flags, or a short list of names. Never an object (no nesting to hide a secret in). */
export type AuditDetailValue = string | number | boolean | null | string[];
