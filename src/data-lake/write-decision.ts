/** What storing one record read from Odoo does, named as the WriteStats counter it adds to. */
export type WriteDecision = 'inserted' | 'updated' | 'unchanged' | 'restored' | 'stale';

/** What the decision needs of the stored version of the record, if there is one. */
interface StoredState {
  hash: string | undefined;
  writeDate: string | undefined;
  active: boolean;
}

/**
 * A new record is inserted; a live one with the same content is left as is; a version older than the stored one
 * (by Odoo's write_date) is stale and skipped; anything else rewrites the stored record, restoring it if it was
 * soft-deleted.
 */
export function writeDecision(previous: StoredState | undefined, hash: string, writeDate: string | undefined): WriteDecision {
  if (!previous) return 'inserted';
  if (previous.hash === hash && previous.active) return 'unchanged';
  if (previous.writeDate !== undefined && writeDate !== undefined && previous.writeDate > writeDate) return 'stale';
  return previous.active ? 'updated' : 'restored';
}
