/** A stored value, as the fake keeps it: many2one as an id, empty as `false`, x2many as ids. */
export type StoredValue = string | number | boolean | readonly number[];

/** One row of a model's table. Datetimes are Odoo strings ("2026-11-24 10:00:00", UTC). */
export interface StoredRecord {
  id: number;
  [field: string]: StoredValue | undefined;
}

type FieldType =
  | 'char'
  | 'text'
  | 'html'
  | 'integer'
  | 'float'
  | 'monetary'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'selection'
  | 'many2one'
  | 'many2many'
  | 'one2many'
  | 'many2one_reference';

/** What computed fields and display names may look at. */
export interface ModelEnv {
  readonly major: number;
  /** The server's current time, "YYYY-MM-DD HH:MM:SS" (UTC). */
  now(): string;
  /** The server's current date, "YYYY-MM-DD". */
  today(): string;
  get(model: string, id: number): StoredRecord | undefined;
  all(model: string): readonly StoredRecord[];
}

export interface FieldSpec {
  readonly type: FieldType;
  readonly string: string;
  readonly relation?: string;
  readonly required?: boolean;
  readonly readonly?: boolean;
  /** false for computed fields that Odoo does not store. */
  readonly store?: boolean;
  readonly selection?: readonly (readonly [string, string])[];
  readonly help?: string;
  readonly currencyField?: string;
  /** First major version that has the field. */
  readonly since?: number;
  /** Last major version that has the field. */
  readonly until?: number;
  /** The field exists before `since` only when the enterprise edition is installed. */
  readonly enterpriseBefore?: boolean;
  /** Attributes that change from a major version on, e.g. `{ 19: { string: 'Contact' } }`. */
  readonly versions?: Readonly<Record<number, Partial<Omit<FieldSpec, 'versions'>>>>;
  /** Value of a computed field: stored ones are recomputed on create and write, others at read. */
  readonly compute?: (record: StoredRecord, env: ModelEnv) => StoredValue;
}

export interface ModelSpec {
  readonly name: string;
  readonly description: string;
  /** What changes from a major version on, e.g. `{ 19: { description: 'Lead' } }`. */
  readonly versions?: Readonly<Record<number, { readonly description?: string; readonly order?: string }>>;
  /** The model's `_order`. */
  readonly order: string;
  readonly recName?: string;
  /** The field `child_of` / `parent_of` follow. */
  readonly parentName?: string;
  readonly fields: Readonly<Record<string, FieldSpec>>;
  readonly displayName?: (record: StoredRecord, env: ModelEnv) => string;
  /**
   * Default values for `create`, given the creating user and the values given: Odoo computes some fields from
   * others when they are not given (a lead's team from its salesperson).
   */
  readonly defaults?: (env: ModelEnv, uid: number, values: Readonly<Record<string, StoredValue>>) => Readonly<Record<string, StoredValue>>;
}
