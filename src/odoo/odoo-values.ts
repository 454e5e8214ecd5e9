/** Reading Odoo's wire values: many2one `[id, "name"]`, `false` for empty, `YYYY-MM-DD HH:MM:SS` UTC datetimes. */

export function many2oneId(value: unknown): number | null {
  return Array.isArray(value) && typeof value[0] === 'number' ? value[0] : null;
}

export function many2oneName(value: unknown): string | null {
  return Array.isArray(value) && typeof value[1] === 'string' ? value[1] : null;
}

export function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export function number(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Money as integer cents, so that sums over a million records stay exact. */
export function cents(value: unknown): number | null {
  const amount = number(value);
  return amount === null ? null : Math.round(amount * 100);
}

/** An Odoo datetime (UTC, no zone) as a Date. */
export function datetime(value: unknown): Date | null {
  const raw = text(value);
  if (!raw) return null;
  const date = new Date(`${raw.replace(' ', 'T')}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** An Odoo datetime moved by some seconds, written back as Odoo writes it (`YYYY-MM-DD HH:MM:SS`, UTC). */
export function shiftDatetime(value: string, seconds: number): string {
  const moment = datetime(value);
  if (!moment) throw new Error(`Not an Odoo datetime: ${value}`);
  return odooDatetime(new Date(moment.getTime() + seconds * 1000));
}

/** A moment as Odoo writes datetimes: UTC, to the second, `YYYY-MM-DD HH:MM:SS`. */
export function odooDatetime(moment: Date): string {
  return moment.toISOString().slice(0, 19).replace('T', ' ');
}

/** An Odoo date (`YYYY-MM-DD`) kept as that string: it sorts and compares as a date. */
export function day(value: unknown): string | null {
  const raw = text(value);
  return raw && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : null;
}

export function lowerText(...parts: (string | null)[]): string {
  return parts.filter(Boolean).join(' ').toLowerCase();
}
