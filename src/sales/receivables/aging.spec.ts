import { bucketOf, dueDateCondition } from './aging.js';

describe('aged receivable buckets', () => {
  const asOf = '2026-06-30';
  const dueDaysAgo = (days: number) => new Date(Date.parse(`${asOf}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

  it.each([
    [-10, 'not_due'],
    [0, 'not_due'],
    [1, 'days_1_30'],
    [30, 'days_1_30'],
    [31, 'days_31_60'],
    [60, 'days_31_60'],
    [61, 'days_61_90'],
    [90, 'days_61_90'],
    [91, 'days_91_120'],
    [120, 'days_91_120'],
    [121, 'older'],
    [400, 'older'],
  ] as const)('puts an invoice %i days past due in %s, and its due date condition agrees', (days, bucket) => {
    const due = dueDaysAgo(days);
    expect(bucketOf(due, asOf)).toBe(bucket);
    const { $gte, $lte } = dueDateCondition(bucket, asOf);
    expect(($gte === undefined || due >= $gte) && ($lte === undefined || due <= $lte)).toBe(true);
  });

  it('gives adjacent buckets adjacent due date ranges', () => {
    expect(dueDateCondition('not_due', asOf)).toEqual({ $gte: asOf });
    expect(dueDateCondition('days_1_30', asOf)).toEqual({ $gte: dueDaysAgo(30), $lte: dueDaysAgo(1) });
    expect(dueDateCondition('older', asOf)).toEqual({ $lte: dueDaysAgo(121) });
  });
});
