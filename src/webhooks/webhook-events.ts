import { HttpStatus } from '@nestjs/common';
import { ApiException } from '../common/errors/api.exception.js';
import { ENTITY_DEFINITIONS } from '../sync/entities/index.js';

/** The Odoo models whose records we sync, hence whose webhooks we act on. */
export const SYNCED_MODELS = new Set(ENTITY_DEFINITIONS.map((entity) => entity.model));
export const MAX_EVENTS_PER_REQUEST = 1000;

/** What an Odoo automation rule's "Send Webhook Notification" posts: `_model`, `_id`, `_action` plus chosen fields. */
export interface WebhookEvent {
  model: string;
  id: number;
  action: string | null;
}

/**
 * One event object or an array of them. The fields beyond `_model`/`_id` are a hint we do not trust: the record
 * is read again from Odoo. Throws a 400 naming each malformed event.
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
    }
    problems.push(...errors);
    return errors.length ? null : { model: event!._model as string, id: event!._id as number, action: typeof event!._action === 'string' ? event!._action : null };
  });
  if (problems.length) throw invalid(problems);
  return events as WebhookEvent[];
}

function invalid(details: { field: string; errors: string[] }[]): ApiException {
  return new ApiException(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'Invalid webhook payload', { details });
}
