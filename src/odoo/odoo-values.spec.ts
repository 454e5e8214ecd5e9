import { shiftDatetime } from './odoo-values.js';

describe('shiftDatetime', () => {
  it('moves an Odoo datetime across minute, day and year boundaries', () => {
    expect(shiftDatetime('2026-12-31 23:59:59', 1)).toBe('2027-01-01 00:00:00');
    expect(shiftDatetime('2026-03-01 00:04:00', -300)).toBe('2026-02-28 23:59:00');
  });

  it('refuses what is not an Odoo datetime', () => {
    expect(() => shiftDatetime('false', 1)).toThrow('Not an Odoo datetime');
  });
});
