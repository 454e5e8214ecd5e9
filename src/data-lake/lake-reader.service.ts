import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { skipOf, type PageQueryDto } from '../common/pagination/page-query.dto.js';
import type { EntityType, LakeRecord } from './lake-record.js';
import { ReadLimiter } from './read-limiter.js';
import { DataLakeRecord } from './schemas/data-lake-record.schema.js';

export type Filter = Record<string, unknown>;
export type Sort = Record<string, 1 | -1>;
type Scalar = string | number | boolean | null;

/** Records per reply when streaming: unset, MongoDB answers up to 16 MB at a time, a whole entity at our sizes. */
const STREAM_BATCH = 1000;

/** One group of `totals`: the values of the grouping fields, and each requested sum. */
export interface GroupRow<K extends string, S extends string> {
  key: Record<K, Scalar>;
  sums: Record<S, number>;
}

/**
 * Reads `data_lake_serving` for the sales routes. Every read sees only records that still exist in Odoo
 * (`is_active: true`): soft-deleted ones never appear anywhere. Reads take their turn through ReadLimiter.
 */
@Injectable()
export class LakeReader {
  constructor(
    @InjectModel(DataLakeRecord.name) private readonly records: Model<DataLakeRecord>,
    private readonly limiter: ReadLimiter,
  ) {}

  async page(entity: EntityType, filter: Filter, sort: Sort, page: PageQueryDto): Promise<{ items: LakeRecord[]; total: number }> {
    const query = live(entity, filter);
    const [items, total] = await Promise.all([
      this.limiter.run(() => this.records.find(query).sort(sort).skip(skipOf(page)).limit(page.page_size).lean<LakeRecord[]>().exec()),
      this.limiter.run(() => this.records.countDocuments(query).exec()),
    ]);
    return { items, total };
  }

  find(entity: EntityType, filter: Filter, options: { sort?: Sort; limit?: number; fields?: string[] } = {}): Promise<LakeRecord[]> {
    const projection = options.fields ? Object.fromEntries(options.fields.map((field) => [field, 1])) : undefined;
    let query = this.records.find(live(entity, filter), projection);
    if (options.sort) query = query.sort(options.sort);
    if (options.limit) query = query.limit(options.limit);
    return this.limiter.run(() => query.lean<LakeRecord[]>().exec());
  }

  /**
   * Every matching record, one at a time, with only the given fields: for passes over a whole entity. Straight
   * from the driver (Mongoose's cursor adds hooks and promises per record) and in batches of STREAM_BATCH, so
   * memory stays the same whatever the entity's size.
   */
  stream(entity: EntityType, filter: Filter, fields: string[]): AsyncIterable<LakeRecord> {
    const projection = Object.fromEntries(fields.map((field) => [field, 1]));
    return this.records.collection.find<LakeRecord>(live(entity, filter), { projection, batchSize: STREAM_BATCH });
  }

  findById(entity: EntityType, id: number, filter: Filter = {}): Promise<LakeRecord | null> {
    return this.limiter.run(() => this.records.findOne(live(entity, { ...filter, serving_id: String(id) })).lean<LakeRecord>().exec());
  }

  /** The distinct numeric values of a field, nulls left out. */
  async distinctIds(entity: EntityType, field: string, filter: Filter): Promise<number[]> {
    const values: unknown[] = await this.limiter.run(() => this.records.distinct(field, live(entity, filter)).exec());
    return values.filter((value): value is number => typeof value === 'number');
  }

  /**
   * Sums grouped by fields, e.g. `totals('opportunity', match, { status: 'status' }, { count: 1, cents: 'expected_revenue_cents' })`.
   * One `$group` per sum: FerretDB 1.24 feeds the documents of a group to its first accumulator only (the
   * others read 0), so several accumulators in one `$group` would be wrong there.
   */
  async totals<K extends string, S extends string>(
    entity: EntityType,
    filter: Filter,
    keys: Record<K, string>,
    sums: Record<S, string | 1>,
  ): Promise<GroupRow<K, S>[]> {
    const keyNames = Object.keys(keys) as K[];
    const sumNames = Object.keys(sums) as S[];
    const groupId = Object.fromEntries(keyNames.map((name) => [name, `$${keys[name]}`]));
    const match = live(entity, filter);
    const results = await Promise.all(
      sumNames.map((name) => {
        const sum = sums[name] === 1 ? 1 : `$${sums[name]}`;
        return this.limiter.run(() =>
          this.records.aggregate<{ _id: Partial<Record<K, Scalar>> | null; value: number }>([
            { $match: match },
            { $group: { _id: groupId, value: { $sum: sum } } },
          ]).exec(),
        );
      }),
    );
    const rows = new Map<string, GroupRow<K, S>>();
    results.forEach((groups, index) => {
      for (const group of groups) {
        // A missing field leaves its key out of `_id`: read it as null.
        const key = Object.fromEntries(keyNames.map((name) => [name, group._id?.[name] ?? null])) as Record<K, Scalar>;
        const id = JSON.stringify(keyNames.map((name) => key[name]));
        let row = rows.get(id);
        if (!row) {
          row = { key, sums: Object.fromEntries(sumNames.map((name) => [name, 0])) as Record<S, number> };
          rows.set(id, row);
        }
        row.sums[sumNames[index]] = group.value;
      }
    });
    return [...rows.values()];
  }

  /** The company of each given partner that is a contact of one (an opportunity's customer may be a person). */
  async companiesOf(partnerIds: number[]): Promise<Map<number, number>> {
    if (partnerIds.length === 0) return new Map();
    const contacts = await this.find('contact', { serving_id: { $in: partnerIds.map(String) }, partner_id: { $ne: null } }, {
      fields: ['serving_id', 'partner_id'],
    });
    return new Map(contacts.map((contact) => [Number(contact.serving_id), contact.partner_id as number]));
  }

  /** Display names of partners (companies or people). */
  async partnerNames(partnerIds: number[]): Promise<Map<number, string>> {
    if (partnerIds.length === 0) return new Map();
    const filter = { serving_id: { $in: partnerIds.map(String) } };
    const options = { fields: ['serving_id', 'name'] };
    const [accounts, contacts] = await Promise.all([this.find('account', filter, options), this.find('contact', filter, options)]);
    return new Map([...accounts, ...contacts].map((partner) => [Number(partner.serving_id), partner.name ?? '']));
  }
}

function live(entity: EntityType, filter: Filter): Filter {
  return { ...filter, entity_type: entity, is_active: true };
}
