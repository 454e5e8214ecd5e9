import type { DestinationStream } from 'pino';
import { NodeEnvironment } from '../../src/config/environment.js';
import { logDestination } from '../../src/logging/logger-options.js';
import { scanLogLine } from './secret-scan.js';

const SHOWN = new Set(['warn', 'error', 'fatal']);
const shown = logDestination({ NODE_ENV: NodeEnvironment.Development }, process.stderr);
const listeners = new Set<(line: string) => void>();

/**
 * Where the apps of the e2e suite log (see test-app.ts): every line is scanned for secrets, and a leak fails the test
 * file; warnings and errors are printed, readably, as they come.
 */
export const testLog: DestinationStream = {
  write(line: string) {
    scanLogLine(line);
    for (const listener of listeners) listener(line);
    if (SHOWN.has((JSON.parse(line) as { level: string }).level)) shown.write(line);
  },
};

/** Hands every line logged from now on to `listener`, until the returned function is called. */
export function onLogLine(listener: (line: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
