import type { ReadRecord } from '../fake-odoo/orm-read.js';
import { expectedRef, OdooFigures } from './odoo-figures.js';
import { add, allItems, cents, getJson, idOf, money, sees, startSalesWorld, today, type Caller, type SalesWorld } from './sales-world.js';

const BUCKETS = ['not_due', 'days_1_30', 'days_31_60', 'days_61_90', 'days_91_120', 'older'] as const;
const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const nameOf = (value: unknown) => (Array.isArray(value) ? (value[1] as string) : '');

/** The aged receivable report's column: days past due at `asOf`, 0 or less is not due. */
function bucketOf(due: string, asOf: string): (typeof BUCKETS)[number] {
  const days = (Date.parse(asOf) - Date.parse(due)) / 86_400_000;
  if (days <= 0) return 'not_due';
  if (days <= 30) return 'days_1_30';
  if (days <= 60) return 'days_31_60';
  if (days <= 90) return 'days_61_90';
  if (days <= 120) return 'days_91_120';
  return 'older';
}

describe('receivables and accounts, scoped to the caller', () => {
  let world: SalesWorld;
  let odoo: OdooFigures;

  beforeAll(async () => {
    world = await startSalesWorld();
    odoo = new OdooFigures(world.fake);
  }, 120_000);
  afterAll(async () => {
    await world.app.close();
    await world.fake.stop();
  });

  const ids = (items: { id: number }[]) => items.map((item) => item.id).sort((a, b) => a - b);
  const recordIds = (records: ReadRecord[]) => records.map((record) => record.id).sort((a, b) => a - b);

  function expectedReceivables(caller: Caller, asOf: string, keep: (move: ReadRecord) => boolean = () => true) {
    const invoices = odoo.openInvoices(caller).filter(keep);
    const totals = Object.fromEntries([...BUCKETS, 'total'].map((bucket) => [bucket, new Map<string, number>()]));
    type Row = { partner: number; currency: string; cents: Record<string, number> };
    const customers = new Map<string, Row>();
    for (const move of invoices) {
      const currency = nameOf(move.currency_id);
      const bucket = bucketOf(odoo.dueDate(move), asOf);
      add(totals[bucket], currency, odoo.due(move));
      add(totals.total, currency, odoo.due(move));
      const partner = idOf(move.partner_id)!;
      const row = customers.get(`${partner}:${currency}`) ?? { partner, currency, cents: Object.fromEntries([...BUCKETS, 'total'].map((b) => [b, 0])) };
      row.cents[bucket] += odoo.due(move);
      row.cents.total += odoo.due(move);
      customers.set(`${partner}:${currency}`, row);
    }
    const rows = [...customers.values()].sort((a, b) => b.cents.total - a.cents.total || a.partner - b.partner);
    return {
      invoices,
      totals: Object.fromEntries(Object.entries(totals).map(([bucket, amounts]) => [bucket, money(amounts)])),
      by_customer: rows.slice(0, 100).map((row) => ({
        partner: { id: row.partner, name: odoo.partnerName(row.partner) },
        currency: row.currency,
        ...Object.fromEntries([...BUCKETS, 'total'].map((bucket) => [bucket, row.cents[bucket] / 100])),
      })),
      customers_total: rows.length,
    };
  }

  function expectedReceivable(move: ReadRecord, asOf: string) {
    const due = odoo.dueDate(move);
    return {
      id: move.id,
      name: move.name,
      type: move.move_type,
      partner: expectedRef(move.partner_id),
      salesperson: expectedRef(move.invoice_user_id),
      invoice_date: move.invoice_date,
      due_date: due,
      days_overdue: Math.max(0, (Date.parse(asOf) - Date.parse(due)) / 86_400_000),
      bucket: bucketOf(due, asOf),
      currency: nameOf(move.currency_id),
      amount_total: ((move.move_type === 'out_refund' ? -1 : 1) * cents(move.amount_total)) / 100,
      amount_due: odoo.due(move) / 100,
      payment_state: move.payment_state,
    };
  }

  describe.each(['admin', 'manager', 'rep'] as const)('for %s', (who) => {
    it.each([
      ['today', () => today()],
      ['in 45 days', () => addDays(today(), 45)],
    ])('GET /receivables ages the open invoices of the scope as of %s, to the cent', async (_label, asOfDay) => {
      const asOf = asOfDay();
      const query = asOf === today() ? '' : `?as_of=${asOf}`;
      const items = await allItems(world, world[who], `/api/receivables${query}`);
      const expected = expectedReceivables(world[who], asOf);
      expect(ids(items)).toEqual(recordIds(expected.invoices));
      const byId = new Map(items.map((item) => [item.id, item]));
      for (const move of expected.invoices) expect(byId.get(move.id)).toEqual(expectedReceivable(move, asOf));
      const body = await getJson(world, world[who], `/api/receivables${query}`);
      expect(body).toMatchObject({ as_of: asOf, totals: expected.totals, by_customer: expected.by_customer, customers_total: expected.customers_total });
    });

    it('GET /accounts/real lists the companies the caller may see, with their figures to the cent', async () => {
      const caller = world[who];
      const items = await allItems(world, caller, '/api/accounts/real');
      const companies = world.fake.records('res.partner').filter((partner) => partner.is_company);
      const leads = odoo.leads(caller);
      const moves = odoo.customerMoves(caller);
      const linked = new Set([...leads, ...moves].filter((r) => idOf(r.partner_id) !== null).map((r) => odoo.accountOf(idOf(r.partner_id)!)));
      const visible = companies.filter((c) => caller.odooUserIds === null || sees(caller, idOf(c.user_id)) || linked.has(c.id));
      expect(ids(items)).toEqual(recordIds(visible));
      expect(visible.length).toBeGreaterThan(0);
      const byId = new Map(items.map((item) => [item.id, item]));
      for (const company of visible) {
        const deals = odoo.opportunities(caller).filter((lead) => idOf(lead.partner_id) !== null && odoo.accountOf(idOf(lead.partner_id)!) === company.id);
        const open = deals.filter((lead) => odoo.isOpen(lead));
        const sum = (records: ReadRecord[], currency: (r: ReadRecord) => string, amount: (r: ReadRecord) => number) => {
          const total = new Map<string, number>();
          for (const record of records) add(total, currency(record), amount(record));
          return money(total);
        };
        const receivable = odoo.openInvoices(caller).filter((move) => odoo.accountOf(idOf(move.partner_id)!) === company.id);
        expect(byId.get(company.id)).toEqual({
          id: company.id,
          name: company.name,
          email: company.email || null,
          phone: company.phone || null,
          city: company.city || null,
          country: expectedRef(company.country_id),
          salesperson: expectedRef(company.user_id),
          active: company.active,
          open_opportunities: open.length,
          pipeline_value: sum(open, (l) => odoo.currency(l), (l) => cents(l.expected_revenue)),
          won_revenue: sum(deals.filter((l) => odoo.status(l) === 'won'), (l) => odoo.currency(l), (l) => cents(l.expected_revenue)),
          amount_receivable: sum(receivable, (m) => nameOf(m.currency_id), (m) => odoo.due(m)),
        });
      }
    });
  });

  it('filters receivables by customer, bucket and currency, and pages them', async () => {
    const asOf = today();
    const { invoices } = expectedReceivables(world.admin, asOf);
    const partner = idOf(invoices[0].partner_id)!;
    const check = async (query: string, keep: (move: ReadRecord) => boolean) => {
      const items = await allItems(world, world.admin, `/api/receivables?as_of=${asOf}&${query}`);
      const expected = expectedReceivables(world.admin, asOf, keep);
      expect({ query, ids: ids(items) }).toEqual({ query, ids: recordIds(expected.invoices) });
      const body = await getJson(world, world.admin, `/api/receivables?as_of=${asOf}&${query}`);
      expect(body).toMatchObject({ totals: expected.totals, by_customer: expected.by_customer });
      return expected.invoices.length;
    };
    expect(await check(`partner_id=${partner}`, (m) => idOf(m.partner_id) === partner)).toBeGreaterThan(0);
    expect(await check('currency=USD', (m) => nameOf(m.currency_id) === 'USD')).toBeGreaterThan(0);
    for (const bucket of BUCKETS) {
      expect(await check(`bucket=${bucket}`, (m) => bucketOf(odoo.dueDate(m), asOf) === bucket)).toBeGreaterThan(0);
    }
    const page = await getJson(world, world.admin, '/api/receivables?page=2&page_size=5&sort=-amount_due');
    expect(page).toMatchObject({ page: 2, page_size: 5, total: invoices.length });
    const dues = page.items.map((item: { amount_due: number }) => item.amount_due);
    expect(dues).toEqual([...dues].sort((a, b) => b - a));
  });

  it('searches and sorts accounts', async () => {
    const companies = world.fake.records('res.partner').filter((partner) => partner.is_company);
    const word = String(companies[10].name).split(/\W+/)[0];
    const found = await allItems(world, world.admin, `/api/accounts/real?q=${encodeURIComponent(word.toLowerCase())}`);
    const expected = companies.filter((c) => `${String(c.name)} ${String(c.email || '')}`.toLowerCase().includes(word.toLowerCase()));
    expect(ids(found)).toEqual(recordIds(expected));
    const sorted = await getJson(world, world.admin, '/api/accounts/real?sort=-name&page_size=30');
    const names = sorted.items.map((item: { name: string }) => item.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
  });

  it('gives a caller not linked to Odoo empty lists with a hint', async () => {
    for (const url of ['/api/receivables', '/api/accounts/real']) {
      expect(await getJson(world, world.unlinked, url)).toMatchObject({ items: [], total: 0, hint: expect.stringContaining('not linked') });
    }
  });
});
