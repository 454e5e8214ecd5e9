import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { skipOf, type PageQueryDto } from '../common/pagination/page-query.dto.js';
import { scrubDetails, type AuditDetails } from './audit-details.js';
import type { AuditAction, AuditOutcome, AuditTargetType } from './audit-event.js';
import type { AuditRequestContext } from './audit-request.js';
import { AuditEvent } from './schemas/audit-event.schema.js';

/** What a caller records; `client_ip` and `request_id` usually come from `auditContext(request)`. */
export interface AuditEventInput extends Partial<AuditRequestContext> {
  action: AuditAction;
  outcome: AuditOutcome;
  /** The signed-in user who acted (only their id and email are kept), or null for an anonymous caller. */
  actor: { id: string; email: string } | null;
  target?: { type: AuditTargetType; id: string } | null;
  details?: AuditDetails;
}

export interface AuditEventFilter {
  action?: AuditAction;
  outcome?: AuditOutcome;
  actor_id?: string;
  actor_email?: string;
  target_type?: AuditTargetType;
  target_id?: string;
  request_id?: string;
  from?: Date;
  to?: Date;
}

const MAX_TEXT = 200;

/** The audit trail: each security-relevant event stored in `audit_events` and logged on one line. */
@Injectable()
export class AuditService implements OnModuleInit {
  private readonly logger = new Logger('Audit');

  constructor(@InjectModel(AuditEvent.name) private readonly events: Model<AuditEvent>) {}

  async onModuleInit(): Promise<void> {
    await this.events.init();
  }

  /**
   * Stores the event and logs it on one line (a warning unless it succeeded). Never throws: an event that cannot be
   * stored is logged as an error on that same line, and the request that caused it goes on.
   */
  async record(input: AuditEventInput): Promise<void> {
    const { details, dropped } = scrubDetails(input.details);
    const event: AuditEvent = {
      id: randomUUID(),
      occurred_at: new Date(),
      action: input.action,
      outcome: input.outcome,
      actor_id: input.actor ? text(input.actor.id) : null,
      actor_email: input.actor ? text(input.actor.email).toLowerCase() : null,
      target_type: input.target?.type ?? null,
      target_id: input.target ? text(input.target.id) : null,
      client_ip: input.client_ip ?? null,
      request_id: input.request_id ?? null,
      details,
    };
    const line = logLine(event, dropped);
    try {
      await this.events.create(event);
    } catch (error) {
      this.logger.error(`${line} NOT STORED: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (event.outcome === 'success') this.logger.log(line);
    else this.logger.warn(line);
  }

  /** Events matching the filter, newest first. */
  async list(filter: AuditEventFilter, page: PageQueryDto): Promise<{ items: AuditEvent[]; total: number }> {
    const query = toQuery(filter);
    const [items, total] = await Promise.all([
      this.events
        .find(query, { _id: 0 })
        .sort({ occurred_at: -1, _id: -1 })
        .skip(skipOf(page))
        .limit(page.page_size)
        .lean<AuditEvent[]>()
        .exec(),
      this.events.countDocuments(query).exec(),
    ]);
    return { items, total };
  }
}

function text(value: string): string {
  return (value ?? '').slice(0, MAX_TEXT);
}

function toQuery(filter: AuditEventFilter): Record<string, unknown> {
  const { from, to, ...equal } = filter;
  const query: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(equal)) {
    if (value !== undefined) query[field] = value;
  }
  if (from || to) query.occurred_at = { ...(from && { $gte: from }), ...(to && { $lte: to }) };
  return query;
}

/**
 * `sync.triggered success actor="<id> <email>" target="sync:<id>" ip="..." request="..." details={...}`. Free text
 * goes through JSON.stringify, so a crafted email or detail cannot forge a second line.
 */
function logLine(event: AuditEvent, dropped: string[]): string {
  const parts = [
    event.action,
    event.outcome,
    `actor=${event.actor_id === null ? '-' : JSON.stringify(`${event.actor_id} ${event.actor_email}`)}`,
    `target=${event.target_type === null ? '-' : JSON.stringify(`${event.target_type}:${event.target_id}`)}`,
    `ip=${JSON.stringify(event.client_ip)}`,
    `request=${JSON.stringify(event.request_id)}`,
    `details=${JSON.stringify(event.details)}`,
  ];
  if (dropped.length > 0) parts.push(`dropped_detail_keys=${JSON.stringify(dropped)}`);
  return parts.join(' ');
}
