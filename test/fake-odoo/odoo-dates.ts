// Odoo's server formats (odoo/tools/misc.py DEFAULT_SERVER_DATE_FORMAT / DEFAULT_SERVER_DATETIME_FORMAT), UTC.

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const DATETIME_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, value) => String(value).padStart(2, '0'));
// Formatting runs millions of times when a dataset is generated: each day and each time of day is formatted
// once, and a datetime is the concatenation of the two cached halves.
const dayTexts = new Map<number, string>();
const dayPrefixes = new Map<number, string>();
const timeTexts: string[] = [];

function dayText(day: number): string {
  let text = dayTexts.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayTexts.set(day, text);
    dayPrefixes.set(day, `${text} `);
  }
  return text;
}

function timeText(secondOfDay: number): string {
  let text = timeTexts[secondOfDay];
  if (text === undefined) {
    const hours = Math.floor(secondOfDay / 3600);
    const minutes = Math.floor((secondOfDay - hours * 3600) / 60);
    text = `${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[secondOfDay % 60]}`;
    timeTexts[secondOfDay] = text;
  }
  return text;
}

/** "2026-11-24 10:00:00" */
export function formatDatetime(moment: Date): string {
  const seconds = Math.floor(moment.getTime() / 1000);
  const day = Math.floor(seconds / 86_400);
  dayText(day);
  return (dayPrefixes.get(day) as string) + timeText(seconds - day * 86_400);
}

/** "2026-11-24 10:00:00.123000": how Postgres keeps a write_date with sub-second precision. */
export function formatDatetimeMicros(moment: Date): string {
  return `${formatDatetime(moment)}.${String(moment.getUTCMilliseconds() * 1000).padStart(6, '0')}`;
}

/** "2026-11-24" */
export function formatDate(moment: Date): string {
  return dayText(Math.floor(moment.getTime() / DAY_MS));
}

export function parseDatetime(value: string): Date {
  return new Date(`${value.slice(0, 19).replace(' ', 'T')}Z`);
}

export function addDays(moment: Date, days: number): Date {
  return new Date(moment.getTime() + days * DAY_MS);
}

export function addSeconds(moment: Date, seconds: number): Date {
  return new Date(moment.getTime() + seconds * 1000);
}

/** A datetime as the ORM returns it: Odoo reads datetimes to the second. */
export function truncateToSeconds(value: string): string {
  return value.length > 19 ? value.slice(0, 19) : value;
}

/** Accepts the values Odoo accepts for a Date written over RPC. */
export function isDateString(value: string): boolean {
  return DATE_PATTERN.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

export function isDatetimeString(value: string): boolean {
  return DATETIME_PATTERN.test(value) && !Number.isNaN(parseDatetime(value).getTime());
}
