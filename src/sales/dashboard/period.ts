import { HttpStatus } from '@nestjs/common';
import { ApiException } from '../../common/errors/api.exception.js';
import { invalidRange } from '../../common/errors/common-errors.js';
import { today } from '../common/days.js';

export const PERIODS = ['this_month', 'this_quarter', 'this_year', 'last_quarter'] as const;
export type PeriodName = (typeof PERIODS)[number];

/** Calendar days from `from` to `to`, both included, in UTC. */
export interface Period {
  name: PeriodName | 'custom';
  from: string;
  to: string;
}

/** The period a dashboard query names: `period`, or `date_from` with `date_to`; this quarter by default. */
export function periodOf(query: { period?: PeriodName; date_from?: string; date_to?: string }, day = today()): Period {
  const custom = query.date_from !== undefined || query.date_to !== undefined;
  if (custom && (query.period !== undefined || query.date_from === undefined || query.date_to === undefined)) {
    throw new ApiException(HttpStatus.BAD_REQUEST, 'INVALID_PERIOD', 'Give either period, or both date_from and date_to');
  }
  if (custom) {
    if (query.date_from! > query.date_to!) {
      throw invalidRange('date_from/date_to');
    }
    return { name: 'custom', from: query.date_from!, to: query.date_to! };
  }
  const name = query.period ?? 'this_quarter';
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const quarterStart = Math.floor((month - 1) / 3) * 3 + 1;
  switch (name) {
    case 'this_month':
      return { name, ...months(year, month, 1) };
    case 'this_year':
      return { name, ...months(year, 1, 12) };
    case 'last_quarter':
      return quarterStart === 1 ? { name, ...months(year - 1, 10, 3) } : { name, ...months(year, quarterStart - 3, 3) };
    default:
      return { name, ...months(year, quarterStart, 3) };
  }
}

/** `count` months from `year`-`month` (1-based). */
function months(year: number, month: number, count: number): { from: string; to: string } {
  const from = `${year}-${String(month).padStart(2, '0')}-01`;
  const to = new Date(Date.UTC(year, month - 1 + count, 0)).toISOString().slice(0, 10);
  return { from, to };
}
