/** How long connecting to a server may take, the driver's 30 s default being too long to notice a dead one. */
export const CONNECT_TIMEOUT_MS = 5_000;
/** The driver's default: how often each server is checked. */
export const HEARTBEAT_FREQUENCY_MS = 10_000;
/** Fail a request within seconds while the database is away, instead of the driver's 30 s default. */
export const SERVER_SELECTION_TIMEOUT_MS = 5_000;
