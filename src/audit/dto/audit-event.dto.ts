import { ApiProperty } from '@nestjs/swagger';
import {
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  AUDIT_TARGET_TYPES,
  type AuditAction,
  type AuditDetailValue,
  type AuditOutcome,
  type AuditTargetType,
} from '../audit-event.js';
import type { AuditEvent } from '../schemas/audit-event.schema.js';

export class AuditActorDto {
  /** @example "0b7f3c52-5d0e-4a8e-9a43-2b1f0d1d7c11" */
  id!: string;
  /** @example "ana.lopez@example.com" */
  email!: string;
}

export class AuditTargetDto {
  @ApiProperty({ enum: AUDIT_TARGET_TYPES })
  type!: AuditTargetType;
  /** A user's or sync's id, or the integration type (`odoo`). @example "0d9f3a5e-7c1b-4a7e-9a52-3f0b1c2d4e5f" */
  id!: string;
}

/** One security-relevant event. It never holds a password, hash, token or key. */
export class AuditEventDto {
  /** @example "a6c5b1e0-3f1d-4c55-8f0e-51d0a0b6f2a4" */
  id!: string;
  occurred_at!: Date;
  @ApiProperty({ enum: AUDIT_ACTIONS, example: 'sync.triggered' })
  action!: AuditAction;
  @ApiProperty({ enum: AUDIT_OUTCOMES, example: 'success' })
  outcome!: AuditOutcome;
  /** The signed-in user who acted; null for an anonymous caller (a failed login). */
  actor!: AuditActorDto | null;
  /** What the event was about. */
  target!: AuditTargetDto | null;
  /** The client's address (behind TRUST_PROXY_HOPS proxies, the one they forwarded). @example "203.0.113.7" */
  client_ip!: string | null;
  /** The request's `x-request-id`, as in the error bodies and the server's log. @example "6b0f1f5e-2f57-4d1c-9c0a-2a2b8f8f9a10" */
  request_id!: string | null;
  /** Small facts about the event, by name. */
  @ApiProperty({
    type: 'object',
    // OpenAPI 3.0 has no null type and wants `nullable` beside a `type`: null rides on the string member.
    additionalProperties: { oneOf: [{ type: 'string', nullable: true }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }] },
    example: { entities: ['opportunity'], full_resync: false },
  })
  details!: Record<string, AuditDetailValue>;
}

export class AuditEventPageDto {
  items!: AuditEventDto[];
  /** @example 42 */
  total!: number;
  /** @example 1 */
  page!: number;
  /** @example 50 */
  page_size!: number;
}

export function toAuditEventDto(event: AuditEvent): AuditEventDto {
  return {
    id: event.id,
    occurred_at: event.occurred_at,
    action: event.action,
    outcome: event.outcome,
    actor: event.actor_id === null ? null : { id: event.actor_id, email: event.actor_email ?? '' },
    target: event.target_type === null ? null : { type: event.target_type, id: event.target_id ?? '' },
    client_ip: event.client_ip ?? null,
    request_id: event.request_id ?? null,
    details: event.details ?? {},
  };
}
