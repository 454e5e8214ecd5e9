import type { ModelRegistry, OdooField, OdooModel } from './model-registry.js';
import type { ModelEnv, StoredRecord, StoredValue } from './model-types.js';
import { formatDate, formatDatetime, formatDatetimeMicros } from './odoo-dates.js';
import { RecordTable } from './record-table.js';

export interface Clock {
  now(): Date;
}

export interface FakeDatabaseOptions {
  readonly name: string;
  readonly registry: ModelRegistry;
  readonly records: Readonly<Record<string, readonly StoredRecord[]>>;
  readonly clock: Clock;
  /** Keep write_date to the microsecond as Postgres does (reads still show seconds). */
  readonly subSecondWriteDates?: boolean;
  /** Use the given record objects as the tables' rows instead of copies (large datasets). */
  readonly adoptRecords?: boolean;
}

/** One Odoo database: the tables of every model of a registry, and the clock transactions read. */
export class FakeDatabase implements ModelEnv {
  readonly name: string;
  readonly registry: ModelRegistry;
  readonly major: number;
  private readonly tables = new Map<string, RecordTable>();
  private readonly clock: Clock;
  private readonly subSecondWriteDates: boolean;

  constructor(options: FakeDatabaseOptions) {
    this.name = options.name;
    this.registry = options.registry;
    this.major = options.registry.major;
    this.clock = options.clock;
    this.subSecondWriteDates = options.subSecondWriteDates ?? false;
    for (const name of this.registry.names()) {
      const given = options.records[name] ?? [];
      const records = options.adoptRecords ? given : given.map((record) => ({ ...record }));
      if (this.subSecondWriteDates) records.forEach(addMicroseconds);
      this.tables.set(name, new RecordTable(records));
    }
    for (const name of this.registry.names()) this.fillStoredComputes(name);
  }

  /** Stored computed fields a dataset leaves out (won_status in 19.0) are computed once at load. */
  private fillStoredComputes(name: string): void {
    const model = this.registry.get(name);
    const records = this.all(name);
    if (!model || records.length === 0) return;
    for (const field of model.storedComputes) {
      if (records[0][field.name] !== undefined || !field.compute) continue;
      for (const record of records) record[field.name] = field.compute(record, this);
    }
  }

  model(name: string): OdooModel | undefined {
    return this.registry.get(name);
  }

  table(name: string): RecordTable {
    const table = this.tables.get(name);
    if (!table) throw new Error(`no model ${name}`);
    return table;
  }

  get(model: string, id: number): StoredRecord | undefined {
    return this.tables.get(model)?.get(id);
  }

  all(model: string): readonly StoredRecord[] {
    return this.tables.get(model)?.all() ?? [];
  }

  now(): string {
    return formatDatetime(this.clock.now());
  }

  today(): string {
    return formatDate(this.clock.now());
  }

  /** The write_date a transaction stamps: the same value for every record it writes. */
  writeStamp(): string {
    const now = this.clock.now();
    return this.subSecondWriteDates ? formatDatetimeMicros(now) : formatDatetime(now);
  }

  displayName(model: OdooModel, record: StoredRecord): string {
    return model.displayName(record, this);
  }

  /** The display name of the record a many2one points at. */
  targetName(field: OdooField, id: number): string {
    const comodel = field.relation ? this.registry.get(field.relation) : undefined;
    const target = comodel ? this.get(comodel.name, id) : undefined;
    return comodel && target ? comodel.displayName(target, this) : '';
  }

  /** A field's value for a record: stored, or computed for the fields Odoo does not store. */
  value(model: OdooModel, field: OdooField, record: StoredRecord): StoredValue {
    if (field.name === 'display_name') return model.displayName(record, this);
    if (!field.stored && field.compute) return field.compute(record, this);
    return record[field.name] ?? false;
  }
}

/** Deterministic sub-second part, as rows written by different transactions of the same second have. */
function addMicroseconds(record: StoredRecord): void {
  if (typeof record.write_date !== 'string' || record.write_date.length > 19) return;
  const micros = (record.id * 7919) % 1_000_000;
  if (micros > 0) record.write_date = `${record.write_date}.${String(micros).padStart(6, '0')}`;
}
