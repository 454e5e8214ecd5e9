/** The error codes of the sync's admin routes. */
export const SYNC_ERRORS = ['SYNC_NOT_FOUND', 'SYNC_RUNNING'] as const;
