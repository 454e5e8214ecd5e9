import type { KeysetCursor, OdooDomain, OdooRecord } from './odoo.types.js';
import { shiftDatetime } from './odoo-values.js';

export interface KeysetPage {
  records: OdooRecord[];
  /** Everything before this point is in this page or an earlier one: resume from here. */
  cursor: KeysetCursor;
}

export type PageReader = (domain: OdooDomain, order: string) => Promise<OdooRecord[]>;

/**
 * Pages a model by write_date in a way that neither skips nor loops on real Odoo, where PostgreSQL keeps
 * write_date to the microsecond but reads show whole seconds, and one transaction stamps all its records with
 * the same instant (a mass edit of thousands of records shares one write_date).
 *
 * The cursor `(second S, id I)` means: every record written before second S is stored, and so is every record
 * of second S with an id up to I. A second is finished by id (`S <= write_date < S+1, id > I`, order id), which
 * no tie can break; the next records then come by `write_date >= S+1` in write_date order, of which only the
 * seconds the page holds completely are kept: the last second of the page is read again by id.
 */
export async function* keysetPages(read: PageReader, baseDomain: OdooDomain, pageSize: number, after?: KeysetCursor): AsyncGenerator<KeysetPage> {
  let cursor = after;
  for (;;) {
    if (cursor) {
      const inSecond = await read([...baseDomain, ...withinSecond(cursor.writeDate), ['id', '>', cursor.id]], 'id asc');
      if (inSecond.length > 0) {
        cursor = { writeDate: cursor.writeDate, id: inSecond[inSecond.length - 1].id };
        yield { records: inSecond, cursor };
      }
      if (inSecond.length === pageSize) continue;
    }
    const from = cursor ? nextSecond(cursor.writeDate) : undefined;
    const next = await read([...baseDomain, ...(from ? [['write_date', '>=', from] as const] : [])] as OdooDomain, 'write_date asc, id asc');
    if (next.length === 0) return;
    const lastSecond = secondOf(next[next.length - 1]);
    const complete = next.length < pageSize ? next : next.filter((record) => secondOf(record) < lastSecond);
    if (next.length < pageSize) {
      yield { records: complete, cursor: { writeDate: lastSecond, id: Number.MAX_SAFE_INTEGER } };
      return;
    }
    cursor = { writeDate: lastSecond, id: 0 };
    if (complete.length > 0) yield { records: complete, cursor };
  }
}

function secondOf(record: OdooRecord): string {
  return String(record.write_date).slice(0, 19);
}

function withinSecond(second: string): OdooDomain {
  return [
    ['write_date', '>=', second],
    ['write_date', '<', nextSecond(second)],
  ];
}

function nextSecond(second: string): string {
  return shiftDatetime(second, 1);
}
