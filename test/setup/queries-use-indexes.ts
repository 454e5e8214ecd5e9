import { uncoveredQueries } from '../support/query-coverage.js';

// Every e2e file ends by checking that an index its schemas declare served each query its apps sent.
afterAll(() => {
  if (uncoveredQueries.length === 0) return;
  throw new Error(
    'No index the schemas declare serves these queries: add one, change the query, or allow it in ' +
      `test/support/allowed-queries.ts with the reason.\n${uncoveredQueries.join('\n')}`,
  );
});
