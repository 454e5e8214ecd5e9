// Field names, types and labels of addons/crm/models/crm_lead.py, crm_stage.py, crm_lost_reason.py,
// addons/sales_team/models/crm_team.py and crm_tag.py (Odoo 17). `won_status` is in community crm from 19.0;
// before, only enterprise's crm_enterprise adds it. `mobile` is gone in 19.0 (phone only).
import type { ModelEnv, ModelSpec, StoredRecord, StoredValue } from '../model-types.js';
import {
  boolean,
  char,
  date,
  datetime,
  float,
  html,
  integer,
  many2many,
  many2one,
  monetary,
  refId,
  selection,
  text,
  textOf,
  valueOf,
} from './field-builders.js';

/** crm_stage.AVAILABLE_PRIORITIES */
const LEAD_PRIORITIES = [
  ['0', 'Low'],
  ['1', 'Medium'],
  ['2', 'High'],
  ['3', 'Very High'],
] as const;

/** crm.lead._compute_company_currency: its company's currency, or the current company's (the main one) without a company. */
function companyCurrency(lead: StoredRecord, env: ModelEnv): number | false {
  const company = env.get('res.company', refId(lead, 'company_id') || 1);
  return company ? refId(company, 'currency_id') || false : false;
}

/** crm.lead._compute_prorated_revenue: expected revenue weighted by probability, to the cent. */
export function proratedRevenue(lead: StoredRecord): number {
  const revenue = typeof lead.expected_revenue === 'number' ? lead.expected_revenue : 0;
  const probability = typeof lead.probability === 'number' ? lead.probability : 0;
  return Math.round(revenue * probability) / 100;
}

/** crm.lead._compute_won_status (19.0) */
function wonStatus(lead: StoredRecord, env: ModelEnv): string {
  const stage = env.get('crm.stage', refId(lead, 'stage_id'));
  if (lead.probability === 100 && stage?.is_won === true) return 'won';
  if (lead.active === false && lead.probability === 0) return 'lost';
  return 'pending';
}

/** The first unfolded stage, as crm.lead._stage_find does for a new lead. */
function firstStage(env: ModelEnv): StoredRecord | undefined {
  const stages = env.all('crm.stage').filter((stage) => stage.fold !== true);
  return stages.sort((a, b) => Number(a.sequence) - Number(b.sequence) || a.id - b.id)[0];
}

/** What a lead takes from its customer when not given: _compute_partner_name, _compute_contact_name, _compute_email_from, _compute_phone. */
function customerValues(env: ModelEnv, partnerId: number): Record<string, StoredValue> {
  const partner = env.get('res.partner', partnerId);
  if (!partner) return {};
  const company = partner.is_company === true ? textOf(partner, 'name') : textOf(partner, 'company_name');
  return {
    partner_name: textOf(env.get('res.partner', refId(partner, 'parent_id')), 'name') || company || false,
    contact_name: partner.is_company === true ? false : valueOf(partner, 'name'),
    email_from: valueOf(partner, 'email'),
    phone: valueOf(partner, 'phone'),
  };
}

/**
 * A new lead's defaults, and what Odoo computes from the values given: the salesperson's team (_compute_team_id),
 * the team's or the salesperson's company (_compute_company_id), the customer's details, the assignment date.
 */
function leadDefaults(env: ModelEnv, uid: number, values: Readonly<Record<string, StoredValue>>) {
  const given: StoredRecord = { id: 0, ...values };
  const userId = 'user_id' in values ? refId(given, 'user_id') : uid;
  const user = env.get('res.users', userId);
  const teamId = 'team_id' in values ? refId(given, 'team_id') : refId(user, 'sale_team_id');
  const stage = firstStage(env);
  const now = env.now();
  return {
    type: 'opportunity',
    active: true,
    priority: '0',
    user_id: uid,
    team_id: teamId || false,
    company_id: refId(env.get('crm.team', teamId), 'company_id') || refId(user, 'company_id') || 1,
    stage_id: stage?.id ?? false,
    probability: 10,
    expected_revenue: 0,
    date_open: userId ? now : false,
    date_last_stage_update: now,
    ...customerValues(env, refId(given, 'partner_id')),
  };
}

export const crmLead: ModelSpec = {
  name: 'crm.lead',
  description: 'Lead/Opportunity',
  versions: { 19: { description: 'Lead' } },
  order: 'priority desc, id desc',
  defaults: leadDefaults,
  fields: {
    name: char('Opportunity', { required: true }),
    user_id: many2one('res.users', 'Salesperson'),
    team_id: many2one('crm.team', 'Sales Team'),
    company_id: many2one('res.company', 'Company'),
    referred: char('Referred By'),
    description: html('Notes'),
    active: boolean('Active'),
    type: selection(
      'Type',
      [
        ['lead', 'Lead'],
        ['opportunity', 'Opportunity'],
      ],
      { required: true },
    ),
    priority: selection('Priority', LEAD_PRIORITIES),
    stage_id: many2one('crm.stage', 'Stage'),
    tag_ids: many2many('crm.tag', 'Tags', {
      help: 'Classify and analyze your lead/opportunity categories like: Training, Service',
    }),
    color: integer('Color Index'),
    expected_revenue: monetary('Expected Revenue', 'company_currency'),
    prorated_revenue: monetary('Prorated Revenue', 'company_currency', { compute: proratedRevenue }),
    recurring_revenue: monetary('Recurring Revenues', 'company_currency'),
    company_currency: many2one('res.currency', 'Currency', { readonly: true, store: false, compute: companyCurrency }),
    date_closed: datetime('Closed Date', { readonly: true }),
    date_open: datetime('Assignment Date', { readonly: true }),
    date_last_stage_update: datetime('Last Stage Update', { readonly: true }),
    date_conversion: datetime('Conversion Date', { readonly: true }),
    date_deadline: date('Expected Closing', { help: 'Estimate of the date on which the opportunity will be won.' }),
    partner_id: many2one('res.partner', 'Customer', {
      versions: { 19: { string: 'Contact' } },
      help:
        'Linked partner (optional). Usually created when converting the lead. ' +
        'You can find a partner by its Name, TIN, Email or Internal Reference.',
    }),
    contact_name: char('Contact Name'),
    partner_name: char('Company Name', {
      help: 'The name of the future partner company that will be created while converting the lead into opportunity',
    }),
    email_from: char('Email'),
    phone: char('Phone'),
    mobile: char('Mobile', { until: 18 }),
    city: char('City'),
    country_id: many2one('res.country', 'Country'),
    probability: float('Probability'),
    automated_probability: float('Automated Probability', { readonly: true }),
    won_status: selection(
      'Is Won',
      [
        ['won', 'Won'],
        ['lost', 'Lost'],
        ['pending', 'Pending'],
      ],
      { readonly: true, since: 19, enterpriseBefore: true, compute: wonStatus },
    ),
    lost_reason_id: many2one('crm.lost.reason', 'Lost Reason'),
  },
};

export const crmStage: ModelSpec = {
  name: 'crm.stage',
  description: 'CRM Stages',
  order: 'sequence, name, id',
  defaults: () => ({ sequence: 1, is_won: false, fold: false }),
  fields: {
    name: char('Stage Name', { required: true }),
    sequence: integer('Sequence', { help: 'Used to order stages. Lower is better.' }),
    is_won: boolean('Is Won Stage?'),
    requirements: text('Requirements', {
      help:
        'Enter here the internal requirements for this stage (ex: Offer sent to customer). ' +
        "It will appear as a tooltip over the stage's name.",
    }),
    team_id: many2one('crm.team', 'Sales Team', {
      help: 'Specific team that uses this stage. Other teams will not be able to see or use this stage.',
    }),
    fold: boolean('Folded in Pipeline', {
      help: 'This stage is folded in the kanban view when there are no records in that stage to display.',
    }),
  },
};

function teamMembers(team: StoredRecord, env: ModelEnv): number[] {
  return env
    .all('res.users')
    .filter((user) => user.sale_team_id === team.id && user.active !== false)
    .map((user) => user.id);
}

function teamCurrency(team: StoredRecord, env: ModelEnv): number | false {
  const company = env.get('res.company', refId(team, 'company_id') || 1);
  return company ? refId(company, 'currency_id') || false : false;
}

export const crmTeam: ModelSpec = {
  name: 'crm.team',
  description: 'Sales Team',
  order: 'sequence ASC, create_date DESC, id DESC',
  defaults: () => ({ active: true, sequence: 10, use_leads: true, use_opportunities: true }),
  fields: {
    name: char('Sales Team', { required: true }),
    sequence: integer('Sequence'),
    active: boolean('Active', {
      help: 'If the active field is set to false, it will allow you to hide the Sales Team without removing it.',
    }),
    company_id: many2one('res.company', 'Company'),
    currency_id: many2one('res.currency', 'Currency', { readonly: true, store: false, compute: teamCurrency }),
    user_id: many2one('res.users', 'Team Leader'),
    member_ids: many2many('res.users', 'Salespersons', { store: false, compute: teamMembers }),
    color: integer('Color Index'),
    use_leads: boolean('Leads', {
      help:
        'Check this box to filter and qualify incoming requests as leads before converting them into opportunities ' +
        'and assigning them to a salesperson.',
    }),
    use_opportunities: boolean('Pipeline', { help: 'Check this box to manage a presales process with opportunities.' }),
  },
};

export const crmLostReason: ModelSpec = {
  name: 'crm.lost.reason',
  description: 'Opp. Lost Reason',
  order: 'id',
  defaults: () => ({ active: true }),
  fields: {
    name: char('Description', { required: true }),
    active: boolean('Active'),
  },
};

export const crmTag: ModelSpec = {
  name: 'crm.tag',
  description: 'CRM Tag',
  order: 'name',
  fields: {
    name: char('Tag Name', { required: true }),
    color: integer('Color', { help: 'Transparent tags are not visible in the kanban view of your projects and tasks.' }),
  },
};
