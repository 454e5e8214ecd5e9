/** The mass-deletion guard ignores runs that would delete no more than this many records. */
const DELETE_GUARD_FLOOR = 10;

/**
 * Whether deleting `gone` of `active` live records looks like a broken read rather than real deletions: more than
 * the floor, and more than `maxDeleteRatio` (SYNC_MAX_DELETE_RATIO) of the live records.
 */
export function exceedsDeletionGuard(gone: number, active: number, maxDeleteRatio: number): boolean {
  return gone > DELETE_GUARD_FLOOR && gone > active * maxDeleteRatio;
}
