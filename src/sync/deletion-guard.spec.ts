import { exceedsDeletionGuard } from './deletion-guard.js';

describe('the mass-deletion guard (SYNC_MAX_DELETE_RATIO, floor of 10 records)', () => {
  it('lets deletions through up to exactly the ratio, and withholds one more', () => {
    // 25 % of 80 live records is 20.
    expect(exceedsDeletionGuard(20, 80, 0.25)).toBe(false);
    expect(exceedsDeletionGuard(21, 80, 0.25)).toBe(true);
    // The default ratio of 0.2 on 100 records.
    expect(exceedsDeletionGuard(20, 100, 0.2)).toBe(false);
    expect(exceedsDeletionGuard(21, 100, 0.2)).toBe(true);
  });

  it('lets up to 10 deletions through whatever the ratio, and withholds the 11th past it', () => {
    // 10 % of 50 live records is 5: the floor decides between 5 and 10.
    expect(exceedsDeletionGuard(6, 50, 0.1)).toBe(false);
    expect(exceedsDeletionGuard(10, 50, 0.1)).toBe(false);
    expect(exceedsDeletionGuard(11, 50, 0.1)).toBe(true);
    // Even every record of a small entity.
    expect(exceedsDeletionGuard(10, 10, 0.2)).toBe(false);
  });

  it('withholds deleting everything of an entity larger than the floor', () => {
    expect(exceedsDeletionGuard(11, 11, 0.2)).toBe(true);
    expect(exceedsDeletionGuard(1000, 1000, 0.99)).toBe(true);
  });

  it('lets everything through with a ratio of 1', () => {
    expect(exceedsDeletionGuard(1000, 1000, 1)).toBe(false);
  });
});
