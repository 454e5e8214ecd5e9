import { randomUUID } from 'node:crypto';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import {
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  AUDIT_TARGET_TYPES,
  type AuditAction,
  type AuditDetailValue,
  type AuditOutcome,
  type AuditTargetType,
} from '../audit-event.js';

/**
 * One security-relevant event; the `audit_events` collection. Actor and target are stored flat, so each filter of
 * `GET /audit-events` is one indexed field.
 */
@Schema({ collection: 'audit_events', versionKey: false, id: false, minimize: false })
export class AuditEvent {
  @Prop({ type: String, required: true, default: () => randomUUID() })
  id!: string;

  @Prop({ type: Date, required: true, default: () => new Date() })
  occurred_at!: Date;

  @Prop({ type: String, required: true, enum: AUDIT_ACTIONS })
  action!: AuditAction;

  @Prop({ type: String, required: true, enum: AUDIT_OUTCOMES })
  outcome!: AuditOutcome;

  /** The signed-in user who acted; null for an anonymous caller (a failed login). */
  @Prop({ type: String, default: null })
  actor_id!: string | null;

  @Prop({ type: String, default: null })
  actor_email!: string | null;

  @Prop({ type: String, enum: AUDIT_TARGET_TYPES, default: null })
  target_type!: AuditTargetType | null;

  @Prop({ type: String, default: null })
  target_id!: string | null;

  /** The client's address as the app's trust-proxy setting decides it. */
  @Prop({ type: String, default: null })
  client_ip!: string | null;

  /** The request's id, as in its `x-request-id` header and error bodies. */
  @Prop({ type: String, default: null })
  request_id!: string | null;

  /** Small, non-secret facts, from an allow-list of keys (see audit-details.ts). */
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  details!: Record<string, AuditDetailValue>;
}

export const AuditEventSchema = SchemaFactory.createForClass(AuditEvent);
AuditEventSchema.index({ id: 1 }, { unique: true });
// Newest first (ties by `_id`, as the list sorts), alone or after one equality filter: each list query walks one
// of these in order.
AuditEventSchema.index({ occurred_at: -1, _id: -1 });
AuditEventSchema.index({ action: 1, occurred_at: -1, _id: -1 });
AuditEventSchema.index({ actor_id: 1, occurred_at: -1, _id: -1 });
AuditEventSchema.index({ actor_email: 1, occurred_at: -1, _id: -1 });
AuditEventSchema.index({ target_type: 1, target_id: 1, occurred_at: -1, _id: -1 });
AuditEventSchema.index({ target_id: 1, occurred_at: -1, _id: -1 });
AuditEventSchema.index({ request_id: 1 });
