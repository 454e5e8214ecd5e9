// LakeReader's reads of data_lake_serving (src/data-lake/lake-reader.service.ts), through the raw driver.
import type { Collection, Document } from 'mongodb';

export type Filter = Document;
export type Row = { key: Record<string, unknown>; sums: Record<string, number> };

/** The record still exists in Odoo. */
export function live(entity: string, filter: Filter): Filter {
  return { ...filter, entity_type: entity, is_active: true };
}

/** visibility.service's ownerFilter: nothing for admins, the scope's Odoo users otherwise. */
export function ownedBy(owners: number[] | null): Filter {
  return owners === null ? {} : { odoo_user_id: { $in: owners } };
}

export function findFields(lake: Collection, entity: string, filter: Filter, fields: string[]): Promise<Document[]> {
  return lake.find(live(entity, filter), { projection: Object.fromEntries(fields.map((field) => [field, 1])) }).toArray();
}

/** LakeReader.totals: one `$group` per sum (FerretDB 1.24 feeds a group to its first accumulator only), merged by key. */
export async function totals(lake: Collection, entity: string, filter: Filter, keys: Record<string, string>, sums: Record<string, string | 1>): Promise<Row[]> {
  const groupId = Object.fromEntries(Object.entries(keys).map(([name, field]) => [name, `$${field}`]));
  const match = live(entity, filter);
  const results = await Promise.all(
    Object.values(sums).map((sum) =>
      lake.aggregate<{ _id: Record<string, unknown> | null; value: number }>([{ $match: match }, { $group: { _id: groupId, value: { $sum: sum === 1 ? 1 : `$${sum}` } } }]).toArray(),
    ),
  );
  const rows = new Map<string, Row>();
  results.forEach((groups, index) => {
    for (const group of groups) {
      const key = Object.fromEntries(Object.keys(keys).map((name) => [name, group._id?.[name] ?? null]));
      const id = JSON.stringify(Object.values(key));
      const row = rows.get(id) ?? { key, sums: Object.fromEntries(Object.keys(sums).map((name) => [name, 0])) };
      row.sums[Object.keys(sums)[index]] = group.value;
      rows.set(id, row);
    }
  });
  return [...rows.values()];
}

/** LakeReader.partnerNames: display names of companies or people. */
export async function partnerNames(lake: Collection, partnerIds: number[]): Promise<Map<number, string>> {
  if (partnerIds.length === 0) return new Map();
  const filter = { serving_id: { $in: partnerIds.map(String) } };
  const [accounts, contacts] = await Promise.all([findFields(lake, 'account', filter, ['serving_id', 'name']), findFields(lake, 'contact', filter, ['serving_id', 'name'])]);
  return new Map([...accounts, ...contacts].map((partner) => [Number(partner.serving_id), (partner.name as string | undefined) ?? '']));
}

/** LakeReader.companiesOf: the company of each given partner that is a contact of one. */
export async function companiesOf(lake: Collection, partnerIds: number[]): Promise<Map<number, number>> {
  if (partnerIds.length === 0) return new Map();
  const contacts = await findFields(lake, 'contact', { serving_id: { $in: partnerIds.map(String) }, partner_id: { $ne: null } }, ['serving_id', 'partner_id']);
  return new Map(contacts.map((contact) => [Number(contact.serving_id), contact.partner_id as number]));
}
