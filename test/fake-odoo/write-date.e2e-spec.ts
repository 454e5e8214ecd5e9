import { FakeOdooServer } from './fake-odoo-server.js';
import { call } from './odoo-test-client.js';

const T0 = new Date('2026-11-24T10:00:00Z');
const KEYSET = (date: string, id: number) => ['|', ['write_date', '>', date], '&', ['write_date', '=', date], ['id', '>', id]];

describe('write_date and create_date maintenance', () => {
  let server: FakeOdooServer;

  beforeAll(async () => {
    server = await FakeOdooServer.start({ version: '19.0', startTime: T0 });
  });
  afterAll(() => server.stop());
  beforeEach(() => server.setTime(T0, { frozen: true }));

  const read = (model: string, ids: number[], fields: string[]) => call(server, model, 'read', [ids, fields]);

  it('stamps create_date, write_date and the users on create', async () => {
    const id = await call(server, 'crm.lead', 'create', [{ name: 'Desks' }]);
    expect(await read('crm.lead', [id], ['create_date', 'write_date', 'create_uid', 'write_uid'])).toEqual([
      { id, create_date: '2026-11-24 10:00:00', write_date: '2026-11-24 10:00:00', create_uid: [2, 'Administrator'], write_uid: [2, 'Administrator'] },
    ]);
  });

  it('moves write_date on every write, one value for all the records of the call, and keeps create_date', async () => {
    const ids: number[] = await call(server, 'crm.lead', 'create', [[{ name: 'A' }, { name: 'B' }]]);
    server.setTime(new Date('2026-11-24T10:05:30Z'), { frozen: true });
    await call(server, 'crm.lead', 'write', [ids, { priority: '2' }]);
    expect(await read('crm.lead', ids, ['create_date', 'write_date'])).toEqual(
      ids.map((id) => ({ id, create_date: '2026-11-24 10:00:00', write_date: '2026-11-24 10:05:30' })),
    );
  });

  it('ignores write_date and create_date sent by an RPC caller, as the ORM drops them', async () => {
    const id = await call(server, 'crm.lead', 'create', [{ name: 'C', write_date: '2001-01-01 00:00:00', create_date: '2001-01-01 00:00:00' }]);
    await call(server, 'crm.lead', 'write', [[id], { write_date: '2001-01-01 00:00:00' }]);
    expect(await read('crm.lead', [id], ['create_date', 'write_date'])).toEqual([{ id, create_date: '2026-11-24 10:00:00', write_date: '2026-11-24 10:00:00' }]);
  });

  it('lets the test helpers bump write_date or set it explicitly', () => {
    const id = server.insert('crm.lead', { name: 'D', write_date: '2026-11-20 08:00:00', create_date: '2026-11-01 08:00:00' });
    expect(server.record('crm.lead', id)).toMatchObject({ create_date: '2026-11-01 08:00:00', write_date: '2026-11-20 08:00:00' });
    server.setTime(new Date('2026-11-24T11:00:00Z'), { frozen: true });
    server.update('crm.lead', id, { expected_revenue: 1000, probability: 40 });
    expect(server.record('crm.lead', id)).toMatchObject({ write_date: '2026-11-24 11:00:00', prorated_revenue: 400, won_status: 'pending' });
    server.setTime(new Date('2026-11-24T11:00:01Z'), { frozen: true });
    server.archive('crm.lead', id);
    expect(server.record('crm.lead', id)).toMatchObject({ active: false, write_date: '2026-11-24 11:00:01' });
    expect(() => server.archive('account.move', 1)).toThrow('account.move has no active field');
  });

  it('lets several records share a write_date: the keyset (write_date, id) pages through them', async () => {
    server.setTime(new Date('2026-11-25T09:00:00Z'), { frozen: true });
    const ids: number[] = await call(server, 'res.partner', 'create', [[1, 2, 3, 4, 5].map((n) => ({ name: `Same second ${n}` }))]);
    const page = (domain: unknown[]) =>
      call(server, 'res.partner', 'search_read', [domain], { fields: ['write_date'], order: 'write_date asc, id asc', limit: 2, context: { active_test: false } });
    const first = await page([['write_date', '>=', '2026-11-25 09:00:00']]);
    expect(first.map((record: { id: number }) => record.id)).toEqual(ids.slice(0, 2));
    const second = await page(KEYSET('2026-11-25 09:00:00', ids[1]));
    expect(second).toEqual([
      { id: ids[2], write_date: '2026-11-25 09:00:00' },
      { id: ids[3], write_date: '2026-11-25 09:00:00' },
    ]);
  });

  it('brings an updated record back at the end of the keyset order', async () => {
    server.setTime(new Date('2026-11-26T09:00:00Z'), { frozen: true });
    const [older, newer]: number[] = await call(server, 'crm.tag', 'create', [[{ name: 'Old' }, { name: 'New' }]]);
    server.setTime(new Date('2026-11-26T09:10:00Z'), { frozen: true });
    await call(server, 'crm.tag', 'write', [[older], { color: 3 }]);
    const after = await call(server, 'crm.tag', 'search', [KEYSET('2026-11-26 09:00:00', newer)], { order: 'write_date asc, id asc' });
    expect(after).toEqual([older]);
  });

  it('empties many2ones to a deleted record without moving their write_date (ON DELETE SET NULL)', async () => {
    const partner = server.insert('res.partner', { name: 'Vanishing Ltd', is_company: true });
    const lead = server.insert('crm.lead', { name: 'Orphan', partner_id: partner });
    const before = server.record('crm.lead', lead)?.write_date;
    server.setTime(new Date('2026-11-27T09:00:00Z'), { frozen: true });
    await call(server, 'res.partner', 'unlink', [[partner]]);
    expect(server.record('crm.lead', lead)).toMatchObject({ partner_id: false, write_date: before });
  });

  it('compares datetimes with date-only values as midnight', async () => {
    server.setTime(new Date('2026-11-28T00:00:00Z'), { frozen: true });
    const midnight = await call(server, 'crm.tag', 'create', [{ name: 'Midnight' }]);
    expect(await call(server, 'crm.tag', 'search', [[['write_date', '>=', '2026-11-28'], ['write_date', '<', '2026-11-28T00:00:01']]])).toEqual([midnight]);
    expect(await call(server, 'crm.tag', 'search', [[['write_date', '=', '2026-11-28']]])).toEqual([midnight]);
  });
});

describe('write_date with PostgreSQL sub-second precision', () => {
  it('reads whole seconds but compares the full value, as real Odoo does', async () => {
    const server = await FakeOdooServer.start({ subSecondWriteDates: true, startTime: new Date('2026-11-24T10:00:00.250Z') });
    try {
      server.setTime(new Date('2026-11-24T10:00:00.250Z'), { frozen: true });
      const id = await call(server, 'crm.tag', 'create', [{ name: 'Precise' }]);
      expect(await call(server, 'crm.tag', 'read', [[id], ['write_date']])).toEqual([{ id, write_date: '2026-11-24 10:00:00' }]);
      expect(await call(server, 'crm.tag', 'search', [[['write_date', '=', '2026-11-24 10:00:00']]])).toEqual([]);
      expect(await call(server, 'crm.tag', 'search', [[['write_date', '>', '2026-11-24 10:00:00']]])).toEqual([id]);
    } finally {
      await server.stop();
    }
  });
});
