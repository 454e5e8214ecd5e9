import { leaks } from '../support/secret-scan.js';

// Every e2e file ends by checking that none of its responses carried a secret.
afterAll(() => {
  expect(leaks).toEqual([]);
});
