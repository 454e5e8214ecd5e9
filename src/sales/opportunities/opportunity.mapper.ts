import type { LakeRecord, OpportunityStatus } from '../../data-lake/lake-record.js';
import { toUnits } from '../common/money.js';
import { text } from '../../odoo/odoo-values.js';
import { refOf } from '../common/refs.js';
import type { ActivityDto } from '../activities/dto/activity.dto.js';
import type { OpportunityDetailDto, OpportunityDto } from './dto/opportunity.dto.js';

export function toOpportunityDto(record: LakeRecord): OpportunityDto {
  const data = record.data;
  return {
    id: Number(record.serving_id),
    name: record.name ?? '',
    type: record.kind ?? null,
    status: (record.status ?? 'open') as OpportunityStatus,
    partner: refOf(data.partner_id),
    owner: refOf(data.user_id),
    stage: refOf(data.stage_id),
    team: refOf(data.team_id),
    expected_revenue: toUnits(record.expected_revenue_cents ?? 0),
    probability: record.probability ?? 0,
    weighted_revenue: toUnits(record.weighted_revenue_cents ?? 0),
    currency: record.currency ?? null,
    expected_close: record.date ?? null,
    closed_at: record.closed_at ?? null,
    created_at: record.odoo_created_at ?? null,
    active: record.odoo_active !== false,
  };
}

export function toOpportunityDetailDto(record: LakeRecord, activities: ActivityDto[]): OpportunityDetailDto {
  const data = record.data;
  return {
    ...toOpportunityDto(record),
    partner_name: text(data.partner_name),
    contact_name: text(data.contact_name),
    email_from: text(data.email_from),
    phone: text(data.phone),
    priority: text(data.priority),
    lost_reason: refOf(data.lost_reason_id),
    activities,
  };
}
