import type { AnyBulkWriteOperation, Collection, Db, Document } from 'mongodb';

/** FerretDB 1.24 (tests and development here) stalls on a write command of 50 or more updates. */
const FERRETDB_MAX_WRITES = 40;
const MONGODB_MAX_WRITES = 1000;

const sizes = new WeakMap<Db, Promise<number>>();

/** How many writes one bulk write command may carry on this server. */
export function writeBatchSize(db: Db): Promise<number> {
  let size = sizes.get(db);
  if (!size) {
    size = db
      .admin()
      .command({ buildInfo: 1 })
      .then((info) => ('ferretdbVersion' in info ? FERRETDB_MAX_WRITES : MONGODB_MAX_WRITES));
    sizes.set(db, size);
  }
  return size;
}

export interface BatchesResult {
  /** Updates whose filter matched a document. */
  matched: number;
  /** Inserts refused for a duplicate key: another writer inserted first. */
  duplicates: number;
}

/**
 * An unordered bulk write split into commands the server takes; duplicate keys are counted, not thrown. The
 * operations are taken one command at a time: a generator need not hold them all.
 */
export async function bulkWriteInBatches<T extends Document>(
  collection: Collection<T>,
  operations: Iterable<AnyBulkWriteOperation<T>>,
  db: Db,
): Promise<BatchesResult> {
  const size = await writeBatchSize(db);
  const result: BatchesResult = { matched: 0, duplicates: 0 };
  for (const batch of batchesOf(operations, size)) {
    try {
      result.matched += (await collection.bulkWrite(batch, { ordered: false })).matchedCount;
    } catch (error) {
      const failure = error as { writeErrors?: { code: number }[]; result?: { matchedCount?: number } };
      if (!failure.writeErrors?.length || failure.writeErrors.some((e) => e.code !== 11000)) throw error;
      result.duplicates += failure.writeErrors.length;
      result.matched += failure.result?.matchedCount ?? 0;
    }
  }
  return result;
}

function* batchesOf<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
