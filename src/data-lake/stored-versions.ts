import { ObjectId } from 'mongodb';
import { datetime, odooDatetime } from '../odoo/odoo-values.js';

/** What is stored of a record, to decide whether a version read from Odoo changes anything. */
export interface StoredVersion {
  /** The document's `_id`: writes address it, the one filter FerretDB (tests, development) resolves by index. */
  id: ObjectId;
  hash: string | undefined;
  writeDate: string | undefined;
  active: boolean;
}

const ID_BYTES = 12;
/** A SHA-1 digest, stored as base64 in `data_hash`. */
const HASH_BYTES = 20;

/**
 * The stored versions of one entity type by serving_id, packed into typed arrays: a full sync run holds one for
 * every record of the entity, and as objects they cost some 285 bytes each, about 80 here (at 1,000,000). A
 * version whose hash or write_date is not in the usual form is kept as it is.
 */
export class StoredVersions {
  /** Serving id to slot; Odoo's integer ids as numbers, which a Map holds without a string each. */
  private readonly slots = new Map<number | string, number>();
  private readonly unusual = new Map<number, StoredVersion>();
  private ids = new Uint8Array(0);
  private hashes = new Uint8Array(0);
  /** Odoo's write_date in seconds since 1970 (UTC). */
  private writeDates = new Uint32Array(0);
  private active = new Uint8Array(0);

  get size(): number {
    return this.slots.size;
  }

  /** How many are live (not soft-deleted). */
  get live(): number {
    let count = 0;
    for (const flag of this.active.subarray(0, this.size)) count += flag;
    return count;
  }

  get(servingId: string): StoredVersion | undefined {
    const slot = this.slots.get(keyOf(servingId));
    if (slot === undefined) return undefined;
    const unusual = this.unusual.get(slot);
    if (unusual) return { ...unusual, active: this.active[slot] === 1 };
    return {
      id: new ObjectId(this.ids.subarray(slot * ID_BYTES, (slot + 1) * ID_BYTES)),
      hash: Buffer.from(this.hashes.buffer, slot * HASH_BYTES, HASH_BYTES).toString('base64'),
      writeDate: formatSeconds(this.writeDates[slot]),
      active: this.active[slot] === 1,
    };
  }

  isLive(servingId: string): boolean {
    const slot = this.slots.get(keyOf(servingId));
    return slot !== undefined && this.active[slot] === 1;
  }

  set(servingId: string, version: StoredVersion): void {
    const key = keyOf(servingId);
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.slots.size;
      this.reserve(slot + 1);
      this.slots.set(key, slot);
    }
    this.active[slot] = Number(version.active);
    this.unusual.delete(slot);
    const hash = version.hash === undefined ? undefined : Buffer.from(version.hash, 'base64');
    const seconds = version.writeDate === undefined ? undefined : secondsOf(version.writeDate);
    if (hash?.length !== HASH_BYTES || hash.toString('base64') !== version.hash || seconds === undefined) {
      this.unusual.set(slot, version);
      return;
    }
    this.ids.set(version.id.id, slot * ID_BYTES);
    this.hashes.set(hash, slot * HASH_BYTES);
    this.writeDates[slot] = seconds;
  }

  /** Marks a record soft-deleted. */
  deactivate(servingId: string): void {
    const slot = this.slots.get(keyOf(servingId));
    if (slot !== undefined) this.active[slot] = 0;
  }

  /** The serving_ids of the live records. */
  *liveIds(): Generator<string> {
    for (const [key, slot] of this.slots) if (this.active[slot] === 1) yield String(key);
  }

  /** Room for `slots` versions, doubling as it grows. */
  private reserve(slots: number): void {
    if (slots <= this.active.length) return;
    const capacity = Math.max(1024, this.active.length * 2);
    this.ids = grown(this.ids, capacity * ID_BYTES);
    this.hashes = grown(this.hashes, capacity * HASH_BYTES);
    this.writeDates = grown(this.writeDates, capacity);
    this.active = grown(this.active, capacity);
  }
}

/** An Odoo id ('42') as the number; any other serving id as it is. */
function keyOf(servingId: string): number | string {
  const id = Number(servingId);
  return Number.isSafeInteger(id) && String(id) === servingId ? id : servingId;
}

function grown<T extends Uint8Array | Uint32Array>(array: T, length: number): T {
  const larger = new (array.constructor as new (length: number) => T)(length);
  larger.set(array);
  return larger;
}

/** An Odoo datetime ('2026-11-29 13:05:00', UTC) in seconds, if it is one exactly and fits; else undefined. */
function secondsOf(writeDate: string): number | undefined {
  const seconds = (datetime(writeDate)?.getTime() ?? NaN) / 1000;
  return seconds >= 0 && seconds <= 0xffffffff && formatSeconds(seconds) === writeDate ? seconds : undefined;
}

function formatSeconds(seconds: number): string {
  return odooDatetime(new Date(seconds * 1000));
}
