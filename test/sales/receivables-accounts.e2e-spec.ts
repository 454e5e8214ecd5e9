import * as api from '@sales-backend/client';
import type { Client } from '@sales-backend/client/client';
import type { ReadRecord } from '../fake-odoo/orm-read.js';
import { allPages, apiClient, ok } from '../support/api-client.js';
import { APP_START_TIMEOUT_MS } from '../support/timeouts.js';
import { expectedRef, OdooFigures } from './odoo-figures.js';
import {
  BUCKETS,
  bucketOf,
  expectedAccounts,
  expectedReceivable as receivableOf,
  expectedReceivables as receivablesOf,
  nameOf,
} from './receivable-figures.js';
import { add, cents, idOf, money, startSalesWorld, today, type Caller, type SalesWorld } from './sales-world.js';

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('receivables and accounts, scoped to the caller', () => {
  let world: SalesWorld;
  let odoo: OdooFigures;
  let client: Client;

  beforeAll(async () => {
    world = await startSalesWorld();
    odoo = new OdooFigures(world.fake);
    client = apiClient(world.app);
  }, APP_START_TIMEOUT_MS);
  afterAll(() => world.stop());

  const receivablePage = (caller: Caller, query: api.ListReceivablesData['query'] = {}) =>
    ok(api.listReceivables({ client, headers: caller.headers, query }));
  const receivables = (caller: Caller, query: api.ListReceivablesData['query'] = {}) =>
    allPages((paging) => receivablePage(caller, { ...query, ...paging }));
  const accountPage = (caller: Caller, query: api.ListAccountsData['query'] = {}) =>
    ok(api.listAccounts({ client, headers: caller.headers, query }));
  const accounts = (caller: Caller, query: api.ListAccountsData['query'] = {}) =>
    allPages((paging) => accountPage(caller, { ...query, ...paging }));

  const ids = (items: { id: number }[]) => items.map((item) => item.id).sort((a, b) => a - b);
  const recordIds = (records: ReadRecord[]) => records.map((record) => record.id).sort((a, b) => a - b);

  const expectedReceivables = (caller: Caller, asOf: string, keep?: (move: ReadRecord) => boolean) => receivablesOf(odoo, caller, asOf, keep);
  const expectedReceivable = (move: ReadRecord, asOf: string) => receivableOf(odoo, move, asOf);

  describe.each(['admin', 'manager', 'rep'] as const)('for %s', (who) => {
    it.each([
      ['today', () => today()],
      ['in 45 days', () => addDays(today(), 45)],
    ])('GET /receivables ages the open invoices of the scope as of %s, to the cent', async (_label, asOfDay) => {
      const asOf = asOfDay();
      const query = asOf === today() ? {} : { as_of: asOf };
      const items = await receivables(world[who], query);
      const expected = expectedReceivables(world[who], asOf);
      expect(ids(items)).toEqual(recordIds(expected.invoices));
      const byId = new Map(items.map((item) => [item.id, item]));
      for (const move of expected.invoices) expect(byId.get(move.id)).toEqual(expectedReceivable(move, asOf));
      const body = await receivablePage(world[who], query);
      expect(body).toMatchObject({
        as_of: asOf,
        totals: expected.totals,
        company_totals: expected.company_totals,
        by_customer: expected.by_customer,
        customers_total: expected.customers_total,
      });
    });

    it('GET /accounts/real lists the companies the caller may see, with their figures to the cent', async () => {
      const caller = world[who];
      const items = await accounts(caller);
      const expected = expectedAccounts(odoo, world.fake, caller);
      expect(ids(items)).toEqual(ids(expected));
      expect(expected.length).toBeGreaterThan(0);
      const byId = new Map(items.map((item) => [item.id, item]));
      for (const account of expected) expect(byId.get(account.id)).toEqual(account);
    });
  });

  it('filters receivables by customer, bucket and currency, and pages them', async () => {
    const asOf = today();
    const { invoices } = expectedReceivables(world.admin, asOf);
    const partner = idOf(invoices[0].partner_id)!;
    const check = async (query: api.ListReceivablesData['query'], keep: (move: ReadRecord) => boolean) => {
      const items = await receivables(world.admin, { as_of: asOf, ...query });
      const expected = expectedReceivables(world.admin, asOf, keep);
      expect({ query, ids: ids(items) }).toEqual({ query, ids: recordIds(expected.invoices) });
      const body = await receivablePage(world.admin, { as_of: asOf, ...query });
      expect(body).toMatchObject({ totals: expected.totals, company_totals: expected.company_totals, by_customer: expected.by_customer });
      return expected.invoices.length;
    };
    expect(await check({ partner_id: partner }, (m) => idOf(m.partner_id) === partner || odoo.customerOf(m) === partner)).toBeGreaterThan(0);
    expect(await check({ currency: 'USD' }, (m) => nameOf(m.currency_id) === 'USD')).toBeGreaterThan(0);
    for (const bucket of BUCKETS) {
      expect(await check({ bucket }, (m) => bucketOf(odoo.dueDate(m), asOf) === bucket)).toBeGreaterThan(0);
    }
    const page = await receivablePage(world.admin, { page: 2, page_size: 5, sort: '-amount_due' });
    expect(page).toMatchObject({ page: 2, page_size: 5, total: invoices.length });
    const dues = page.items.map((item) => item.amount_due);
    expect(dues).toEqual([...dues].sort((a, b) => b - a));
  });

  it('ages an invoice exactly 30 days overdue in days_1_30, and in days_31_60 a day later', async () => {
    const move = odoo.openInvoices(world.admin).find((m) => m.move_type === 'out_invoice')!;
    const due = odoo.dueDate(move);
    const asOf30 = addDays(due, 30);
    const asOf31 = addDays(due, 31);
    const inBucket = async (asOf: string, bucket: (typeof BUCKETS)[number]) =>
      (await receivables(world.admin, { as_of: asOf, bucket, partner_id: idOf(move.partner_id)! })).find((item) => item.id === move.id);
    expect(await inBucket(asOf30, 'days_1_30')).toMatchObject({ id: move.id, bucket: 'days_1_30', days_overdue: 30 });
    expect(await inBucket(asOf30, 'days_31_60')).toBeUndefined();
    expect(await inBucket(asOf31, 'days_31_60')).toMatchObject({ id: move.id, bucket: 'days_31_60', days_overdue: 31 });
    expect(await inBucket(asOf31, 'days_1_30')).toBeUndefined();
  });

  it('counts each invoice for its commercial partner and in its company\'s currency, as Odoo\'s aged receivable does', async () => {
    const asOf = today();
    const open = odoo.openInvoices(world.admin);
    const onContact = open.find((move) => idOf(move.partner_id) !== odoo.customerOf(move))!;
    const foreign = open.find((move) => nameOf(move.currency_id) !== odoo.companyCurrency(move))!;
    const creditNote = open.find((move) => move.move_type === 'out_refund')!;
    expect([onContact, foreign, creditNote].every(Boolean)).toBe(true);
    // Odoo's commercial partner of a contact is its company.
    const company = odoo.customerOf(onContact)!;
    expect(company).toBe(odoo.accountOf(idOf(onContact.partner_id)!));
    expect(company).not.toBe(idOf(onContact.partner_id));

    // The company's receivable holds its contacts' invoices; each item still names the contact it was made out to.
    const items = await receivables(world.admin, { as_of: asOf, partner_id: company });
    expect(items.find((item) => item.id === onContact.id)).toMatchObject({
      partner: expectedRef(onContact.partner_id),
      commercial_partner: { id: company, name: odoo.partnerName(company) },
    });
    const body = await receivablePage(world.admin, { as_of: asOf, partner_id: company });
    expect(new Set(body.by_customer.map((row) => row.partner?.id))).toEqual(new Set([company]));
    // Asked for the contact: only the invoices made out to them, still counted for their company.
    const contact = idOf(onContact.partner_id)!;
    const contactItems = await receivables(world.admin, { as_of: asOf, partner_id: contact });
    expect(ids(contactItems)).toEqual(recordIds(open.filter((move) => idOf(move.partner_id) === contact)));

    // A foreign-currency invoice: its own currency, and Odoo's company-currency amounts beside it.
    const itemOf = async (move: ReadRecord) =>
      (await receivables(world.admin, { as_of: asOf, partner_id: idOf(move.partner_id)! })).find((item) => item.id === move.id);
    const shown = (await itemOf(foreign))!;
    expect(shown).toEqual(expectedReceivable(foreign, asOf));
    expect(shown.company_amount_due).toBe(cents(foreign.amount_residual_signed) / 100);
    expect(shown.company_amount_due).not.toBe(shown.amount_due);
    expect(shown.company_currency).not.toBe(shown.currency);

    // A credit note counts negative in both currencies.
    const refund = (await itemOf(creditNote))!;
    expect(refund).toEqual(expectedReceivable(creditNote, asOf));
    expect(refund.amount_due).toBeLessThan(0);
    expect(refund.company_amount_due).toBeLessThan(0);

    // The totals in company currency are the sums of Odoo's signed amounts, one per company currency.
    const all = await receivablePage(world.admin, { as_of: asOf });
    const companyCurrencies = new Set(open.map((move) => odoo.companyCurrency(move)));
    expect(companyCurrencies.size).toBeGreaterThan(1);
    const signed = new Map<string, number>();
    for (const move of open) add(signed, odoo.companyCurrency(move), cents(move.amount_residual_signed));
    expect(all.company_totals.total).toEqual(money(signed));
  });

  it('searches and sorts accounts', async () => {
    const companies = world.fake.records('res.partner').filter((partner) => partner.is_company);
    const word = String(companies[10].name).split(/\W+/)[0];
    const found = await accounts(world.admin, { q: word.toLowerCase() });
    const expected = companies.filter((c) => `${String(c.name)} ${String(c.email || '')}`.toLowerCase().includes(word.toLowerCase()));
    expect(ids(found)).toEqual(recordIds(expected));
    const sorted = await accountPage(world.admin, { sort: '-name', page_size: 30 });
    const names = sorted.items.map((item) => item.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
  });

  it('gives a caller not linked to Odoo empty lists with a hint', async () => {
    for (const body of [await receivablePage(world.unlinked), await accountPage(world.unlinked)]) {
      expect(body).toMatchObject({ items: [], total: 0, hint: expect.stringContaining('not linked') });
    }
  });
});
