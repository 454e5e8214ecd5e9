import { generateDataset } from './dataset.js';
import { FakeOdooServer } from './fake-odoo-server.js';
import { call } from './odoo-test-client.js';

const LEADS = 100_000;
const PAGE = 2000;

interface Row {
  id: number;
  write_date: string;
}

/** How a sync reads a model: keyset on (write_date, id), archived records included. */
async function pageThrough(server: FakeOdooServer, model: string, filter: unknown[], fields: string[]): Promise<Row[]> {
  const seen: Row[] = [];
  let cursor: Row | undefined;
  for (;;) {
    const keyset = cursor
      ? ['|', ['write_date', '>', cursor.write_date], '&', ['write_date', '=', cursor.write_date], ['id', '>', cursor.id]]
      : [];
    const page: Row[] = await call(server, model, 'search_read', [[...keyset, ...filter]], {
      fields,
      order: 'write_date asc, id asc',
      limit: PAGE,
      context: { active_test: false },
    });
    seen.push(...page);
    if (page.length < PAGE) return seen;
    cursor = page[page.length - 1];
  }
}

const inKeysetOrder = (rows: readonly Row[]) =>
  rows.every((row, index) => index === 0 || rows[index - 1].write_date < row.write_date || (rows[index - 1].write_date === row.write_date && rows[index - 1].id < row.id));

describe(`keyset paging through ${LEADS.toLocaleString('en')} leads`, () => {
  let server: FakeOdooServer;

  beforeAll(async () => {
    const started = performance.now();
    const dataset = generateDataset({ seed: 5, leads: LEADS, now: '2026-11-24 10:00:00' });
    const generated = performance.now();
    server = await FakeOdooServer.start({ dataset, adoptDataset: true });
    const loaded = performance.now();
    console.log(
      `generateDataset({ leads: ${LEADS} }): ${Math.round(generated - started)} ms ` +
        `(${Object.values(dataset.records).reduce((sum, rows) => sum + rows.length, 0)} records); server load ${Math.round(loaded - generated)} ms`,
    );
  }, 120_000);
  afterAll(() => server.stop());

  it('reads every lead exactly once, in (write_date, id) order, in pages that cost a binary search each', async () => {
    const started = performance.now();
    const rows = await pageThrough(server, 'crm.lead', [], ['name', 'stage_id', 'partner_id', 'user_id', 'expected_revenue', 'probability', 'active', 'write_date']);
    const elapsed = performance.now() - started;
    console.log(`keyset paging of ${rows.length} leads over JSON-RPC, ${PAGE} per page: ${Math.round(elapsed)} ms`);
    expect(rows).toHaveLength(LEADS);
    expect(new Set(rows.map((row) => row.id)).size).toBe(LEADS);
    expect(inKeysetOrder(rows)).toBe(true);
    expect(elapsed).toBeLessThan(30_000);
  }, 120_000);

  it('pages a filtered model the same way (companies among the partners)', async () => {
    const started = performance.now();
    const rows = await pageThrough(server, 'res.partner', [['is_company', '=', true]], ['name', 'write_date']);
    console.log(`keyset paging of ${rows.length} companies among the partners: ${Math.round(performance.now() - started)} ms`);
    expect(rows).toHaveLength(await call(server, 'res.partner', 'search_count', [[['is_company', '=', true]]], { context: { active_test: false } }));
    expect(inKeysetOrder(rows)).toBe(true);
  }, 120_000);

  it('sees a record written during the scan again, after the cursor', async () => {
    const [first] = await call(server, 'crm.lead', 'search_read', [[]], { fields: ['write_date'], order: 'write_date asc, id asc', limit: 1 });
    server.update('crm.lead', first.id, { priority: '3' });
    const rows = await pageThrough(server, 'crm.lead', [['priority', '=', '3']], ['write_date']);
    expect(rows[rows.length - 1].id).toBe(first.id);
  }, 120_000);
});
