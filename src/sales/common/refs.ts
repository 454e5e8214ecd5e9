import { many2oneId, many2oneName } from '../../odoo/odoo-values.js';
import type { RefDto } from './ref.dto.js';

/** A many2one as Odoo reads it (`[id, "name"]`, `false` when empty), for display only: reads never filter on it. */
export function refOf(value: unknown): RefDto | null {
  const id = many2oneId(value);
  return id === null ? null : { id, name: many2oneName(value) ?? '' };
}
