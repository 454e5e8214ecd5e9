import { ApiException } from '../common/errors/api.exception.js';
import { parseEvents } from './webhook-events.js';

const lead = { _model: 'crm.lead', _id: 7, _action: 'Send Webhook Notification(#3)' };

describe('parseEvents: write_date', () => {
  it.each([
    ['as read() prints it, to the second', '2026-11-24 10:00:00', '2026-11-24 10:00:00'],
    ['with the microseconds str(datetime) adds', '2026-11-24 10:00:00.123456', '2026-11-24 10:00:00'],
    ['ISO-spelled', '2026-11-24T10:00:00', '2026-11-24 10:00:00'],
    ['empty, as Odoo sends an empty datetime', false, null],
    ['not sent', undefined, null],
  ])('takes a write_date %s', (_case, writeDate, expected) => {
    expect(parseEvents({ ...lead, write_date: writeDate })).toEqual([{ model: 'crm.lead', id: 7, action: 'Send Webhook Notification(#3)', writeDate: expected }]);
  });

  it.each([['a word', 'yesterday'], ['a date without a time', '2026-11-24'], ['a number', 1_795_000_000]])('refuses %s with a 400 naming the field', (_case, writeDate) => {
    const thrown = catchError(() => parseEvents([lead, { ...lead, write_date: writeDate }]));
    expect(thrown).toBeInstanceOf(ApiException);
    expect(thrown).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: '1.write_date', errors: [expect.stringContaining('write_date')] }] });
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
