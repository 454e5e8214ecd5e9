/** A run was asked for while one is going on some instance (it holds the lease). */
export class SyncAlreadyRunningError extends Error {
  constructor(
    readonly syncId: string,
    readonly instance: string,
  ) {
    super(`A sync is already running: ${syncId}`);
  }
}
