// Field names, types and labels of addons/mail/models/mail_activity.py and mail_activity_type.py (Odoo 17).
// mail.activity gets `active` and `date_done` in 17.0 ("keep done activities"); 16.0 deletes done activities.
import type { ModelEnv, ModelSpec, StoredRecord } from '../model-types.js';
import { boolean, char, date, html, integer, many2one, refId, selection, textOf } from './field-builders.js';

const ACTIVITY_CATEGORIES = [
  ['default', 'None'],
  ['upload_file', 'Upload Document'],
  ['phonecall', 'Phonecall'],
  ['meeting', 'Meeting'],
] as const;

/** mail.activity._compute_state_from_date, in UTC. */
function activityState(activity: StoredRecord, env: ModelEnv): string | false {
  const deadline = activity.date_deadline;
  if (typeof deadline !== 'string') return false;
  const today = env.today();
  if (deadline === today) return 'today';
  return deadline < today ? 'overdue' : 'planned';
}

function activityCategory(activity: StoredRecord, env: ModelEnv): string | false {
  const type = env.get('mail.activity.type', refId(activity, 'activity_type_id'));
  return type ? textOf(type, 'category') || false : false;
}

function activityDisplayName(activity: StoredRecord, env: ModelEnv): string {
  const type = env.get('mail.activity.type', refId(activity, 'activity_type_id'));
  return textOf(activity, 'summary') || textOf(type, 'name');
}

export const mailActivity: ModelSpec = {
  name: 'mail.activity',
  description: 'Activity',
  order: 'date_deadline ASC, id ASC',
  recName: 'summary',
  displayName: activityDisplayName,
  defaults: (env, uid) => ({ user_id: uid, date_deadline: env.today(), automated: false, active: true }),
  fields: {
    res_model_id: many2one('ir.model', 'Document Model', { required: true }),
    res_model: char('Related Document Model', { readonly: true }),
    res_id: { type: 'many2one_reference', string: 'Related Document ID', required: true },
    res_name: char('Document Name', { readonly: true, help: 'Display name of the related document.' }),
    activity_type_id: many2one('mail.activity.type', 'Activity Type'),
    activity_category: selection('Action', ACTIVITY_CATEGORIES, {
      readonly: true,
      store: false,
      compute: activityCategory,
    }),
    summary: char('Summary'),
    note: html('Note'),
    date_deadline: date('Due Date', { required: true }),
    date_done: date('Done Date', { readonly: true, since: 17 }),
    automated: boolean('Automated activity', {
      readonly: true,
      help: 'Indicates this activity has been created automatically and not by any user.',
    }),
    user_id: many2one('res.users', 'Assigned to', { required: true }),
    state: selection(
      'State',
      [
        ['overdue', 'Overdue'],
        ['today', 'Today'],
        ['planned', 'Planned'],
      ],
      { store: false, compute: activityState },
    ),
    active: boolean('Open', { since: 17 }),
  },
};

export const mailActivityType: ModelSpec = {
  name: 'mail.activity.type',
  description: 'Activity Type',
  order: 'sequence, id',
  defaults: () => ({ active: true, sequence: 10, category: 'default', delay_count: 0 }),
  fields: {
    name: char('Name', { required: true }),
    summary: char('Default Summary'),
    sequence: integer('Sequence'),
    active: boolean('Active'),
    delay_count: integer('Schedule', {
      help: 'Number of days/week/month before executing the action after or before the scheduled plan date.',
    }),
    category: selection('Action', ACTIVITY_CATEGORIES, {
      help:
        'Actions may trigger specific behavior like opening calendar view or automatically mark as done when a document is uploaded',
    }),
    icon: char('Icon', { help: 'Font awesome icon e.g. fa-tasks' }),
  },
};
