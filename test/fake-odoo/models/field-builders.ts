import type { FieldSpec, StoredRecord, StoredValue } from '../model-types.js';

type Extra = Partial<Omit<FieldSpec, 'type' | 'string'>>;
type Selection = readonly (readonly [string, string])[];

export const char = (string: string, extra: Extra = {}): FieldSpec => ({ type: 'char', string, ...extra });
export const text = (string: string, extra: Extra = {}): FieldSpec => ({ type: 'text', string, ...extra });
export const html = (string: string, extra: Extra = {}): FieldSpec => ({ type: 'html', string, ...extra });
export const integer = (string: string, extra: Extra = {}): FieldSpec => ({ type: 'integer', string, ...extra });
export const float = (string: string, extra: Extra = {}): FieldSpec => ({ type: 'float', string, ...extra });
export const boolean = (string: string, extra: Extra = {}): FieldSpec => ({ type: 'boolean', string, ...extra });
export const date = (string: string, extra: Extra = {}): FieldSpec => ({ type: 'date', string, ...extra });
export const datetime = (string: string, extra: Extra = {}): FieldSpec => ({ type: 'datetime', string, ...extra });

export const monetary = (string: string, currencyField: string, extra: Extra = {}): FieldSpec => ({
  type: 'monetary',
  string,
  currencyField,
  ...extra,
});

export const selection = (string: string, values: Selection, extra: Extra = {}): FieldSpec => ({
  type: 'selection',
  string,
  selection: values,
  ...extra,
});

export const many2one = (relation: string, string: string, extra: Extra = {}): FieldSpec => ({
  type: 'many2one',
  relation,
  string,
  ...extra,
});

export const many2many = (relation: string, string: string, extra: Extra = {}): FieldSpec => ({
  type: 'many2many',
  relation,
  string,
  ...extra,
});

/** The id a many2one holds, or 0 when it is empty. */
export function refId(record: StoredRecord | undefined, field: string): number {
  const value = record?.[field];
  return typeof value === 'number' ? value : 0;
}

/** A stored value, or `false` when the record or the value is missing. */
export function valueOf(record: StoredRecord | undefined, field: string): StoredValue {
  return record?.[field] ?? false;
}

export function textOf(record: StoredRecord | undefined, field: string): string {
  const value = record?.[field];
  return typeof value === 'string' ? value : '';
}
