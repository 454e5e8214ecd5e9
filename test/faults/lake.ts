import { isDeepStrictEqual } from 'node:util';
import type { Db } from 'mongodb';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import type { ReadRecord } from '../fake-odoo/orm-read.js';

/** What a lake document says of its record. */
export interface LakeEntry {
  is_active: boolean;
  data: Record<string, unknown>;
}

/** Every lake document by `<entity_type>/<serving_id>`, soft-deleted ones included. */
export async function lakeSnapshot(db: Db): Promise<Map<string, LakeEntry>> {
  const docs = await db
    .collection('data_lake_serving')
    .find({}, { projection: { _id: 0, entity_type: 1, serving_id: 1, is_active: 1, data: 1 } })
    .toArray();
  return new Map(docs.map((doc) => [`${doc.entity_type}/${doc.serving_id}`, { is_active: doc.is_active, data: doc.data }]));
}

/** Odoo's records of each synced entity as the fake holds them now, archived ones included. */
function odooRecords(fake: FakeOdooServer): Record<string, ReadRecord[]> {
  const partners = fake.records('res.partner');
  return {
    user: fake.records('hr.employee'),
    account: partners.filter((partner) => partner.is_company),
    contact: partners.filter((partner) => !partner.is_company),
    opportunity: fake.records('crm.lead'),
    invoice: fake.records('account.move').filter((move) => ['out_invoice', 'out_refund'].includes(move.move_type as string)),
    activity: fake.records('mail.activity'),
  };
}

/** Every record live before a failed run is live after it, with the same data (except the keys given). */
export function expectNothingLost(before: Map<string, LakeEntry>, after: Map<string, LakeEntry>, changedInOdoo: string[] = []): void {
  const live = (snapshot: Map<string, LakeEntry>) =>
    [...snapshot].filter(([key, entry]) => entry.is_active && !changedInOdoo.includes(key));
  expect(new Map(live(after))).toEqual(new Map(live(before)));
  for (const key of changedInOdoo) expect({ key, is_active: after.get(key)?.is_active }).toEqual({ key, is_active: true });
}

/**
 * The lake holds exactly Odoo's records: per entity, the live ids are Odoo's ids, every stored field has Odoo's
 * value, and whatever Odoo no longer has is soft-deleted.
 */
export async function expectLakeMatchesOdoo(db: Db, fake: FakeOdooServer): Promise<void> {
  const lake = await lakeSnapshot(db);
  for (const [entity, records] of Object.entries(odooRecords(fake))) {
    const live = [...lake].filter(([key, entry]) => key.startsWith(`${entity}/`) && entry.is_active).map(([key]) => key);
    expect({ entity, live: live.sort() }).toEqual({ entity, live: records.map((record) => `${entity}/${record.id}`).sort() });
    const differing = records.filter((record) => {
      const { data } = lake.get(`${entity}/${record.id}`)!;
      // As Odoo sends it: JSON has no -0.
      const sent = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
      return !Object.keys(data).every((field) => isDeepStrictEqual(data[field], sent[field]));
    });
    expect({ entity, differing: differing.map((record) => record.id) }).toEqual({ entity, differing: [] });
  }
}
