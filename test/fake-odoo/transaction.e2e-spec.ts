import { FakeOdooServer } from './fake-odoo-server.js';
import { call } from './odoo-test-client.js';

describe('FakeTransaction: a save in progress, as another request sees it', () => {
  let odoo: FakeOdooServer;
  const start = new Date('2026-11-24T10:00:00Z');

  beforeAll(async () => {
    odoo = await FakeOdooServer.start({ startTime: start });
  });
  afterAll(async () => {
    await odoo.stop();
  });
  beforeEach(() => {
    odoo.setTime(start, { frozen: true });
  });

  /** What another request reads over JSON-RPC, archived records included. */
  const readLead = async (id: number) =>
    ((await call(odoo, 'crm.lead', 'search_read', [[['id', '=', id]]], { fields: ['name', 'expected_revenue', 'write_date'], context: { active_test: false } })) as unknown[])[0];

  it('keeps a create from every request until the commit, stamped with the time the transaction began', async () => {
    const transaction = odoo.begin();
    odoo.setTime(new Date('2026-11-24T10:00:07Z'), { frozen: true });
    const id = transaction.insert('crm.lead', { name: 'Imported lead', expected_revenue: 1500 });

    expect(await readLead(id)).toBeUndefined();
    expect(await call(odoo, 'crm.lead', 'search_count', [[['id', '=', id]]])).toBe(0);
    expect(odoo.record('crm.lead', id)).toBeUndefined();
    // The transaction itself sees it: an automation rule reading it inside the save does.
    expect(transaction.webhookEvent('crm.lead', id, ['name', 'write_date']).values).toEqual({ id, name: 'Imported lead', write_date: '2026-11-24 10:00:00' });

    transaction.commit();
    expect(await readLead(id)).toEqual({ id, name: 'Imported lead', expected_revenue: 1500, write_date: '2026-11-24 10:00:00' });
  });

  it('keeps writes and deletes from every request until the commit, then shows them all at once', async () => {
    const kept = odoo.insert('crm.lead', { name: 'Old name', expected_revenue: 100 });
    const deleted = odoo.insert('crm.lead', { name: 'About to go' });
    odoo.setTime(new Date('2026-11-24T10:01:00Z'), { frozen: true });

    const transaction = odoo.begin();
    transaction.update('crm.lead', kept, { name: 'New name' });
    transaction.update('crm.lead', kept, { expected_revenue: 250 });
    transaction.delete('crm.lead', deleted);

    expect(await readLead(kept)).toEqual({ id: kept, name: 'Old name', expected_revenue: 100, write_date: '2026-11-24 10:00:00' });
    expect(await readLead(deleted)).toMatchObject({ name: 'About to go' });
    expect(transaction.webhookEvent('crm.lead', kept, ['name', 'expected_revenue']).values).toEqual({ id: kept, name: 'New name', expected_revenue: 250 });
    expect(() => transaction.webhookEvent('crm.lead', deleted, ['name'])).toThrow(/does not exist/);

    transaction.commit();
    expect(await readLead(kept)).toEqual({ id: kept, name: 'New name', expected_revenue: 250, write_date: '2026-11-24 10:01:00' });
    expect(await readLead(deleted)).toBeUndefined();
  });

  it('leaves nothing behind when rolled back, and does not give its ids again', async () => {
    const transaction = odoo.begin();
    const id = transaction.insert('crm.lead', { name: 'Never saved' });
    const existing = odoo.insert('crm.lead', { name: 'Saved meanwhile' });
    transaction.update('crm.lead', existing, { name: 'Renamed, then rolled back' });
    transaction.rollback();

    expect(await readLead(id)).toBeUndefined();
    expect(await readLead(existing)).toMatchObject({ name: 'Saved meanwhile' });
    expect(existing).toBe(id + 1);
    expect(odoo.insert('crm.lead', { name: 'Next' })).toBe(id + 2);
    expect(() => transaction.commit()).toThrow(/already rolled back/);
  });

  it('commits what transaction() ran when it resolves, and rolls it back when it throws', async () => {
    const saved = await odoo.transaction((transaction) => transaction.insert('crm.lead', { name: 'Saved' }));
    expect(await readLead(saved)).toMatchObject({ name: 'Saved' });

    let failed = 0;
    await expect(
      odoo.transaction((transaction) => {
        failed = transaction.insert('crm.lead', { name: 'Failed save' });
        throw new Error('a constraint failed');
      }),
    ).rejects.toThrow('a constraint failed');
    expect(await readLead(failed)).toBeUndefined();
  });
});
