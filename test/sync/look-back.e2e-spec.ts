import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Collection, Connection } from 'mongoose';
import { shiftDatetime } from '../../src/odoo/odoo-values.js';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import { startOdooWorld, type OdooWorld } from '../support/odoo-world.js';
import { runSync } from '../support/sync.js';

type Auth = { authorization: string };
type Stats = Record<string, { fetched: number }>;

const OVERLAP_SECONDS = 60;
const BULK = 2_000;
/** Each run over a bulk stores thousands of records. */
const BULK_RUNS_MS = 180_000;

/**
 * A bulk import shares one write_date, as any import or mass edit in Odoo does. Runs after it must not read it again
 * while Odoo is quiet, yet a write that commits late, with a write_date behind what a run has read, must arrive.
 */
describe('incremental runs read only what changed, anchored on when the previous run read', () => {
  let world: OdooWorld;
  let app: NestFastifyApplication;
  let fake: FakeOdooServer;
  let admin: Auth;
  let lake: Collection;

  beforeAll(async () => {
    Object.assign(process.env, { SYNC_OVERLAP_SECONDS: String(OVERLAP_SECONDS), SYNC_PAGE_SIZE: '500' });
    world = await startOdooWorld({ leads: 40 }, 'configured');
    ({ app, fake, admin } = world);
    lake = app.get<Connection>(getConnectionToken()).db!.collection('data_lake_serving') as unknown as Collection;
  });
  afterAll(() => world.stop());

  const sync = async (): Promise<Stats> => {
    const log = await runSync(app, admin);
    expect(log.status).toBe('completed');
    return log.stats as Stats;
  };
  const fetchedByEntity = (stats: Stats) => Object.fromEntries(Object.entries(stats).map(([entity, s]) => [entity, s.fetched]));
  const noneFetched = (stats: Stats) => Object.fromEntries(Object.keys(stats).map((entity) => [entity, 0]));
  const later = (seconds: number) => fake.setTime(new Date(Date.parse(`${fake.now().replace(' ', 'T')}Z`) + seconds * 1000));
  const importLeads = (count: number, writeDate: string) => {
    const ids: number[] = [];
    for (let i = 0; i < count; i++) ids.push(fake.insert('crm.lead', { name: `Imported ${i}`, type: 'opportunity', create_date: writeDate, write_date: writeDate }));
    return ids;
  };
  const storedName = async (id: number) => (await lake.findOne({ entity_type: 'opportunity', serving_id: String(id) }))?.data.name;

  it('reads a bulk import once: the next two runs with Odoo quiet fetch no record of any entity', async () => {
    importLeads(BULK, fake.now());
    later(2 * OVERLAP_SECONDS);
    const first = await sync();
    expect(first.opportunity.fetched).toBe(fake.records('crm.lead').length);

    const second = await sync();
    const third = await sync();
    expect(fetchedByEntity(second)).toEqual(noneFetched(second));
    expect(fetchedByEntity(third)).toEqual(noneFetched(third));
  }, BULK_RUNS_MS);

  it('after 10 edits, fetches those 10', async () => {
    later(2 * OVERLAP_SECONDS);
    await sync();
    const edited = fake.records('crm.lead').slice(0, 10).map((lead) => lead.id);
    for (const id of edited) fake.update('crm.lead', id, { probability: 42 });
    const stats = await sync();
    expect(stats.opportunity.fetched).toBe(10);
    expect(fetchedByEntity(stats)).toEqual({ ...noneFetched(stats), opportunity: 10 });
  });

  it('catches a write that commits after a run read, with a write_date behind what that run read', async () => {
    fake.update('crm.lead', fake.records('crm.lead')[20].id, { probability: 7 });
    await sync();
    // A transaction that began 30 s before that run read, and commits only now.
    const late = fake.records('crm.lead')[30].id;
    fake.update('crm.lead', late, { name: 'Committed late', write_date: shiftDatetime(fake.now(), -30) });
    await sync();
    expect(await storedName(late)).toBe('Committed late');
  });

  it('catches a late write sharing the write_date of a bulk of thousands already read past', async () => {
    later(2 * OVERLAP_SECONDS);
    const bulkDate = shiftDatetime(fake.now(), -5);
    const bulk = importLeads(BULK, bulkDate);
    const first = await sync();
    expect(first.opportunity.fetched).toBeGreaterThanOrEqual(BULK);
    // An older lead, a lower id than the whole bulk, written in a transaction that began with the bulk's.
    const late = fake.records('crm.lead')[5].id;
    expect(late).toBeLessThan(Math.min(...bulk));
    fake.update('crm.lead', late, { name: 'Late in the bulk', write_date: bulkDate });
    await sync();
    expect(await storedName(late)).toBe('Late in the bulk');
  }, BULK_RUNS_MS);

  it('reads nothing again once the window has passed the newest write', async () => {
    later(2 * OVERLAP_SECONDS);
    await sync();
    const quiet = await sync();
    expect(fetchedByEntity(quiet)).toEqual(noneFetched(quiet));
  }, BULK_RUNS_MS);
});
