import { appendFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { ALLOWED_QUERIES, TESTS_OWN_QUERIES, UNINDEXED_RANGES } from './allowed-queries.js';
import { collectionOf, onCommand } from './command-log.js';
import { covered, declaredIndexes, describe, queriesIn, type IndexSpec, type Query } from './index-coverage.js';

/** Queries no declared index serves, each named once (see test/setup/queries-use-indexes.ts). */
export const uncoveredQueries: string[] = [];

/**
 * Checks every query the app sends against the indexes its schemas declare (see index-coverage.ts). With
 * QUERY_COVERAGE_LOG set to a file, each query is also written there, ok or NO, to review them all.
 */
export function checkQueries(app: INestApplicationContext): void {
  const indexes = declaredIndexes(app.get<Connection>(getConnectionToken()));
  onCommand(app, (name, command) => {
    const collection = collectionOf(command);
    if (!collection) return;
    for (const query of queriesIn(name, command, collection)) {
      const described = describe(query);
      const ok = accepted(query, described, indexes.get(collection) ?? []);
      if (process.env.QUERY_COVERAGE_LOG) appendFileSync(process.env.QUERY_COVERAGE_LOG, `${ok ? 'ok ' : 'NO '}${described}\n`);
      if (!ok && !uncoveredQueries.includes(described)) uncoveredQueries.push(described);
    }
  });
}

function accepted(query: Query, described: string, indexes: IndexSpec[]): boolean {
  if (TESTS_OWN_QUERIES.includes(described)) return true;
  if (ALLOWED_QUERIES.some((exception) => exception.collection === query.collection && exception.matches(query))) return true;
  const unindexed = UNINDEXED_RANGES.filter((entry) => entry.collection === query.collection).flatMap((entry) => entry.fields);
  return covered(query, indexes, unindexed);
}
