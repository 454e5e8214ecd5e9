import { writeDecision } from './write-decision.js';

describe("the data-lake writer's decision for one record read from Odoo", () => {
  const stored = (hash: string, writeDate: string | undefined, active = true) => ({ hash, writeDate, active });

  it('inserts a record it has never stored', () => {
    expect(writeDecision(undefined, 'h1', '2026-05-01 10:00:00')).toBe('inserted');
    expect(writeDecision(undefined, 'h1', undefined)).toBe('inserted');
  });

  it('leaves a live record with the same content alone, whatever its write_date', () => {
    expect(writeDecision(stored('h1', '2026-05-01 10:00:00'), 'h1', '2026-05-01 10:00:00')).toBe('unchanged');
    expect(writeDecision(stored('h1', '2026-05-02 10:00:00'), 'h1', '2026-05-01 10:00:00')).toBe('unchanged');
  });

  it('rewrites a live record whose content changed, at the same or a later write_date', () => {
    expect(writeDecision(stored('h1', '2026-05-01 10:00:00'), 'h2', '2026-05-01 10:00:01')).toBe('updated');
    expect(writeDecision(stored('h1', '2026-05-01 10:00:00'), 'h2', '2026-05-01 10:00:00')).toBe('updated');
  });

  it('skips a version older than the stored one: a webhook stored a newer one meanwhile', () => {
    expect(writeDecision(stored('h1', '2026-05-01 10:00:01'), 'h2', '2026-05-01 10:00:00')).toBe('stale');
    expect(writeDecision(stored('h1', '2026-05-01 10:00:01', false), 'h1', '2026-05-01 10:00:00')).toBe('stale');
  });

  it('rewrites when either write_date is unknown', () => {
    expect(writeDecision(stored('h1', undefined), 'h2', '2026-05-01 10:00:00')).toBe('updated');
    expect(writeDecision(stored('h1', '2026-05-01 10:00:00'), 'h2', undefined)).toBe('updated');
  });

  it('restores a soft-deleted record seen in Odoo again, even with the same content', () => {
    expect(writeDecision(stored('h1', '2026-05-01 10:00:00', false), 'h1', '2026-05-01 10:00:00')).toBe('restored');
    expect(writeDecision(stored('h1', '2026-05-01 10:00:00', false), 'h2', '2026-05-03 10:00:00')).toBe('restored');
    expect(writeDecision(stored('h1', undefined, false), 'h2', undefined)).toBe('restored');
  });
});
