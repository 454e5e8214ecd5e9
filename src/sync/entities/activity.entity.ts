import type { EntityDefinition } from './entity-definition.js';
import { datetime, day, lowerText, many2oneId, number, text } from '../../odoo/odoo-values.js';
import { MAIL_ACTIVITY } from '../../odoo/odoo-models.js';

/** `activity`: mail.activity (scheduled calls, meetings, to-dos), whatever record they are attached to. */
export const activityEntity: EntityDefinition = {
  type: 'activity',
  model: MAIL_ACTIVITY,
  domain: [],
  fields: [
    'res_model', 'res_id', 'res_name', 'activity_type_id', 'summary', 'note', 'date_deadline', 'date_done',
    'user_id', 'active', 'create_date', 'write_date',
  ],
  normalize(record) {
    const summary = text(record.summary);
    return {
      odoo_write_date: String(record.write_date),
      odoo_active: record.active !== false,
      name: summary ?? text(record.res_name) ?? '',
      search_text: lowerText(summary, text(record.res_name)),
      odoo_user_id: many2oneId(record.user_id),
      res_model: text(record.res_model),
      res_id: number(record.res_id),
      activity_type_id: many2oneId(record.activity_type_id),
      date: day(record.date_deadline),
      odoo_created_at: datetime(record.create_date),
    };
  },
};
