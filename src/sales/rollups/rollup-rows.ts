import type { RollupKind, SalesRollup } from './schemas/sales-rollup.schema.js';

export type RollupRow = Omit<SalesRollup, 'generation'>;
type Key = Partial<Pick<RollupRow, 'owner' | 'day' | 'stage' | 'stage_name' | 'status' | 'account' | 'currency'>>;
type Sums = Partial<Pick<RollupRow, 'count' | 'cents' | 'weighted_cents' | 'cycles' | 'cycle_ms'>>;

/** Sums keyed by kind and key fields, built in one pass over the records. */
export class RollupRows {
  private readonly rows = new Map<string, RollupRow>();

  add(kind: RollupKind, key: Key, sums: Sums): void {
    const row = this.rowFor(kind, key);
    row.count += sums.count ?? 0;
    row.cents += sums.cents ?? 0;
    row.weighted_cents += sums.weighted_cents ?? 0;
    row.cycles += sums.cycles ?? 0;
    row.cycle_ms += sums.cycle_ms ?? 0;
  }

  values(): IterableIterator<RollupRow> {
    return this.rows.values();
  }

  get size(): number {
    return this.rows.size;
  }

  private rowFor(kind: RollupKind, key: Key): RollupRow {
    const fields = {
      owner: key.owner ?? null,
      day: key.day ?? null,
      stage: key.stage ?? null,
      status: key.status ?? null,
      account: key.account ?? null,
      currency: key.currency ?? null,
    };
    // A renamed stage keeps one row: its name is carried, not part of the key.
    const id = JSON.stringify([kind, ...Object.values(fields)]);
    let row = this.rows.get(id);
    if (!row) {
      row = { kind, ...fields, stage_name: key.stage_name ?? null, count: 0, cents: 0, weighted_cents: 0, cycles: 0, cycle_ms: 0 };
      this.rows.set(id, row);
    }
    return row;
  }
}
