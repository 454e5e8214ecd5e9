// Field names, types and labels of odoo/addons/base/models/res_partner.py, res_users.py, res_company.py,
// res_currency.py, res_country.py and ir_model.py (Odoo 17), plus the fields account and sales_team add there.
import type { ModelEnv, ModelSpec, StoredRecord } from '../model-types.js';
import { boolean, char, float, html, integer, many2many, many2one, refId, selection, textOf } from './field-builders.js';

const ADDRESS_TYPES = [
  ['contact', 'Contact'],
  ['invoice', 'Invoice Address'],
  ['delivery', 'Delivery Address'],
  ['other', 'Other Address'],
] as const;

/**
 * res.partner._get_complete_name: a contact of a company, or one with a company name, reads "Company, Contact",
 * the company being its commercial partner's name or else its company_name (commercial_company_name).
 */
function partnerCompleteName(partner: StoredRecord, env: ModelEnv): string {
  const name = textOf(partner, 'name');
  const parent = env.get('res.partner', refId(partner, 'parent_id'));
  if (partner.is_company === true || (!parent && !textOf(partner, 'company_name'))) return name;
  const commercial = env.get('res.partner', commercialPartner(partner, env));
  const company = commercial?.is_company === true ? textOf(commercial, 'name') : textOf(partner, 'company_name');
  return `${company || textOf(parent, 'name')}, ${name}`.trim();
}

function commercialPartner(partner: StoredRecord, env: ModelEnv): number {
  let current = partner;
  for (let depth = 0; depth < 20 && current.is_company !== true; depth++) {
    const parent = env.get('res.partner', refId(current, 'parent_id'));
    if (!parent) break;
    current = parent;
  }
  return current.id;
}

export const resPartner: ModelSpec = {
  name: 'res.partner',
  description: 'Contact',
  // 16.0 keeps the display name in a stored display_name and sorts on it; complete_name replaces it in 17.0.
  order: 'display_name ASC, id DESC',
  versions: { 17: { order: 'complete_name ASC, id DESC' } },
  parentName: 'parent_id',
  displayName: partnerCompleteName,
  defaults: () => ({ active: true, is_company: false, type: 'contact', customer_rank: 0, supplier_rank: 0 }),
  fields: {
    name: char('Name'),
    complete_name: char('Complete Name', { compute: partnerCompleteName, since: 17 }),
    is_company: boolean('Is a Company', { help: 'Check if the contact is a company, otherwise it is a person' }),
    active: boolean('Active'),
    type: selection('Address Type', ADDRESS_TYPES),
    parent_id: many2one('res.partner', 'Related Company'),
    company_name: char('Company Name'),
    commercial_partner_id: many2one('res.partner', 'Commercial Entity', { readonly: true, compute: commercialPartner }),
    function: char('Job Position'),
    email: char('Email'),
    phone: char('Phone'),
    mobile: char('Mobile', { until: 18 }),
    website: char('Website Link'),
    street: char('Street'),
    zip: char('Zip'),
    city: char('City'),
    country_id: many2one('res.country', 'Country'),
    vat: char('Tax ID', {
      help:
        'The Tax Identification Number. Values here will be validated based on the country format. ' +
        "You can use '/' to indicate that the partner is not subject to tax.",
    }),
    ref: char('Reference'),
    comment: html('Notes'),
    user_id: many2one('res.users', 'Salesperson', {
      help: 'The internal user in charge of this contact.',
    }),
    company_id: many2one('res.company', 'Company'),
    customer_rank: integer('Customer Rank'),
    supplier_rank: integer('Supplier Rank'),
  },
};

export const resUsers: ModelSpec = {
  name: 'res.users',
  description: 'User',
  order: 'name, login',
  defaults: () => ({ active: true, share: false, company_id: 1 }),
  fields: {
    name: char('Name', { required: true }),
    login: char('Login', { required: true, help: 'Used to log into the system' }),
    email: char('Email'),
    active: boolean('Active'),
    partner_id: many2one('res.partner', 'Related Partner', { help: 'Partner-related data of the user' }),
    company_id: many2one('res.company', 'Company', { required: true, help: 'The default company for this user.' }),
    share: boolean('Share User', {
      readonly: true,
      help: 'External user with limited access, created only for the purpose of sharing data.',
    }),
    groups_id: many2many('res.groups', 'Groups', { until: 18 }),
    sale_team_id: many2one('crm.team', 'User Sales Team', {
      readonly: true,
      help: 'Main user sales team. Used notably for pipeline, or to set sales team in invoicing or subscription.',
    }),
  },
};

export const resCompany: ModelSpec = {
  name: 'res.company',
  description: 'Companies',
  order: 'sequence, name',
  parentName: 'parent_id',
  fields: {
    name: char('Company Name', { required: true }),
    active: boolean('Active'),
    sequence: integer('Sequence'),
    parent_id: many2one('res.company', 'Parent Company'),
    partner_id: many2one('res.partner', 'Partner', { required: true }),
    currency_id: many2one('res.currency', 'Currency', { required: true }),
    country_id: many2one('res.country', 'Country'),
    email: char('Email'),
    phone: char('Phone'),
    vat: char('Tax ID'),
  },
};

export const resCurrency: ModelSpec = {
  name: 'res.currency',
  description: 'Currency',
  order: 'active desc, name',
  fields: {
    name: char('Currency', { required: true, help: 'Currency Code (ISO 4217)' }),
    full_name: char('Name'),
    symbol: char('Symbol', { required: true, help: 'Currency sign, to be used when printing amounts.' }),
    rate: float('Current Rate', { store: false, readonly: true, help: 'The rate of the currency to the currency of rate 1.' }),
    rounding: float('Rounding Factor'),
    decimal_places: integer('Decimal Places', { readonly: true, store: false }),
    active: boolean('Active'),
    position: selection('Symbol Position', [
      ['after', 'After Amount'],
      ['before', 'Before Amount'],
    ]),
    currency_unit_label: char('Currency Unit'),
  },
};

export const resCountry: ModelSpec = {
  name: 'res.country',
  description: 'Country',
  order: 'name',
  fields: {
    name: char('Country Name', { required: true }),
    code: char('Country Code', { help: 'The ISO country code in two chars. \nYou can use this field for quick search.' }),
    currency_id: many2one('res.currency', 'Currency'),
    phone_code: integer('Country Calling Code'),
  },
};

export const irModel: ModelSpec = {
  name: 'ir.model',
  description: 'Models',
  order: 'model',
  fields: {
    name: char('Model Description', { required: true }),
    model: char('Model', { required: true }),
    transient: boolean('Transient Model'),
  },
};
