import type { FieldSpec, ModelEnv, ModelSpec, StoredRecord, StoredValue } from './model-types.js';
import { MODEL_SPECS } from './models/index.js';
import { valueError } from './odoo-errors.js';
import { pyRepr } from './python-format.js';

type ModelChanges = NonNullable<ModelSpec['versions']>[number];

export interface OdooField extends FieldSpec {
  readonly name: string;
  /** Kept in the table (stored fields, stored computes); the others are computed at read. */
  readonly stored: boolean;
}

/** The magic fields every Odoo model has (odoo/models.py, `_log_access`). */
const MAGIC_FIELDS: Readonly<Record<string, FieldSpec>> = {
  id: { type: 'integer', string: 'ID', readonly: true },
  display_name: { type: 'char', string: 'Display Name', readonly: true, store: false },
  create_uid: { type: 'many2one', relation: 'res.users', string: 'Created by', readonly: true },
  create_date: { type: 'datetime', string: 'Created on', readonly: true },
  write_uid: { type: 'many2one', relation: 'res.users', string: 'Last Updated by', readonly: true },
  write_date: { type: 'datetime', string: 'Last Updated on', readonly: true },
};

/** Fields the ORM sets itself: `write` and `create` drop them from the caller's values. */
export const LOG_ACCESS_FIELDS: ReadonlySet<string> = new Set(['create_uid', 'create_date', 'write_uid', 'write_date']);

export class OdooModel {
  readonly name: string;
  /** The major version of the registry the model belongs to. */
  readonly major: number;
  readonly description: string;
  readonly order: string;
  readonly recName: string;
  readonly parentName: string | undefined;
  readonly fields: ReadonlyMap<string, OdooField>;
  /** Stored fields with a compute, refreshed after every create and write. */
  readonly storedComputes: readonly OdooField[];
  readonly hasActive: boolean;
  private readonly spec: ModelSpec;

  constructor(spec: ModelSpec, major: number, included: (field: FieldSpec) => boolean) {
    this.spec = spec;
    this.name = spec.name;
    this.major = major;
    const changes = asOf(major, spec.versions ?? {}).reduce<ModelChanges>((merged, [, change]) => ({ ...merged, ...change }), {});
    this.description = changes.description ?? spec.description;
    this.order = changes.order ?? spec.order;
    this.recName = spec.recName ?? 'name';
    this.parentName = spec.parentName;
    const entries = Object.entries({ ...spec.fields, ...MAGIC_FIELDS })
      .filter(([, field]) => included(field))
      .map(([name, spec]): [string, OdooField] => {
        const field = asOf(major, spec.versions ?? {}).reduce<FieldSpec>((merged, [, changes]) => ({ ...merged, ...changes }), spec);
        return [name, { ...field, name, stored: field.store !== false }];
      });
    this.fields = new Map(entries);
    this.storedComputes = entries.map(([, field]) => field).filter((field) => field.stored && field.compute);
    this.hasActive = this.fields.get('active')?.type === 'boolean';
  }

  field(name: string): OdooField | undefined {
    return this.fields.get(name);
  }

  /** The ValueError of a field name the model does not have: "Invalid field 'x' on model 'y'", "on 'y'" from 19.0. */
  invalidField(name: unknown): Error {
    return valueError(`Invalid field ${pyRepr(name)} on ${this.major >= 19 ? '' : 'model '}${pyRepr(this.name)}`);
  }

  displayName(record: StoredRecord, env: ModelEnv): string {
    if (this.spec.displayName) return this.spec.displayName(record, env);
    const value = record[this.recName];
    return typeof value === 'string' ? value : `${this.name},${record.id}`;
  }

  /** Default values for `create`, limited to the fields this version has. */
  defaults(env: ModelEnv, uid: number, given: Readonly<Record<string, StoredValue>> = {}): Record<string, StoredValue> {
    const values = this.spec.defaults?.(env, uid, given) ?? {};
    return Object.fromEntries(Object.entries(values).filter(([name]) => this.fields.has(name)));
  }
}

/** The entries of a by-version table that apply to `major`, oldest first. */
function asOf<T>(major: number, table: Readonly<Record<number, T>>): [number, T][] {
  return Object.entries(table)
    .map(([since, value]): [number, T] => [Number(since), value])
    .filter(([since]) => since <= major)
    .sort(([a], [b]) => a - b);
}

/** The models of one Odoo version: fields a version lacks are absent, as in that version's registry. */
export class ModelRegistry {
  readonly major: number;
  private readonly models: ReadonlyMap<string, OdooModel>;

  constructor(major: number, enterprise: boolean) {
    this.major = major;
    const included = (field: FieldSpec) =>
      (!field.since || major >= field.since || (enterprise && field.enterpriseBefore === true)) && (!field.until || major <= field.until);
    this.models = new Map(MODEL_SPECS.map((spec) => [spec.name, new OdooModel(spec, major, included)]));
  }

  get(name: string): OdooModel | undefined {
    return this.models.get(name);
  }

  names(): string[] {
    return [...this.models.keys()];
  }
}
