import { Controller, Get, HttpCode, HttpStatus, Logger, Post, Req, type RawBodyRequest } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiAcceptedResponse, ApiBody, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Auth, Public } from '../common/auth/auth.decorators.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ApiErrorResponses } from '../common/openapi/api-error-responses.decorator.js';
import { backendUrl, type EnvironmentVariables } from '../config/environment.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { WebhookAcceptedDto, WebhookStatusDto } from './dto/webhook.dto.js';
import { WebhookCountersService } from './webhook-counters.service.js';
import { WebhookDeliveriesService } from './webhook-deliveries.service.js';
import { parseEvents, SYNCED_MODELS } from './webhook-events.js';
import { WebhookProcessor } from './webhook-processor.service.js';
import { checkSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER, TOLERANCE_SECONDS } from './webhook-signature.js';

@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly processor: WebhookProcessor,
    private readonly counters: WebhookCountersService,
    private readonly deliveries: WebhookDeliveriesService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * Receives Odoo automation-rule webhooks (`_model`, `_id`, `_action` plus fields, best with `write_date`; one
   * event or an array), signed with HMAC-SHA256 (see `GET /webhooks/status`). Answers 202 at once: Odoo waits for
   * the answer inside the user's save, so only the signature check and this instance's replay check come before
   * it, with no database or Odoo call. Each record is then read again from Odoo until Odoo shows it as of the event
   * (Odoo posts before it commits), and stored, or soft-deleted once a second read confirms Odoo no longer has it.
   * 415 for a body that is not `application/json`, 401 for a missing, stale or wrong signature, 503 while
   * ODOO_WEBHOOK_SECRET is not set; nothing is processed in any of these cases. A request received again with the
   * same timestamp and signature (a replay, or a relay's retry) is not processed again; the instance that received it
   * before answers `replayed: true` (another instance finds it out just after answering).
   */
  @Public()
  @Post('odoo')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiHeader({ name: 'X-Odoo-Timestamp', required: true, description: 'Unix seconds when the request was signed' })
  @ApiHeader({ name: 'X-Odoo-Signature', required: true, description: 'sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">' })
  @ApiBody({ schema: { oneOf: [{ type: 'object' }, { type: 'array', items: { type: 'object' } }], example: { _model: 'crm.lead', _id: 42, _action: 'Send Webhook Notification(#7)', stage_id: 3, write_date: '2026-11-24 10:00:00' } } })
  @ApiAcceptedResponse({ type: WebhookAcceptedDto })
  @ApiErrorResponses(
    HttpStatus.BAD_REQUEST,
    HttpStatus.UNAUTHORIZED,
    HttpStatus.PAYLOAD_TOO_LARGE,
    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    HttpStatus.SERVICE_UNAVAILABLE,
  )
  receiveOdooWebhook(@Req() request: RawBodyRequest<FastifyRequest>): WebhookAcceptedDto {
    try {
      return this.receive(request);
    } catch (error) {
      if (error instanceof ApiException && error.getStatus() < 500) this.metrics.webhookRequests.inc({ outcome: 'refused' });
      throw error;
    }
  }

  private receive(request: RawBodyRequest<FastifyRequest>): WebhookAcceptedDto {
    // Nest keeps the raw bytes of JSON bodies only: the signature is never checked against anything else.
    if (!isJson(request) || !request.rawBody) {
      throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'UNSUPPORTED_MEDIA_TYPE', 'Webhook bodies must be JSON (Content-Type: application/json)');
    }
    const secret = this.config.get('ODOO_WEBHOOK_SECRET', { infer: true });
    if (!secret) {
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, 'WEBHOOK_NOT_CONFIGURED', 'Webhooks are off: ODOO_WEBHOOK_SECRET is not set on this server');
    }
    const timestamp = header(request, TIMESTAMP_HEADER);
    const signature = header(request, SIGNATURE_HEADER);
    const check = checkSignature(secret, request.rawBody, timestamp, signature);
    if (!check.valid) {
      this.logger.warn(`Webhook refused from ${request.ip}: ${check.reason}`);
      this.counters.add({ rejected: 1 });
      throw new ApiException(HttpStatus.UNAUTHORIZED, 'INVALID_SIGNATURE', 'Missing, stale or invalid webhook signature');
    }
    const events = parseEvents(request.body);
    // Both headers are present and valid here: checkSignature said so.
    const signatureHex = signature!.slice('sha256='.length);
    if (this.deliveries.seenHere(signatureHex, Number(timestamp))) {
      this.counters.add({ replayed: 1 });
      this.metrics.webhookRequests.inc({ outcome: 'replayed' });
      return { accepted: 0, ignored: 0, replayed: true };
    }
    this.processor.receive(this.deliveries.firstReceipt(signatureHex, Number(timestamp)), events);
    const accepted = events.filter((event) => SYNCED_MODELS.has(event.model)).length;
    return { accepted, ignored: events.length - accepted };
  }

  /** Whether webhooks are configured, the URL and signature scheme to set up in Odoo, and the counts so far. */
  @Auth({ admin: true })
  @Get('status')
  @ApiOkResponse({ type: WebhookStatusDto })
  async webhookStatus(): Promise<WebhookStatusDto> {
    const { totals, lastEventAt } = await this.counters.read();
    const url = backendUrl({ BACKEND_URL: this.config.get('BACKEND_URL', { infer: true }), PORT: this.config.get('PORT', { infer: true }) });
    return {
      configured: Boolean(this.config.get('ODOO_WEBHOOK_SECRET', { infer: true })),
      url: `${url.replace(/\/+$/, '')}/api/webhooks/odoo`,
      signature: {
        header: 'X-Odoo-Signature',
        timestamp_header: 'X-Odoo-Timestamp',
        format: 'sha256=hex(HMAC-SHA256(ODOO_WEBHOOK_SECRET, "<X-Odoo-Timestamp>.<raw body>"))',
        tolerance_seconds: TOLERANCE_SECONDS,
      },
      counts: totals,
      last_event_at: lastEventAt,
    };
  }
}

function isJson(request: FastifyRequest): boolean {
  const mediaType = header(request, 'content-type')?.split(';')[0].trim().toLowerCase();
  return mediaType === 'application/json';
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}
