// Sends what an Odoo automation rule's "Send Webhook Notification" action sends (17.0,
// odoo/addons/base/models/ir_actions.py _run_action_webhook):
//   vals = {'_model': model, '_id': record.id, '_action': f'{action.name}(#{action.id})'}
//   vals.update(record.read(webhook_field_ids, load=None)[0])   # many2one as plain ids, 'id' included
//   requests.post(url, data=json.dumps(vals, sort_keys=True, default=str),
//                 headers={'Content-Type': 'application/json'}, timeout=1)
// One POST per record; a rule firing on several records sends several. With a secret, it also signs the body
// as our signing relay does: X-Odoo-Timestamp and X-Odoo-Signature = sha256=HMAC-SHA256(secret, "<ts>.<body>").
import { createHmac } from 'node:crypto';
import { PyFloat, pythonJsonDumps } from './python-format.js';

export interface WebhookEvent {
  readonly model: string;
  readonly id: number;
  /** The selected fields as read(load=None) returns them (FakeOdooServer.webhookEvent builds this). */
  readonly values?: Readonly<Record<string, unknown>>;
  /** Fields Python prints as floats (float and monetary fields: "1000.0"). */
  readonly floatFields?: readonly string[];
}

export interface WebhookAction {
  readonly name: string;
  readonly id: number;
}

export interface WebhookSenderOptions {
  readonly url: string;
  /** When given, the request is signed. */
  readonly secret?: string;
  readonly action?: WebhookAction;
  /** Unix seconds for X-Odoo-Timestamp; defaults to the current time. */
  readonly timestamp?: () => number;
}

export interface WebhookDelivery {
  readonly status: number;
  readonly responseBody: string;
  readonly requestBody: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
}

export const DEFAULT_WEBHOOK_ACTION: WebhookAction = { name: 'Send Webhook Notification', id: 1 };

/** The dict _run_action_webhook posts. */
export function webhookPayload(event: WebhookEvent, action: WebhookAction = DEFAULT_WEBHOOK_ACTION): Record<string, unknown> {
  const floats = new Set(event.floatFields ?? []);
  const values = Object.fromEntries(
    Object.entries(event.values ?? {}).map(([name, value]) => [name, floats.has(name) && typeof value === 'number' ? new PyFloat(value) : value]),
  );
  return { _model: event.model, _id: event.id, _action: `${action.name}(#${action.id})`, ...values };
}

/** The exact bytes Odoo sends: json.dumps(vals, sort_keys=True). */
export function webhookBody(event: WebhookEvent, action: WebhookAction = DEFAULT_WEBHOOK_ACTION): string {
  return pythonJsonDumps(webhookPayload(event, action));
}

/** "sha256=<hex HMAC-SHA256(secret, '<timestamp>.<raw body>')>" */
export function webhookSignature(secret: string, timestamp: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

export class WebhookSender {
  private readonly options: WebhookSenderOptions;

  constructor(options: WebhookSenderOptions) {
    this.options = options;
  }

  /** The headers for a body: Content-Type as requests sends it, plus the signature when there is a secret. */
  headersFor(rawBody: string): Record<string, string> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'python-requests/2.31.0' };
    if (this.options.secret === undefined) return headers;
    const timestamp = this.options.timestamp?.() ?? Math.floor(Date.now() / 1000);
    headers['X-Odoo-Timestamp'] = String(timestamp);
    headers['X-Odoo-Signature'] = webhookSignature(this.options.secret, timestamp, rawBody);
    return headers;
  }

  async send(event: WebhookEvent): Promise<WebhookDelivery> {
    const requestBody = webhookBody(event, this.options.action);
    const requestHeaders = this.headersFor(requestBody);
    const response = await fetch(this.options.url, { method: 'POST', headers: requestHeaders, body: requestBody });
    return { status: response.status, responseBody: await response.text(), requestBody, requestHeaders };
  }

  /** A rule firing on several records: one POST each, in order. */
  async sendBatch(events: readonly WebhookEvent[]): Promise<WebhookDelivery[]> {
    const deliveries: WebhookDelivery[] = [];
    for (const event of events) deliveries.push(await this.send(event));
    return deliveries;
  }
}
