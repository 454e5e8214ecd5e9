/** Calendar days as `YYYY-MM-DD` strings in UTC: how the sync stores Odoo dates, so they compare as strings. */

const DAY_MS = 86_400_000;

export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function dayOf(moment: Date): string {
  return moment.toISOString().slice(0, 10);
}

export function today(): string {
  return dayOf(new Date());
}

export function addDays(day: string, days: number): string {
  return dayOf(new Date(startOf(day).getTime() + days * DAY_MS));
}

/** Midnight UTC at the start of the day. */
export function startOf(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((startOf(to).getTime() - startOf(from).getTime()) / DAY_MS);
}

/** `YYYY-MM` */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}
