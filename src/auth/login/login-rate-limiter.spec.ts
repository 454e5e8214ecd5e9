import { accountDelayMs, MAX_ACCOUNT_DELAY_MS } from './login-rate-limiter.service.js';

describe('accountDelayMs', () => {
  it('lets the free failures through at once, then doubles from a quarter second up to a cap of a few seconds', () => {
    const delays = Array.from({ length: 10 }, (_, i) => accountDelayMs(i + 1, 5));
    expect(delays).toEqual([0, 0, 0, 0, 0, 250, 500, 1000, 2000, 3000]);
    expect(MAX_ACCOUNT_DELAY_MS).toBe(3000);
  });

  it('stays at the cap however many failures pile up', () => {
    for (const failures of [12, 100, 10_000, Number.MAX_SAFE_INTEGER]) expect(accountDelayMs(failures, 5)).toBe(MAX_ACCOUNT_DELAY_MS);
  });
});
