// Sends what an Odoo automation rule's "Send Webhook Notification" action sends (17.0,
// odoo/addons/base/models/ir_actions.py _run_action_webhook):
//   vals = {'_model': model, '_id': record.id, '_action': f'{action.name}(#{action.id})'}
//   vals.update(record.read(webhook_field_ids, load=None)[0])   # many2one as plain ids, 'id' included
//   requests.post(url, data=json.dumps(vals, sort_keys=True, default=str),
//                 headers={'Content-Type': 'application/json'}, timeout=1)
// One POST per record; a rule firing on several records sends several. Odoo 17.0-19.0 post from inside the
// transaction that made the change, waiting for each answer (a timeout or an error is logged, and the save goes on);
// the commit comes after (FakeTransaction). With a secret, it also signs the body as our signing relay does:
// X-Odoo-Timestamp and X-Odoo-Signature = sha256=HMAC-SHA256(secret, "<ts>.<body>").
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
  /** How long a POST waits for its answer: 1 s, as Odoo's `timeout=1`. */
  readonly timeoutMs?: number;
}

export interface WebhookDelivery {
  /** 0 when no answer came. */
  readonly status: number;
  readonly responseBody: string;
  readonly requestBody: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
  /** From sending to the end of the answer: what the save waited. */
  readonly ms: number;
  /** Why no answer came ("timed out" after timeoutMs); Odoo logs it as a warning and goes on. */
  readonly error?: string;
}

export interface BatchOptions {
  /**
   * Times the rule fires for each record, round after round over the records: Odoo fires an "On save" rule again
   * on each write its own create or write makes (creating 200 leads in one call sent 4,400 webhooks).
   */
  readonly firesPerRecord?: number;
}

const DEFAULT_WEBHOOK_ACTION: WebhookAction = { name: 'Send Webhook Notification', id: 1 };

/** The dict _run_action_webhook posts. */
function webhookPayload(event: WebhookEvent, action: WebhookAction = DEFAULT_WEBHOOK_ACTION): Record<string, unknown> {
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

  /** One POST, its answer awaited (at most timeoutMs); never throws, as Odoo only logs a failed webhook. */
  async send(event: WebhookEvent): Promise<WebhookDelivery> {
    const requestBody = webhookBody(event, this.options.action);
    const requestHeaders = this.headersFor(requestBody);
    const started = performance.now();
    const signal = AbortSignal.timeout(this.options.timeoutMs ?? 1000);
    try {
      const response = await fetch(this.options.url, { method: 'POST', headers: requestHeaders, body: requestBody, signal });
      const responseBody = await response.text();
      return { status: response.status, responseBody, requestBody, requestHeaders, ms: performance.now() - started };
    } catch (error) {
      // A DOMException, not an Error of every realm (Jest's): told by its name.
      const reason = (error as { name?: unknown }).name === 'TimeoutError' ? 'timed out' : String(error);
      return { status: 0, responseBody: '', requestBody, requestHeaders, ms: performance.now() - started, error: reason };
    }
  }

  /** A rule firing on several records: one POST each, in order, each answer awaited before the next. */
  async sendBatch(events: readonly WebhookEvent[], options: BatchOptions = {}): Promise<WebhookDelivery[]> {
    const deliveries: WebhookDelivery[] = [];
    for (let fire = 0; fire < (options.firesPerRecord ?? 1); fire++) {
      for (const event of events) deliveries.push(await this.send(event));
    }
    return deliveries;
  }
}
