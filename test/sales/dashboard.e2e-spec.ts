import * as api from '@sales-backend/client';
import type { Client } from '@sales-backend/client/client';
import { apiClient, ok } from '../support/api-client.js';
import { runSync } from '../support/sync.js';
import { until } from '../support/until.js';
import { OdooFigures } from './odoo-figures.js';
import { add, cents, idOf, money, startSalesWorld, today, type Caller, type SalesWorld } from './sales-world.js';

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function quarterOf(day: string): { from: string; to: string } {
  const year = Number(day.slice(0, 4));
  const first = Math.floor((Number(day.slice(5, 7)) - 1) / 3) * 3;
  return { from: new Date(Date.UTC(year, first, 1)).toISOString().slice(0, 10), to: new Date(Date.UTC(year, first + 3, 0)).toISOString().slice(0, 10) };
}

describe('GET /api/sales/dashboard/real', () => {
  let world: SalesWorld;
  let odoo: OdooFigures;
  let client: Client;

  beforeAll(async () => {
    world = await startSalesWorld();
    odoo = new OdooFigures(world.fake);
    client = apiClient(world.app);
  }, 120_000);
  afterAll(() => world.stop());

  const dashboard = (caller: Caller, query: api.SalesDashboardData['query'] = {}) =>
    ok(api.salesDashboard({ client, headers: caller.headers, query }));

  describe.each(['admin', 'manager', 'rep'] as const)('for %s', (who) => {
    it('equals the figures computed from the Odoo records, for the last 365 days', async () => {
      const to = today();
      const from = addDays(to, -364);
      const body = await dashboard(world[who], { date_from: from, date_to: to });
      const expected = odoo.dashboard(world[who], from, to, today());
      expect(body).toEqual({ ...expected, period: { name: 'custom', ...expected.period } });
      expect(body.won.count + body.lost.count).toBeGreaterThan(0);
    });

    it('defaults to this quarter', async () => {
      const { from, to } = quarterOf(today());
      const body = await dashboard(world[who]);
      const expected = odoo.dashboard(world[who], from, to, today());
      expect(body).toEqual({ ...expected, period: { name: 'this_quarter', ...expected.period } });
    });
  });

  // The admin sees every lead: the weighted figures are Odoo's prorated revenue, to the cent.
  it('has the weighted pipeline of Odoo\'s prorated revenue, to the cent', async () => {
    const body = await dashboard(world.admin);
    const { from, to } = quarterOf(today());
    const expected = odoo.dashboard(world.admin, from, to, today());
    expect([body.open_pipeline.weighted_value, body.pipeline_by_stage, body.forecast_by_month]).toEqual([
      expected.open_pipeline.weighted_value,
      expected.pipeline_by_stage,
      expected.forecast_by_month,
    ]);
  });

  it('sums the open receivables in company currency from Odoo\'s signed amounts, beside the invoice currencies', async () => {
    const body = await dashboard(world.admin);
    const open = odoo.openInvoices(world.admin);
    const signed = new Map<string, number>();
    for (const move of open) add(signed, odoo.companyCurrency(move), cents(move.amount_residual_signed));
    expect(body.receivables.company_amount_due).toEqual(money(signed));
    // Two companies (EUR and USD), and invoices in other currencies than their company's.
    expect(Object.keys(body.receivables.company_amount_due).sort()).toEqual(['EUR', 'USD']);
    expect(Object.keys(body.receivables.amount_due).length).toBeGreaterThan(2);
    expect(open.some((move) => idOf(move.currency_id) !== idOf(move.company_currency_id))).toBe(true);
  });

  it('sees less the lower the caller: the manager\'s figures include the rep\'s, the admin\'s the manager\'s', async () => {
    const [admin, manager, rep] = await Promise.all(
      [world.admin, world.manager, world.rep].map((caller) => dashboard(caller, { period: 'this_year' })),
    );
    expect(admin.open_pipeline.count).toBeGreaterThan(manager.open_pipeline.count);
    expect(manager.open_pipeline.count).toBeGreaterThan(rep.open_pipeline.count);
    expect(rep.open_pipeline.count).toBeGreaterThan(0);
    // The manager's team spans two companies: their figures come per currency, never added together.
    expect(Object.keys(manager.open_pipeline.value).length).toBeGreaterThan(1);
  });

  it('names the periods in UTC calendar terms', async () => {
    const day = today();
    const year = day.slice(0, 4);
    const month = await dashboard(world.rep, { period: 'this_month' });
    expect(month.period).toEqual({ name: 'this_month', date_from: `${day.slice(0, 7)}-01`, date_to: expect.stringMatching(new RegExp(`^${day.slice(0, 7)}-(28|29|30|31)$`)) });
    const yearly = await dashboard(world.rep, { period: 'this_year' });
    expect(yearly.period).toEqual({ name: 'this_year', date_from: `${year}-01-01`, date_to: `${year}-12-31` });
    const last = await dashboard(world.rep, { period: 'last_quarter' });
    expect(last.period.date_to).toBe(addDays(quarterOf(day).from, -1));
    expect(last.period.date_from).toBe(quarterOf(last.period.date_to).from);
  });

  it('gives a caller not linked to Odoo empty figures and a hint', async () => {
    const body = await dashboard(world.unlinked, { period: 'this_year' });
    expect(body).toMatchObject({
      open_pipeline: { count: 0, value: {}, weighted_value: {} },
      won: { count: 0, value: {} },
      win_rate: null,
      pipeline_by_stage: [],
      top_accounts: [],
      activities: { overdue: 0, today: 0, upcoming: 0 },
      receivables: { open_invoices: 0, amount_due: {}, company_amount_due: {} },
      hint: expect.stringContaining('not linked to an Odoo user'),
    });
  });

  // These change the data: they come after the figures above.
  it('follows the data: after a sync that changed deals, and soon after a new opportunity', async () => {
    const open = world.fake.records('crm.lead').filter((lead) => lead.active && lead.type === 'opportunity' && (lead.probability as number) > 0 && (lead.probability as number) < 100);
    world.fake.update('crm.lead', open[0].id, { expected_revenue: (open[0].expected_revenue as number) + 1234.56 });
    world.fake.delete('crm.lead', open[1].id);
    expect((await runSync(world.app, world.admin.headers, { entities: ['opportunity'] })).status).toBe('completed');
    const { from, to } = quarterOf(today());
    const figures = () => dashboard(world.admin);
    expect(await figures()).toEqual({ ...odoo.dashboard(world.admin, from, to, today()), period: expect.any(Object) });

    const before = (await figures()).open_pipeline.count;
    const created = await api.createOpportunity({
      client,
      headers: world.rep.headers,
      body: { name: 'Dashboard follows', expected_revenue: 999.99, probability: 50, expected_close: to },
    });
    expect(created.response?.status).toBe(201);
    await until(async () => (await figures()).open_pipeline.count === before + 1);
    expect(await figures()).toEqual({ ...odoo.dashboard(world.admin, from, to, today()), period: expect.any(Object) });
  });

  it.each([
    ['period=next_year', 'VALIDATION_FAILED'],
    ['date_from=2026-01-01', 'INVALID_PERIOD'],
    ['period=this_year&date_from=2026-01-01&date_to=2026-02-01', 'INVALID_PERIOD'],
    ['date_from=2026-03-01&date_to=2026-02-01', 'INVALID_RANGE'],
    ['date_from=2026-02-30&date_to=2026-03-01', 'VALIDATION_FAILED'],
    ['date_from=01/02/2026&date_to=2026-03-01', 'VALIDATION_FAILED'],
    ['period[$ne]=x', 'VALIDATION_FAILED'],
    ['period=this_year&period=this_month', 'VALIDATION_FAILED'],
  ])('answers 400 to %s', async (query, code) => {
    const res = await world.app.inject({ method: 'GET', url: `/api/sales/dashboard/real?${query}`, headers: world.admin.headers });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ status: 400, code });
  });
});
