import { addDays, daysBetween } from '../common/days.js';

/**
 * The columns of Odoo's aged receivable report: not yet due (due on or after the as-of date), then by days
 * past the due date: 1-30, 31-60, 61-90, 91-120, older.
 */
export const AGING_BUCKETS = ['not_due', 'days_1_30', 'days_31_60', 'days_61_90', 'days_91_120', 'older'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/** Days past due of each bucket, from and to (included); null for open-ended. */
const DAYS_PAST_DUE: Record<AgingBucket, [number | null, number | null]> = {
  not_due: [null, 0],
  days_1_30: [1, 30],
  days_31_60: [31, 60],
  days_61_90: [61, 90],
  days_91_120: [91, 120],
  older: [121, null],
};

export function daysOverdue(dueDate: string, asOf: string): number {
  return daysBetween(dueDate, asOf);
}

export function bucketOf(dueDate: string | null | undefined, asOf: string): AgingBucket {
  if (!dueDate) return 'not_due';
  const days = daysOverdue(dueDate, asOf);
  return AGING_BUCKETS.find((bucket) => {
    const [from, to] = DAYS_PAST_DUE[bucket];
    return (from === null || days >= from) && (to === null || days <= to);
  })!;
}

/** The `due_date` condition of a bucket: more days past due is an earlier due date. */
export function dueDateCondition(bucket: AgingBucket, asOf: string): Record<string, string> {
  const [from, to] = DAYS_PAST_DUE[bucket];
  const condition: Record<string, string> = {};
  if (to !== null) condition.$gte = addDays(asOf, -to);
  if (from !== null) condition.$lte = addDays(asOf, -from);
  return condition;
}
