import { appendFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { ALLOWED_QUERIES, UNINDEXED_RANGES } from './allowed-queries.js';
import { collectionOf, onCommand } from './command-log.js';
import { covered, declaredIndexes, describe, queriesIn, type Query } from './index-coverage.js';

/** Queries no declared index serves, each named once (see test/setup/index-coverage.ts). */
export const uncoveredQueries: string[] = [];

/** Checks every query the app sends against the indexes its schemas declare (see index-coverage.ts). */
export function checkQueries(app: INestApplicationContext): void {
  const indexes = declaredIndexes(app.get<Connection>(getConnectionToken()));
  onCommand(app, (name, command) => {
    const collection = collectionOf(command);
    if (!collection) return;
    for (const query of queriesIn(name, command, collection)) {
      const ok = allowed(query) || covered(query, indexes.get(collection) ?? [], unindexedRanges(collection));
      const described = describe(query);
      if (process.env.QUERY_COVERAGE_LOG) appendFileSync(process.env.QUERY_COVERAGE_LOG, `${ok ? 'ok ' : 'NO '}${described}\n`);
      if (!ok && !uncoveredQueries.includes(described)) uncoveredQueries.push(described);
    }
  });
}

function unindexedRanges(collection: string): string[] {
  return UNINDEXED_RANGES.filter((entry) => entry.collection === collection).flatMap((entry) => entry.fields);
}

function allowed(query: Query): boolean {
  return ALLOWED_QUERIES.some((exception) => exception.collection === query.collection && exception.matches(query));
}
