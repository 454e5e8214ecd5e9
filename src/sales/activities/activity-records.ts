/** Activities as the sales routes read them: open ones only, with their state from the deadline. */
import type { LakeReader } from '../../data-lake/lake-reader.service.js';
import type { LakeRecord } from '../../data-lake/lake-record.js';
import { today } from '../common/days.js';
import { text } from '../../odoo/odoo-values.js';
import { refOf } from '../common/refs.js';
import type { ActivityDto, ActivityState } from './dto/activity.dto.js';
import { CRM_LEAD } from '../../odoo/odoo-models.js';

function activityState(deadline: string | null | undefined, today: string): ActivityState | null {
  if (!deadline) return null;
  if (deadline === today) return 'today';
  return deadline < today ? 'overdue' : 'planned';
}

export function toActivityDto(record: LakeRecord, today: string): ActivityDto {
  const data = record.data;
  return {
    id: Number(record.serving_id),
    summary: text(data.summary),
    type: refOf(data.activity_type_id),
    deadline: record.date ?? null,
    state: activityState(record.date, today),
    owner: refOf(data.user_id),
    res_model: record.res_model ?? null,
    res_id: record.res_id ?? null,
    res_name: text(data.res_name),
    note: text(data.note),
    created_at: record.odoo_created_at ?? null,
  };
}

/** Done activities are archived from Odoo 18 on: the routes show open ones only. */
export const OPEN_ACTIVITY = { odoo_active: { $ne: false } };

/** The open activities of an opportunity, by deadline. */
export async function openActivitiesOf(lake: LakeReader, opportunityId: number): Promise<ActivityDto[]> {
  const activities = await lake.find(
    'activity',
    { res_model: CRM_LEAD, res_id: opportunityId, ...OPEN_ACTIVITY },
    { sort: { date: 1, _id: 1 } },
  );
  const day = today();
  return activities.map((activity) => toActivityDto(activity, day));
}

/** The deadline condition of a state, as Odoo's mail.activity._compute_state_from_date (in UTC). */
export function stateCondition(state: ActivityState, day: string): Record<string, string> {
  if (state === 'overdue') return { $lt: day };
  if (state === 'today') return { $eq: day };
  return { $gt: day };
}
