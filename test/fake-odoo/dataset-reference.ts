// Reference data every database has: currencies, countries, the two companies, OdooBot and the admin,
// stages, lost reasons, tags, activity types and the ir.model rows activities point at. Names follow Odoo's
// own data files (crm_stage_data.xml, crm_lost_reason_data.xml, mail_activity_type_data.xml).
import type { DatasetContext } from './dataset-context.js';
import { MODEL_SPECS } from './models/index.js';
import { ADMIN_UID } from './odoo-instance.js';

export interface Country {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly phoneCode: number;
  readonly currencyId: number;
  readonly tld: string;
  readonly vatPrefix: string;
  /** How often customers are from there. */
  readonly weight: number;
}

export const EUR = 1;
export const USD = 2;
export const GBP = 3;
export const CHF = 4;

/** Units of each currency per EUR (res.currency.rate with EUR as the company currency). */
export const RATES: Readonly<Record<number, number>> = { [EUR]: 1, [USD]: 1.08, [GBP]: 0.86, [CHF]: 0.94 };

export const COUNTRIES: readonly Country[] = [
  { id: 21, code: 'BE', name: 'Belgium', phoneCode: 32, currencyId: EUR, tld: 'be', vatPrefix: 'BE0', weight: 5 },
  { id: 76, code: 'FR', name: 'France', phoneCode: 33, currencyId: EUR, tld: 'fr', vatPrefix: 'FR', weight: 4 },
  { id: 57, code: 'DE', name: 'Germany', phoneCode: 49, currencyId: EUR, tld: 'de', vatPrefix: 'DE', weight: 4 },
  { id: 166, code: 'NL', name: 'Netherlands', phoneCode: 31, currencyId: EUR, tld: 'nl', vatPrefix: 'NL', weight: 3 },
  { id: 135, code: 'LU', name: 'Luxembourg', phoneCode: 352, currencyId: EUR, tld: 'lu', vatPrefix: 'LU', weight: 1 },
  { id: 68, code: 'ES', name: 'Spain', phoneCode: 34, currencyId: EUR, tld: 'es', vatPrefix: 'ES', weight: 2 },
  { id: 110, code: 'IT', name: 'Italy', phoneCode: 39, currencyId: EUR, tld: 'it', vatPrefix: 'IT', weight: 2 },
  { id: 233, code: 'GB', name: 'United Kingdom', phoneCode: 44, currencyId: GBP, tld: 'co.uk', vatPrefix: 'GB', weight: 2 },
  { id: 43, code: 'CH', name: 'Switzerland', phoneCode: 41, currencyId: CHF, tld: 'ch', vatPrefix: 'CHE', weight: 1 },
  { id: 235, code: 'US', name: 'United States', phoneCode: 1, currencyId: USD, tld: 'com', vatPrefix: '', weight: 2 },
];

export const BELGIUM = COUNTRIES[0];
export const UNITED_STATES = COUNTRIES[COUNTRIES.length - 1];

export const MAIN_COMPANY = 1;
export const US_COMPANY = 2;
const ROOT_UID = 1;
export { ADMIN_UID };

export const STAGES = [
  { id: 1, name: 'New', sequence: 1, is_won: false, probability: [5, 20] },
  { id: 2, name: 'Qualified', sequence: 2, is_won: false, probability: [20, 50] },
  { id: 3, name: 'Proposition', sequence: 3, is_won: false, probability: [50, 90] },
  { id: 4, name: 'Won', sequence: 70, is_won: true, probability: [100, 100] },
] as const;
export const WON_STAGE = 4;

export const LOST_REASONS = ['Too expensive', "We don't have people/skills", 'Not enough stock', 'Lost to a competitor'];
export const TAGS = ['Product', 'Software', 'Services', 'Information', 'Design', 'Training', 'Consulting', 'Other'];

export const ACTIVITY_TYPES = [
  { id: 1, name: 'Email', category: 'default', icon: 'fa-envelope', summary: 'Send the proposal' },
  { id: 2, name: 'Call', category: 'phonecall', icon: 'fa-phone', summary: 'Call to discuss requirements' },
  { id: 3, name: 'Meeting', category: 'meeting', icon: 'fa-users', summary: 'Demo meeting' },
  { id: 4, name: 'To-Do', category: 'default', icon: 'fa-check', summary: 'Follow up on the quotation' },
  { id: 5, name: 'Upload Document', category: 'upload_file', icon: 'fa-upload', summary: 'Upload the signed contract' },
] as const;

/** ir.model ids: one per model the fake serves, in the order of MODEL_SPECS. */
export function irModelId(model: string): number {
  return MODEL_SPECS.findIndex((spec) => spec.name === model) + 1;
}

export function companyDomain(name: string, tld: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z0-9]+/g, '')
    .slice(0, 24);
  return `${slug || 'company'}.${tld}`;
}

function addCurrencies(context: DatasetContext, setupTime: Date): void {
  const currencies = [
    [EUR, 'EUR', 'Euro', '€', 'after', 'Euros'],
    [USD, 'USD', 'United States dollar', '$', 'before', 'Dollars'],
    [GBP, 'GBP', 'Pound sterling', '£', 'before', 'Pounds'],
    [CHF, 'CHF', 'Swiss franc', 'CHF', 'after', 'Francs'],
  ] as const;
  for (const [id, name, fullName, symbol, position, unit] of currencies) {
    context.add('res.currency', {
      id,
      name,
      full_name: fullName,
      symbol,
      rate: RATES[id],
      rounding: 0.01,
      decimal_places: 2,
      active: true,
      position,
      currency_unit_label: unit,
      ...context.stamp(setupTime, setupTime, ROOT_UID),
    });
  }
}

function addCountries(context: DatasetContext, setupTime: Date): void {
  for (const country of COUNTRIES) {
    context.add('res.country', {
      id: country.id,
      name: country.name,
      code: country.code,
      currency_id: country.currencyId,
      phone_code: country.phoneCode,
      ...context.stamp(setupTime, setupTime, ROOT_UID),
    });
  }
}

/** Partners 1-4 and users 1-2, as a fresh database has them (base.main_partner, base.partner_root, ...). */
function addCompaniesAndAdmin(context: DatasetContext, setupTime: Date, companyName: string): void {
  const stamp = context.stamp(setupTime, setupTime, ROOT_UID);
  const domain = companyDomain(companyName, BELGIUM.tld);
  const partner = (id: number, name: string, isCompany: boolean, countryId: number | false, email: string | false) =>
    context.add('res.partner', {
      id,
      name,
      is_company: isCompany,
      active: true,
      type: 'contact',
      parent_id: false,
      email,
      country_id: countryId,
      company_id: false,
      customer_rank: 0,
      supplier_rank: 0,
      ...stamp,
    });
  partner(1, companyName, true, BELGIUM.id, `info@${domain}`);
  partner(2, 'OdooBot', false, false, 'odoobot@example.com');
  partner(3, 'Administrator', false, BELGIUM.id, `admin@${domain}`);
  partner(4, `${companyName} Inc.`, true, UNITED_STATES.id, `info@${companyDomain(companyName, 'com')}`);
  const company = (id: number, name: string, partnerId: number, currencyId: number, countryId: number) =>
    context.add('res.company', {
      id,
      name,
      active: true,
      sequence: id * 10,
      parent_id: id === MAIN_COMPANY ? false : MAIN_COMPANY,
      partner_id: partnerId,
      currency_id: currencyId,
      country_id: countryId,
      ...stamp,
    });
  company(MAIN_COMPANY, companyName, 1, EUR, BELGIUM.id);
  company(US_COMPANY, `${companyName} Inc.`, 4, USD, UNITED_STATES.id);
  const user = (id: number, name: string, login: string, partnerId: number, active: boolean) =>
    context.add('res.users', {
      id,
      name,
      login,
      email: login.includes('@') ? login : false,
      active,
      partner_id: partnerId,
      company_id: MAIN_COMPANY,
      share: false,
      sale_team_id: false,
      ...stamp,
    });
  user(ROOT_UID, 'OdooBot', '__system__', 2, false);
  user(ADMIN_UID, 'Administrator', 'admin', 3, true);
}

function addCrmReference(context: DatasetContext, setupTime: Date): void {
  const stamp = context.stamp(setupTime, setupTime, ROOT_UID);
  for (const { id, name, sequence, is_won } of STAGES) {
    context.add('crm.stage', { id, name, sequence, is_won, fold: false, team_id: false, requirements: false, ...stamp });
  }
  LOST_REASONS.forEach((name, index) => context.add('crm.lost.reason', { id: index + 1, name, active: true, ...stamp }));
  TAGS.forEach((name, index) => context.add('crm.tag', { id: index + 1, name, color: (index % 11) + 1, ...stamp }));
  for (const { id, name, summary, category, icon } of ACTIVITY_TYPES) {
    const values = { id, name, summary, sequence: id * 3, active: true, delay_count: 0, category, icon };
    context.add('mail.activity.type', { ...values, ...stamp });
  }
  MODEL_SPECS.forEach((spec, index) =>
    context.add('ir.model', { id: index + 1, name: spec.description, model: spec.name, transient: false, ...stamp }),
  );
}

/** The data a database has before anyone sells anything; returns the main company's name. */
export function addReferenceData(context: DatasetContext): string {
  const setupTime = context.daysAgo(800);
  const companyName = context.faker.company.name();
  addCurrencies(context, setupTime);
  addCountries(context, setupTime);
  addCompaniesAndAdmin(context, setupTime, companyName);
  addCrmReference(context, setupTime);
  return companyName;
}
