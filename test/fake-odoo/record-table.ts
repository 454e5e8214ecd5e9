import type { StoredRecord, StoredValue } from './model-types.js';

/** A position in (write_date, id) order: scans start strictly after it. */
export interface KeysetBound {
  readonly writeDate: string;
  /** -Infinity starts at the first record of that write_date, +Infinity after the last. */
  readonly id: number;
}

const writeDateOf = (record: StoredRecord): string => (typeof record.write_date === 'string' ? record.write_date : '');

function compareKeyset(record: StoredRecord, writeDate: string, id: number): number {
  const own = writeDateOf(record);
  if (own !== writeDate) return own < writeDate ? -1 : 1;
  return record.id - id;
}

/** First index in `sorted` whose element is not before the probe (`before(element)` false). */
function lowerIndex(sorted: readonly StoredRecord[], before: (record: StoredRecord) => boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(sorted[middle])) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * One model's rows, indexed by id and by (write_date, id): the index a keyset sync pages through, so a page
 * costs a binary search plus the records it returns, never a scan and sort of the whole model.
 */
export class RecordTable {
  private readonly byId = new Map<number, StoredRecord>();
  private readonly idOrder: StoredRecord[];
  private readonly keyset: StoredRecord[];
  private lastId = 0;

  constructor(records: readonly StoredRecord[] = []) {
    const ascending = records.every((record, index) => index === 0 || records[index - 1].id < record.id);
    const sorted = ascending ? records.slice() : [...records].sort((a, b) => a.id - b.id);
    for (const record of sorted) this.byId.set(record.id, record);
    this.idOrder = sorted;
    this.lastId = sorted.length > 0 ? sorted[sorted.length - 1].id : 0;
    this.keyset = sorted.slice().sort((a, b) => compareKeyset(a, writeDateOf(b), b.id));
  }

  get size(): number {
    return this.idOrder.length;
  }

  get(id: number): StoredRecord | undefined {
    return this.byId.get(id);
  }

  /** All rows in id order. */
  all(): readonly StoredRecord[] {
    return this.idOrder;
  }

  allocateId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  /** Moves the id sequence on so that the next id is at least `nextId`; answers how many ids it skipped. */
  advanceSequence(nextId: number): number {
    const skipped = Math.max(0, nextId - 1 - this.lastId);
    this.lastId += skipped;
    return skipped;
  }

  insert(record: StoredRecord): void {
    if (this.byId.has(record.id)) throw new Error(`id ${record.id} already exists`);
    this.byId.set(record.id, record);
    this.lastId = Math.max(this.lastId, record.id);
    this.insertSorted(this.idOrder, record, (other) => other.id < record.id);
    this.insertKeyset(record);
  }

  /** Applies `changes` to the row, moving it in the (write_date, id) index when write_date changes. */
  update(record: StoredRecord, changes: Readonly<Record<string, StoredValue>>): void {
    const moves = 'write_date' in changes && changes.write_date !== record.write_date;
    if (moves) this.removeKeyset(record);
    Object.assign(record, changes);
    if (moves) this.insertKeyset(record);
  }

  remove(record: StoredRecord): void {
    if (!this.byId.delete(record.id)) return;
    this.idOrder.splice(lowerIndex(this.idOrder, (other) => other.id < record.id), 1);
    this.removeKeyset(record);
  }

  /** Rows in ascending (write_date, id) order, strictly after `bound` when given. */
  *ascendingKeyset(bound?: KeysetBound): Generator<StoredRecord> {
    const start = bound ? lowerIndex(this.keyset, (other) => compareKeyset(other, bound.writeDate, bound.id) <= 0) : 0;
    for (let index = start; index < this.keyset.length; index++) yield this.keyset[index];
  }

  *descendingKeyset(): Generator<StoredRecord> {
    for (let index = this.keyset.length - 1; index >= 0; index--) yield this.keyset[index];
  }

  /** Rows in ascending id order, with an id above `afterId` when given. */
  *ascendingIds(afterId = 0): Generator<StoredRecord> {
    const start = afterId > 0 ? lowerIndex(this.idOrder, (other) => other.id <= afterId) : 0;
    for (let index = start; index < this.idOrder.length; index++) yield this.idOrder[index];
  }

  *descendingIds(): Generator<StoredRecord> {
    for (let index = this.idOrder.length - 1; index >= 0; index--) yield this.idOrder[index];
  }

  private insertKeyset(record: StoredRecord): void {
    const writeDate = writeDateOf(record);
    this.insertSorted(this.keyset, record, (other) => compareKeyset(other, writeDate, record.id) < 0);
  }

  private removeKeyset(record: StoredRecord): void {
    const writeDate = writeDateOf(record);
    const index = lowerIndex(this.keyset, (other) => compareKeyset(other, writeDate, record.id) < 0);
    if (this.keyset[index] === record) this.keyset.splice(index, 1);
    else this.keyset.splice(this.keyset.indexOf(record), 1);
  }

  private insertSorted(sorted: StoredRecord[], record: StoredRecord, before: (other: StoredRecord) => boolean): void {
    const last = sorted[sorted.length - 1];
    if (last === undefined || before(last)) sorted.push(record);
    else sorted.splice(lowerIndex(sorted, before), 0, record);
  }
}
