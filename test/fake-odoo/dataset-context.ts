import { faker } from '@faker-js/faker/locale/en';
import type { StoredRecord } from './model-types.js';
import { formatDatetime } from './odoo-dates.js';
import { SeededRandom } from './seeded-random.js';

const DAY_MS = 86_400_000;

/** Index of the first value >= target in an ascending array. */
function firstAtOrAfter(sorted: readonly number[], target: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Who wrote a record and when: the magic fields every model carries. */
export interface Stamp {
  create_uid: number;
  create_date: string;
  write_uid: number;
  write_date: string;
}

/**
 * What the generators share: the seeded randomness, the reference time, the tables being filled, and the
 * "mass update" moments that make several records share one write_date, as imports and scheduled actions
 * do in a real Odoo (write_date is the transaction's timestamp).
 */
export class DatasetContext {
  readonly rng: SeededRandom;
  readonly faker: typeof faker;
  readonly now: Date;
  readonly records: Record<string, StoredRecord[]> = {};
  private readonly massUpdates: number[] = [];

  constructor(seed: number, now: Date, expectedRecords: number) {
    this.rng = new SeededRandom(seed);
    faker.seed(seed);
    this.faker = faker;
    this.now = now;
    const count = Math.max(4, Math.round(expectedRecords / 40));
    for (const moment of this.sortedMoments(count, 730, 1)) this.massUpdates.push(moment.getTime());
  }

  add(model: string, record: StoredRecord): StoredRecord {
    (this.records[model] ??= []).push(record);
    return record;
  }

  table(model: string): StoredRecord[] {
    return this.records[model] ?? [];
  }

  daysAgo(days: number): Date {
    return new Date(this.now.getTime() - days * DAY_MS);
  }

  /** `count` moments in the last `days` days, ascending, denser towards now when skew > 1. */
  sortedMoments(count: number, days: number, skew: number): Date[] {
    const ages = new Float64Array(count);
    for (let index = 0; index < count; index++) ages[index] = this.rng.next() ** skew * days * DAY_MS;
    ages.sort();
    const moments: Date[] = new Array<Date>(count);
    for (let index = 0; index < count; index++) {
      moments[count - 1 - index] = new Date(Math.floor((this.now.getTime() - ages[index]) / 1000) * 1000);
    }
    return moments;
  }

  /** A moment between `from` and now; a third of the time one of the shared mass-update moments. */
  writeMoment(from: Date): Date {
    const start = from.getTime();
    if (this.rng.chance(0.33)) {
      const first = firstAtOrAfter(this.massUpdates, start);
      const last = this.massUpdates.length - 1;
      if (first <= last) return new Date(this.massUpdates[this.rng.int(first, last)]);
    }
    const end = this.now.getTime();
    return new Date(Math.floor((start + this.rng.next() * (end - start)) / 1000) * 1000);
  }

  stamp(created: Date, written: Date, uid: number): Stamp {
    return { create_uid: uid, create_date: formatDatetime(created), write_uid: uid, write_date: formatDatetime(written) };
  }
}
