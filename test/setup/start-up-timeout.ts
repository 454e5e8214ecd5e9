import { APP_START_TIMEOUT_MS } from '../support/timeouts.js';

// A test file's `beforeAll` starts the app, its fakes and often a first sync: without a timeout of its own it gets
// the 30 s of a test, which a busy machine's start-up outlasts. A file that names a timeout keeps it.
const beforeAllWithTimeout = globalThis.beforeAll;
globalThis.beforeAll = (fn, timeout = APP_START_TIMEOUT_MS) => beforeAllWithTimeout(fn, timeout);
