/**
 * How long a test file's `beforeAll` may take to start the app (and its fake Odoo, and a first sync): on a busy
 * machine (2 cores at a load of 4) start-up alone outlasts the 30 s a test gets.
 */
export const APP_START_TIMEOUT_MS = 120_000;
