import { fileURLToPath } from 'node:url';
import type { UserConfig } from '@hey-api/openapi-ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The client generated from the committed openapi.json into `output`: types, one SDK function per operation, and
 * the fetch client they call (exported too, to set the base URL and token), with nothing to install beside them.
 */
export function clientConfig(output: string): UserConfig {
  return {
    input: here('../openapi.json'),
    // `.js` in relative imports, which both the project's `nodenext` type check and bundlers resolve.
    output: { path: output, module: { extension: '.js' } },
    plugins: [{ name: '@hey-api/client-fetch', includeInEntry: true }, '@hey-api/typescript', '@hey-api/sdk'],
    logs: { file: false },
  };
}

/** `npm run openapi` writes src/; test/client/client-up-to-date.e2e-spec.ts fails when src/ differs from this. */
export default clientConfig(here('src'));
