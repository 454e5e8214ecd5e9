import { ApiProperty } from '@nestjs/swagger';

export class WebhookAcceptedDto {
  /** Events queued: each record is read again from Odoo in the background. @example 3 */
  accepted!: number;
  /** Events for models this backend does not sync. @example 0 */
  ignored!: number;
  /**
   * Present when this instance received this signed request (same timestamp and signature) before: not processed
   * again. A copy that reached another instance first is not processed either, though answered as accepted.
   */
  replayed?: boolean;
}

export class WebhookSignatureDto {
  /** @example "X-Odoo-Signature" */
  header!: string;
  /** @example "X-Odoo-Timestamp" */
  timestamp_header!: string;
  /** @example "sha256=hex(HMAC-SHA256(ODOO_WEBHOOK_SECRET, \"<X-Odoo-Timestamp>.<raw body>\"))" */
  format!: string;
  /** @example 300 */
  tolerance_seconds!: number;
}

export class WebhookCountsDto {
  accepted!: number;
  /** Refused for a missing or bad signature. */
  rejected!: number;
  ignored!: number;
  /** Signed requests received again (same timestamp and signature): acknowledged, not processed again. */
  replayed!: number;
  /** Records read again until Odoo showed them as of their last event, and stored (or soft-deleted). */
  processed!: number;
  /** Reads of a record again because Odoo did not show it as of the event yet (not committed when it posted). */
  retried!: number;
  /** Records Odoo still did not show as of their last event after WEBHOOK_RETRY_SECONDS (the next sync catches up). */
  gave_up!: number;
  /** Records soft-deleted after two reads, the second after the settle delay, found them gone from Odoo. */
  deleted!: number;
  /** Records given up on because reading Odoo kept failing (the next sync catches up). */
  failed!: number;
}

export class WebhookStatusDto {
  /** Whether ODOO_WEBHOOK_SECRET is set; without it the webhook answers 503. */
  configured!: boolean;
  /** The URL to paste into Odoo (or the signing relay). @example "https://sales-api.example.com/api/webhooks/odoo" */
  url!: string;
  signature!: WebhookSignatureDto;
  counts!: WebhookCountsDto;
  /** Last event time per Odoo model. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', format: 'date-time' }, example: { 'crm.lead': '2026-11-24T10:00:00.000Z' } })
  last_event_at!: Record<string, Date | null>;
}
