import { shiftDatetime } from '../odoo/odoo-values.js';
import type { KeysetCursor } from '../odoo/odoo.types.js';

/** How far an entity has been read: the keyset cursor, and Odoo's time when the last complete run began reading. */
export interface SyncPosition {
  cursor: KeysetCursor;
  readFrom: string | null;
}

/**
 * Where an incremental run starts. Odoo stamps write_date when a transaction starts and commits it later, so a
 * record can appear behind the cursor after a run read past its write_date; its transaction was then still open
 * when that run began reading, so its write_date is at most `overlapSeconds` before that moment. Records written
 * before the window are all behind the cursor already: with Odoo quiet, the run starts at the cursor and reads
 * nothing. A position saved before `readFrom` existed falls back to the cursor less the overlap.
 */
export function lookBackStart({ cursor, readFrom }: SyncPosition, overlapSeconds: number): KeysetCursor {
  const window = shiftDatetime(readFrom ?? cursor.writeDate, -overlapSeconds);
  // Equal seconds count as inside: the Date header drops the fraction, so a late write may share the cursor's second.
  return window <= cursor.writeDate ? { writeDate: window, id: 0 } : cursor;
}
