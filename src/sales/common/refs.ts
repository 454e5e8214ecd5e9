import type { RefDto } from './ref.dto.js';

/** A many2one as Odoo reads it (`[id, "name"]`, `false` when empty), for display only: reads never filter on it. */
export function refOf(value: unknown): RefDto | null {
  if (!Array.isArray(value) || typeof value[0] !== 'number') return null;
  return { id: value[0], name: typeof value[1] === 'string' ? value[1] : '' };
}

export function textOf(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
