import { type Dataset, datasetSizes, generateDataset } from './dataset.js';
import { ModelRegistry } from './model-registry.js';
import type { StoredRecord } from './model-types.js';
import { addDays, formatDate, parseDatetime } from './odoo-dates.js';

const NOW = '2026-11-24 10:00:00';
const LEADS = 4000;

const byId = (rows: readonly StoredRecord[]) => new Map(rows.map((row) => [row.id, row]));
const count = <T>(items: readonly T[], accept: (item: T) => boolean) => items.filter(accept).length;

describe('generateDataset', () => {
  let dataset: Dataset;
  let rows: (model: string) => StoredRecord[];

  beforeAll(() => {
    dataset = generateDataset({ seed: 11, leads: LEADS, now: NOW });
    rows = (model) => dataset.records[model] ?? [];
  });

  it('is deterministic: same seed, size and now give the same data; another seed other data', () => {
    const again = generateDataset({ seed: 11, leads: LEADS, now: NOW });
    expect(JSON.stringify(again.records)).toBe(JSON.stringify(dataset.records));
    const other = generateDataset({ seed: 12, leads: LEADS, now: NOW });
    expect(JSON.stringify(other.records['crm.lead'])).not.toBe(JSON.stringify(dataset.records['crm.lead']));
  });

  it('keeps the ratios: 1 company per 10 leads with 2 contacts, 1 invoice per 4, 1 activity per 2, 12+ sellers', () => {
    const sizes = datasetSizes(LEADS);
    expect(sizes).toEqual({ leads: 4000, companies: 400, contacts: 800, users: 12, invoices: 1000, activities: 2000 });
    expect(datasetSizes(1_000_000).users).toBe(500);
    const customers = rows('res.partner').filter((partner) => partner.ref === undefined && partner.customer_rank !== undefined && partner.website !== undefined);
    expect(count(customers, (partner) => partner.is_company === true)).toBe(400);
    expect(count(customers, (partner) => partner.is_company === false)).toBe(800);
    expect(rows('crm.lead')).toHaveLength(4000);
    expect(rows('account.move')).toHaveLength(1000);
    expect(rows('mail.activity')).toHaveLength(2000);
    const sellers = rows('res.users').filter((user) => user.share === false && typeof user.sale_team_id === 'number');
    expect(sellers.length).toBeGreaterThanOrEqual(9);
    expect(count(rows('res.users'), (user) => user.share === false && user.id > 2)).toBe(12);
  });

  it('points every many2one and many2many at a record that exists', () => {
    const registry = new ModelRegistry(18, true);
    const dangling: string[] = [];
    for (const model of registry.names()) {
      const fields = [...(registry.get(model)?.fields.values() ?? [])].filter((field) => field.relation && field.stored);
      for (const record of rows(model)) {
        for (const field of fields) {
          const value = record[field.name];
          const ids = Array.isArray(value) ? value : typeof value === 'number' ? [value] : [];
          for (const id of ids) {
            if (!rows(field.relation as string).some((target) => target.id === id)) dangling.push(`${model}(${record.id}).${field.name} -> ${id}`);
          }
        }
      }
    }
    expect(dangling).toEqual([]);
    const leads = byId(rows('crm.lead'));
    expect(rows('mail.activity').every((activity) => activity.res_model === 'crm.lead' && leads.get(activity.res_id as number)?.name === activity.res_name)).toBe(true);
  });

  it('makes contacts point at their company', () => {
    const partners = byId(rows('res.partner'));
    const contacts = rows('res.partner').filter((partner) => typeof partner.parent_id === 'number');
    expect(contacts.length).toBe(800);
    for (const contact of contacts) {
      const company = partners.get(contact.parent_id as number);
      expect(company?.is_company).toBe(true);
      expect(String(contact.email).endsWith(String(company?.email).replace('info@', '@'))).toBe(true);
    }
  });

  it('builds a sales organisation: employees linked to users, a manager tree 3+ levels deep, teams with leaders', () => {
    const employees = byId(rows('hr.employee'));
    const users = byId(rows('res.users'));
    const depth = (id: number): number => {
      const manager = employees.get(id)?.parent_id;
      return typeof manager === 'number' ? 1 + depth(manager) : 0;
    };
    expect(Math.max(...rows('hr.employee').map((employee) => depth(employee.id)))).toBeGreaterThanOrEqual(3);
    for (const employee of rows('hr.employee')) {
      if (typeof employee.user_id === 'number') expect(users.get(employee.user_id)?.name).toBe(employee.name);
    }
    expect(count(rows('hr.employee'), (employee) => employee.user_id === false)).toBeGreaterThanOrEqual(2);
    for (const team of rows('crm.team')) {
      const leader = rows('hr.employee').find((employee) => employee.user_id === team.user_id);
      expect(leader?.job_title).toBe('Sales Team Leader');
      expect(count(rows('res.users'), (user) => user.sale_team_id === team.id)).toBeGreaterThan(1);
    }
    expect(rows('hr.department').some((department) => typeof department.parent_id === 'number')).toBe(true);
  });

  it('stages in sequence with one won stage; probabilities follow the stage; won and lost deals look it', () => {
    const stages = rows('crm.stage');
    expect(stages.map((stage) => stage.sequence)).toEqual([...stages.map((stage) => stage.sequence)].sort((a, b) => Number(a) - Number(b)));
    expect(count(stages, (stage) => stage.is_won === true)).toBe(1);
    const bands: Record<number, [number, number]> = { 1: [5, 20], 2: [20, 50], 3: [50, 90] };
    const leads = rows('crm.lead');
    const won = leads.filter((lead) => lead.stage_id === 4);
    const lost = leads.filter((lead) => lead.active === false);
    const open = leads.filter((lead) => lead.active !== false && lead.stage_id !== 4);
    expect(won.every((lead) => lead.probability === 100 && lead.active === true && typeof lead.date_closed === 'string')).toBe(true);
    expect(lost.every((lead) => lead.probability === 0 && typeof lead.lost_reason_id === 'number' && typeof lead.date_closed === 'string')).toBe(true);
    for (const lead of open) {
      const [low, high] = bands[lead.stage_id as number];
      expect(lead.probability).toBeGreaterThanOrEqual(low);
      expect(lead.probability).toBeLessThanOrEqual(high);
    }
    expect([won.length, lost.length, open.length].every((size) => size > LEADS * 0.1)).toBe(true);
    expect(new Set(leads.map((lead) => lead.type))).toEqual(new Set(['lead', 'opportunity']));
    expect(leads.every((lead) => lead.prorated_revenue === Math.round(Number(lead.expected_revenue) * Number(lead.probability)) / 100)).toBe(true);
  });

  it('spreads deadlines around now and keeps every date in the past of now', () => {
    const today = NOW.slice(0, 10);
    const deadlines = rows('crm.lead').map((lead) => lead.date_deadline).filter((deadline): deadline is string => typeof deadline === 'string');
    expect(deadlines.some((deadline) => deadline < today)).toBe(true);
    expect(deadlines.some((deadline) => deadline > today)).toBe(true);
    for (const model of Object.keys(dataset.records)) {
      for (const record of rows(model)) {
        expect(String(record.create_date) <= String(record.write_date)).toBe(true);
        expect(String(record.write_date) <= NOW).toBe(true);
      }
    }
  });

  it('gives several records the same write_date, as imports and mass updates do', () => {
    const seen = new Map<unknown, number>();
    for (const lead of rows('crm.lead')) seen.set(lead.write_date, (seen.get(lead.write_date) ?? 0) + 1);
    expect([...seen.values()].filter((times) => times > 1).length).toBeGreaterThan(10);
  });

  it('issues invoices and credit notes in several currencies, mostly EUR, in every payment and aging state', () => {
    const moves = rows('account.move');
    expect(new Set(moves.map((move) => move.move_type))).toEqual(new Set(['out_invoice', 'out_refund']));
    expect(new Set(moves.map((move) => move.state))).toEqual(new Set(['posted', 'draft', 'cancel']));
    const posted = moves.filter((move) => move.state === 'posted');
    expect(new Set(posted.map((move) => move.payment_state))).toEqual(new Set(['paid', 'partial', 'not_paid', 'in_payment']));
    expect(count(moves, (move) => move.currency_id === 1)).toBeGreaterThan(moves.length * 0.7);
    expect(new Set(moves.map((move) => move.currency_id)).size).toBeGreaterThanOrEqual(3);
    expect(moves.filter((move) => move.move_type === 'out_refund').every((move) => Number(move.amount_total_signed) < 0)).toBe(true);
    expect(posted.every((move) => /^R?INV\/\d{4}\/\d{5}$/.test(String(move.name)))).toBe(true);
    expect(moves.filter((move) => move.state === 'draft').every((move) => move.name === '/')).toBe(true);
    // Aged receivable buckets: not due, 1-30, 31-60, 61-90, 91-120, older.
    const now = parseDatetime(NOW);
    const bucket = (due: string) => {
      const late = Math.round((now.getTime() - Date.parse(`${due}T00:00:00Z`)) / 86_400_000);
      return late <= 0 ? 'not due' : late <= 30 ? '1-30' : late <= 60 ? '31-60' : late <= 90 ? '61-90' : late <= 120 ? '91-120' : 'older';
    };
    const open = posted.filter((move) => Number(move.amount_residual) > 0);
    expect(new Set(open.map((move) => bucket(String(move.invoice_date_due))))).toEqual(new Set(['not due', '1-30', '31-60', '61-90', '91-120', 'older']));
  });

  it('plans activities on open leads: overdue, due today and upcoming', () => {
    const today = formatDate(parseDatetime(NOW));
    const deadlines = rows('mail.activity').map((activity) => String(activity.date_deadline));
    expect(deadlines).toContain(today);
    expect(deadlines.some((deadline) => deadline < today)).toBe(true);
    expect(deadlines.some((deadline) => deadline > today && deadline <= formatDate(addDays(parseDatetime(NOW), 30)))).toBe(true);
    const leads = byId(rows('crm.lead'));
    expect(rows('mail.activity').every((activity) => leads.get(activity.res_id as number)?.active === true)).toBe(true);
  });
});
