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

/**
 * An unordered bulk write split into commands the server takes. Duplicate-key errors are collected rather than
 * thrown (another writer got there first); anything else is thrown. Returns the number of duplicates.
 */
export async function bulkWriteInBatches<T extends Document>(collection: Collection<T>, operations: AnyBulkWriteOperation<T>[], db: Db): Promise<number> {
  const size = await writeBatchSize(db);
  let duplicates = 0;
  for (let i = 0; i < operations.length; i += size) {
    try {
      await collection.bulkWrite(operations.slice(i, i + size), { ordered: false });
    } catch (error) {
      const writeErrors = (error as { writeErrors?: { code: number }[] }).writeErrors;
      if (!writeErrors?.length || writeErrors.some((e) => e.code !== 11000)) throw error;
      duplicates += writeErrors.length;
    }
  }
  return duplicates;
}
