import { periodOf } from './period.js';

describe('dashboard periods', () => {
  it('names calendar periods around a day, in UTC', () => {
    expect(periodOf({}, '2026-11-24')).toEqual({ name: 'this_quarter', from: '2026-10-01', to: '2026-12-31' });
    expect(periodOf({ period: 'this_month' }, '2024-02-10')).toEqual({ name: 'this_month', from: '2024-02-01', to: '2024-02-29' });
    expect(periodOf({ period: 'this_year' }, '2026-05-31')).toEqual({ name: 'this_year', from: '2026-01-01', to: '2026-12-31' });
    expect(periodOf({ period: 'last_quarter' }, '2026-05-31')).toEqual({ name: 'last_quarter', from: '2026-01-01', to: '2026-03-31' });
    expect(periodOf({ period: 'last_quarter' }, '2026-01-01')).toEqual({ name: 'last_quarter', from: '2025-10-01', to: '2025-12-31' });
  });

  it('takes a custom range only whole and in order', () => {
    expect(periodOf({ date_from: '2026-01-15', date_to: '2026-01-15' })).toEqual({ name: 'custom', from: '2026-01-15', to: '2026-01-15' });
    expect(() => periodOf({ date_from: '2026-01-15' })).toThrow('both date_from and date_to');
    expect(() => periodOf({ period: 'this_year', date_from: '2026-01-01', date_to: '2026-02-01' })).toThrow('either period');
    expect(() => periodOf({ date_from: '2026-02-01', date_to: '2026-01-01' })).toThrow('lower bound');
  });
});
