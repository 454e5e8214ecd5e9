import { HttpStatus } from '@nestjs/common';
import { ApiException } from '../common/errors/api.exception.js';
import { ENTITY_DEFINITIONS } from '../sync/entities/index.js';

/** The Odoo models whose records we sync, hence whose webhooks we act on. */
export const SYNCED_MODELS = new Set(ENTITY_DEFINITIONS.map((entity) => entity.model));
const MAX_EVENTS_PER_REQUEST = 1000;

/** What an Odoo automation rule's "Send Webhook Notification" posts: `_model`, `_id`, `_action` plus chosen fields. */
export interface WebhookEvent {
  model: string;
  id: number;
  action: string | null;
  /**
   * The record's write_date as the rule read it, to the second ("YYYY-MM-DD HH:MM:SS"), when the rule sends it:
   * Odoo posts before it commits, so a read of the record shows this change once its write_date reaches this.
   */
  writeDate: string | null;
}

/** Odoo's datetime as `json.dumps(default=str)` prints it, microseconds included when there are any. */
const ODOO_DATETIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d{1,6})?$/;

/**
 * One event object or an array of them. The fields beyond `_model`/`_id` are a hint we do not trust: the record
 * is read again from Odoo, `write_date` only says how recent a read must be. Throws a 400 naming each malformed event.
 */
export function parseEvents(body: unknown): WebhookEvent[] {
  const items = Array.isArray(body) ? body : [body];
  if (items.length === 0 || items.length > MAX_EVENTS_PER_REQUEST) {
    throw invalid([{ field: 'body', errors: [`send between 1 and ${MAX_EVENTS_PER_REQUEST} events`] }]);
  }
  const problems: { field: string; errors: string[] }[] = [];
  const events = items.map((item: unknown, index) => {
    const prefix = Array.isArray(body) ? `${index}.` : '';
    const event = item as Record<string, unknown> | null;
    const errors: { field: string; errors: string[] }[] = [];
    if (typeof event !== 'object' || event === null || Array.isArray(event)) {
      errors.push({ field: prefix || 'body', errors: ['must be an object with _model and _id'] });
    } else {
      if (typeof event._model !== 'string' || !/^[a-z0-9_.]{1,128}$/.test(event._model)) {
        errors.push({ field: `${prefix}_model`, errors: ['_model must be an Odoo model name'] });
      }
      if (!Number.isSafeInteger(event._id) || (event._id as number) <= 0) {
        errors.push({ field: `${prefix}_id`, errors: ['_id must be a positive integer'] });
      }
      if (writeDateOf(event.write_date) === undefined) {
        errors.push({ field: `${prefix}write_date`, errors: ['write_date must be an Odoo datetime ("YYYY-MM-DD HH:MM:SS")'] });
      }
    }
    problems.push(...errors);
    if (errors.length) return null;
    return {
      model: event!._model as string,
      id: event!._id as number,
      action: typeof event!._action === 'string' ? event!._action : null,
      writeDate: writeDateOf(event!.write_date) ?? null,
    };
  });
  if (problems.length) throw invalid(problems);
  return events as WebhookEvent[];
}

/** The datetime to the second; null when not sent (or empty, `false`, as Odoo sends an empty datetime); undefined when malformed. */
function writeDateOf(value: unknown): string | null | undefined {
  if (value === undefined || value === null || value === false) return null;
  const match = typeof value === 'string' ? ODOO_DATETIME.exec(value) : null;
  return match ? `${match[1]} ${match[2]}` : undefined;
}

function invalid(details: { field: string; errors: string[] }[]): ApiException {
  return new ApiException(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'Invalid webhook payload', { details });
}
