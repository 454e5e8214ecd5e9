// Odoo's own demo data, as real Odoo 16.0 to 19.0 servers answered the service (../shared/odoo-transcripts), synced
// through the real service: every sales route must equal the figures computed from those records.
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import type { ReadRecord } from '../fake-odoo/orm-read.js';
import { modelledVersion, transcriptDataset, transcriptVersions } from '../fake-odoo/transcript-dataset.js';
import { startOdooWorld } from '../support/odoo-world.js';
import { OdooFigures } from './odoo-figures.js';
import { expectedAccounts, expectedReceivable, expectedReceivables, nameOf } from './receivable-figures.js';
import { add, allItems, cents, getJson, idOf, money, salesWorldOf, teamUsers, today, type SalesWorld } from './sales-world.js';

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const ids = (items: { id: number }[]) => items.map((item) => item.id).sort((a, b) => a - b);

/** The demo data's sales manager (an employee with a user, and a report with a user) and that report. */
function managerAndReport(fake: FakeOdooServer): [ReadRecord, ReadRecord] {
  const employees = fake.records('hr.employee').filter((employee) => employee.user_id);
  const below = (manager: ReadRecord) => employees.filter((e) => e.id !== manager.id && teamUsers(fake.records('hr.employee'), manager.id).has(idOf(e.user_id)!));
  const manager = employees.find((employee) => below(employee).length > 0);
  if (!manager) throw new Error('the demo data has no manager of a user');
  return [manager, below(manager)[0]];
}

describe.each(transcriptVersions())('Odoo %s demo data, as a real server answered it', (version) => {
  let world: SalesWorld;
  let odoo: OdooFigures;

  beforeAll(async () => {
    process.env.ODOO_RETRIES = '0';
    const odooWorld = await startOdooWorld({ version: modelledVersion(version), dataset: transcriptDataset(version) }, 'synced');
    world = await salesWorldOf(odooWorld, ...managerAndReport(odooWorld.fake));
    odoo = new OdooFigures(world.fake);
  }, 120_000);
  afterAll(async () => {
    // The versions share this file's database: each leaves it empty for the next.
    await world?.app.get<Connection>(getConnectionToken()).dropDatabase();
    await world?.stop();
  });

  it('lists every lead Odoo has, archived (lost) ones included', async () => {
    const leads = world.fake.records('crm.lead');
    expect(leads.length).toBeGreaterThan(30);
    expect(leads.some((lead) => lead.active === false)).toBe(true);
    expect(ids(await allItems(world, world.admin, '/api/opportunities'))).toEqual(ids(leads));
  });

  describe.each(['admin', 'manager', 'rep'] as const)('for the %s', (who) => {
    it('the dashboard equals the figures of the Odoo records over the last year', async () => {
      const to = today();
      const from = addDays(to, -364);
      const body = await getJson(world, world[who], `/api/sales/dashboard/real?date_from=${from}&date_to=${to}`);
      const expected = odoo.dashboard(world[who], from, to, today());
      expect(body).toEqual({ ...expected, period: { name: 'custom', ...expected.period } });
    });

    it('receivables are aged by commercial partner, in invoice and company currency, to the cent', async () => {
      const asOf = today();
      const expected = expectedReceivables(odoo, world[who], asOf);
      const items = await allItems(world, world[who], '/api/receivables');
      expect(ids(items)).toEqual(ids(expected.invoices));
      const byId = new Map(items.map((item) => [item.id, item]));
      for (const move of expected.invoices) expect(byId.get(move.id)).toEqual(expectedReceivable(odoo, move, asOf));
      expect(await getJson(world, world[who], '/api/receivables')).toMatchObject({
        totals: expected.totals,
        company_totals: expected.company_totals,
        by_customer: expected.by_customer,
        customers_total: expected.customers_total,
      });
    });

    it('accounts list the companies in scope with their figures', async () => {
      const items = await allItems(world, world[who], '/api/accounts/real');
      const expected = expectedAccounts(odoo, world.fake, world[who]);
      expect(ids(items)).toEqual(ids(expected));
      const byId = new Map(items.map((item) => [item.id, item]));
      for (const account of expected) expect(byId.get(account.id)).toEqual(account);
    });

    it('activities are the open ones of the users in scope', async () => {
      const items = await allItems(world, world[who], '/api/activities');
      expect(ids(items)).toEqual(ids(odoo.openActivities(world[who])));
    });
  });

  it('the manager sees their report\'s deals and the report only their own', async () => {
    const managerLeads = ids(odoo.leads(world.manager));
    const repLeads = ids(odoo.leads(world.rep));
    expect(repLeads.length).toBeGreaterThan(0);
    expect(managerLeads.length).toBeGreaterThan(repLeads.length);
    expect(repLeads.every((id) => managerLeads.includes(id))).toBe(true);
    for (const [caller, expected] of [[world.manager, managerLeads], [world.rep, repLeads]] as const) {
      expect(ids(await allItems(world, caller, '/api/opportunities'))).toEqual(expected);
    }
  });

  it('totals the receivables in company currency as Odoo\'s aged receivable report does', async () => {
    const open = odoo.openInvoices(world.admin);
    expect(open.length).toBeGreaterThan(0);
    const signed = new Map<string, number>();
    for (const move of open) add(signed, nameOf(move.company_currency_id), cents(move.amount_residual_signed));
    const body = await getJson(world, world.admin, '/api/receivables');
    expect(body.company_totals.total).toEqual(money(signed));
    expect((await getJson(world, world.admin, '/api/sales/dashboard/real')).receivables.company_amount_due).toEqual(money(signed));
  });
});
