import { accountEntity, contactEntity } from './partner.entities.js';
import type { SyncLookups } from './entity-definition.js';
import { employeeEntity } from './employee.entity.js';
import { invoiceEntity } from './invoice.entity.js';
import { opportunityEntity } from './opportunity.entity.js';
import { activityEntity } from './activity.entity.js';

const lookups: SyncLookups = {
  wonStageIds: new Set([4]),
  userLogins: new Map([[7, { login: 'ana@example.com', email: 'Ana.Lopez@Example.com', teamId: 2 }]]),
};

const lead = {
  id: 10,
  name: 'Big Deal',
  type: 'opportunity',
  active: true,
  partner_id: [3, 'Acme Corp'],
  user_id: [7, 'Ana Lopez'],
  team_id: [2, 'Europe'],
  stage_id: [2, 'Qualified'],
  expected_revenue: 12345.675,
  probability: 33.3,
  prorated_revenue: 4111.11,
  company_currency: [1, 'EUR'],
  date_deadline: '2026-12-15',
  date_closed: false,
  create_date: '2026-10-01 08:30:00',
  write_date: '2026-11-20 10:00:00',
};

describe('opportunity normalization', () => {
  it('derives owner, customer, stage, money in cents and the weighted revenue', () => {
    expect(opportunityEntity.normalize(lead, lookups)).toMatchObject({
      odoo_write_date: '2026-11-20 10:00:00',
      odoo_user_id: 7,
      partner_id: 3,
      team_id: 2,
      stage_id: 2,
      kind: 'opportunity',
      status: 'open',
      expected_revenue_cents: 1234568,
      weighted_revenue_cents: 411111,
      currency: 'EUR',
      date: '2026-12-15',
      closed_at: null,
      odoo_created_at: new Date('2026-10-01T08:30:00Z'),
      search_text: 'big deal acme corp',
    });
  });

  it('is won in a won stage or when Odoo says so, lost when archived at probability 0', () => {
    expect(opportunityEntity.normalize({ ...lead, stage_id: [4, 'Won'], probability: 100 }, lookups).status).toBe('won');
    expect(opportunityEntity.normalize({ ...lead, won_status: 'won' }, lookups).status).toBe('won');
    expect(opportunityEntity.normalize({ ...lead, active: false, probability: 0 }, lookups).status).toBe('lost');
    expect(opportunityEntity.normalize({ ...lead, won_status: 'lost', active: false }, lookups).status).toBe('lost');
    expect(opportunityEntity.normalize({ ...lead, active: false, probability: 40 }, lookups).status).toBe('open');
  });

  it('reads Odoo\'s false as empty', () => {
    const empty = opportunityEntity.normalize(
      { ...lead, partner_id: false, user_id: false, date_deadline: false, expected_revenue: false, prorated_revenue: false },
      lookups,
    );
    expect(empty).toMatchObject({ partner_id: null, odoo_user_id: null, date: null, expected_revenue_cents: 0, weighted_revenue_cents: 0 });
  });
});

describe('other entities', () => {
  it('counts a credit note negative', () => {
    const move = { id: 5, name: 'RINV/2026/0001', move_type: 'out_refund', amount_total: 100.1, amount_residual: 50.05, partner_id: [3, 'Acme'], invoice_date: '2026-11-01', invoice_date_due: false, write_date: '2026-11-02 00:00:00' };
    expect(invoiceEntity.normalize(move, lookups)).toMatchObject({ amount_total_cents: -10010, amount_residual_cents: -5005, due_date: '2026-11-01', partner_id: 3 });
  });

  // Odoo 16.0's INV/2026/00005 (transcript): a contact of Gemini Furniture, invoiced in EUR by a USD company.
  it('keeps an invoice\'s commercial partner and its amounts in company currency as Odoo signs them', () => {
    const move = {
      id: 18,
      name: 'INV/2026/00005',
      move_type: 'out_invoice',
      partner_id: [23, 'Gemini Furniture, Soham Palmer'],
      commercial_partner_id: [11, 'Gemini Furniture'],
      currency_id: [1, 'EUR'],
      company_currency_id: [2, 'USD'],
      amount_total: 173,
      amount_residual: 173,
      amount_total_signed: 264.5,
      amount_residual_signed: 264.5,
      write_date: '2026-11-29 06:31:03',
    };
    expect(invoiceEntity.normalize(move, lookups)).toMatchObject({
      partner_id: 23,
      commercial_partner_id: 11,
      commercial_partner_name: 'Gemini Furniture',
      currency: 'EUR',
      amount_residual_cents: 17300,
      company_currency: 'USD',
      amount_total_company_cents: 26450,
      amount_residual_company_cents: 26450,
    });
    const refund = { ...move, move_type: 'out_refund', amount_total_signed: -264.5, amount_residual_signed: -132.25 };
    expect(invoiceEntity.normalize(refund, lookups)).toMatchObject({
      amount_residual_cents: -17300,
      amount_total_company_cents: -26450,
      amount_residual_company_cents: -13225,
    });
  });

  it('gives an employee the emails of its work address and its user, lower-cased and distinct', () => {
    const employee = { id: 12, name: 'Ana Lopez', work_email: 'ana@example.com', user_id: [7, 'Ana'], parent_id: [3, 'Boss'], department_id: [2, 'Sales'], write_date: 'x' };
    expect(employeeEntity.normalize(employee, lookups)).toMatchObject({
      emails: ['ana@example.com', 'ana.lopez@example.com'],
      odoo_user_id: 7,
      manager_employee_id: 3,
      department_id: 2,
      team_id: 2,
    });
  });

  it('tells companies from contacts and keeps a contact\'s company', () => {
    const person = { id: 8, name: 'Bob', parent_id: [3, 'Acme'], user_id: [7, 'Ana'], write_date: 'x' };
    expect(contactEntity.normalize(person, lookups)).toMatchObject({ partner_id: 3, odoo_user_id: 7 });
    expect(accountEntity.normalize({ id: 3, name: 'Acme', write_date: 'x' }, lookups)).toMatchObject({ partner_id: 3 });
    expect(accountEntity.domain).toEqual([['is_company', '=', true]]);
    expect(contactEntity.domain).toEqual([['is_company', '=', false]]);
  });

  it('attaches an activity to its record', () => {
    const activity = { id: 1, res_model: 'crm.lead', res_id: 10, summary: 'Call', date_deadline: '2026-11-25', user_id: [7, 'Ana'], activity_type_id: [2, 'Call'], write_date: 'x' };
    expect(activityEntity.normalize(activity, lookups)).toMatchObject({ res_model: 'crm.lead', res_id: 10, date: '2026-11-25', activity_type_id: 2, odoo_user_id: 7 });
  });
});
