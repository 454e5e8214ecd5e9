import type { OpportunityStatus } from '../../data-lake/lake-record.js';
import type { OdooRecord } from '../../odoo/odoo.types.js';
import type { EntityDefinition, SyncLookups } from './entity-definition.js';
import { cents, datetime, day, lowerText, many2oneId, many2oneName, number, text } from '../../odoo/odoo-values.js';
import { CRM_LEAD } from '../../odoo/odoo-models.js';

/**
 * Won: Odoo's `won_status` where the version has it, else a won stage. Lost: archived with probability 0
 * (how Odoo's "Mark as lost" leaves a lead). Everything else is open.
 */
function opportunityStatus(record: OdooRecord, lookups: SyncLookups): OpportunityStatus {
  if (record.won_status === 'won' || record.won_status === 'lost') return record.won_status;
  const stageId = many2oneId(record.stage_id);
  if (stageId !== null && lookups.wonStageIds.has(stageId)) return 'won';
  if (record.active === false && (number(record.probability) ?? 0) === 0) return 'lost';
  return 'open';
}

/** `opportunity`: crm.lead, leads and opportunities, archived (lost) ones included. */
export const opportunityEntity: EntityDefinition = {
  type: 'opportunity',
  model: CRM_LEAD,
  domain: [],
  fields: [
    'name', 'type', 'active', 'partner_id', 'partner_name', 'contact_name', 'user_id', 'team_id', 'stage_id',
    'expected_revenue', 'probability', 'prorated_revenue', 'company_currency', 'date_deadline', 'date_closed',
    'date_open', 'lost_reason_id', 'won_status', 'email_from', 'phone', 'priority', 'company_id', 'create_date',
    'write_date',
  ],
  normalize(record, lookups) {
    const name = text(record.name);
    const expected = cents(record.expected_revenue) ?? 0;
    const probability = number(record.probability) ?? 0;
    return {
      odoo_write_date: String(record.write_date),
      odoo_active: record.active !== false,
      name: name ?? '',
      search_text: lowerText(name, many2oneName(record.partner_id), text(record.partner_name)),
      odoo_user_id: many2oneId(record.user_id),
      partner_id: many2oneId(record.partner_id),
      team_id: many2oneId(record.team_id),
      stage_id: many2oneId(record.stage_id),
      kind: text(record.type),
      status: opportunityStatus(record, lookups),
      probability,
      expected_revenue_cents: expected,
      // Odoo's own prorated_revenue (rounded by Odoo to the currency), so the figure matches Odoo's to the cent.
      weighted_revenue_cents: cents(record.prorated_revenue) ?? Math.round((expected * probability) / 100),
      currency: many2oneName(record.company_currency),
      date: day(record.date_deadline),
      closed_at: datetime(record.date_closed),
      odoo_created_at: datetime(record.create_date),
    };
  },
};
