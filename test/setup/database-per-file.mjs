import { randomBytes } from 'node:crypto';

export const TEST_DATABASE_PREFIX = 'jest_';

// Every test file gets a database of its own, so files never see each other's data. The name carries its
// creation time, so that global setup clears only old ones and test runs side by side leave each other alone.
process.env.DB_NAME = `${TEST_DATABASE_PREFIX}${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
process.env.NODE_ENV = 'test';
// Tests start syncs themselves; the scheduler's own timer stays off unless a test turns it on.
process.env.SYNC_ENABLED ??= 'false';
// A webhook for a record Odoo never shows is read again for this long, not the production minute: tests that post
// such events (the contract fuzzing) wait for the webhook work to end.
process.env.WEBHOOK_RETRY_SECONDS ??= '5';
