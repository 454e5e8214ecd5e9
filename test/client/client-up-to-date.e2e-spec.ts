import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@hey-api/openapi-ts';
import { clientConfig } from '../../client/openapi-ts.config.js';

const COMMITTED = path.resolve(import.meta.dirname, '../../client/src');

async function filesOf(folder: string): Promise<Record<string, string>> {
  const names = (await readdir(folder, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  const files = await Promise.all(
    names.map(async (entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return [path.relative(folder, file), await readFile(file, 'utf8')] as const;
    }),
  );
  return Object.fromEntries(files.sort(([a], [b]) => a.localeCompare(b)));
}

describe('the typed client in client/', () => {
  let generated: string;

  beforeAll(async () => {
    generated = await mkdtemp(path.join(tmpdir(), 'client-'));
  });
  afterAll(() => rm(generated, { recursive: true, force: true }));

  it('is committed exactly as openapi.json generates it (run `npm run openapi` after changing the spec)', async () => {
    await createClient({ ...clientConfig(generated), logs: { level: 'silent', file: false } });
    const expected = await filesOf(generated);
    expect(Object.keys(expected)).toContain('sdk.gen.ts');
    expect(await filesOf(COMMITTED)).toEqual(expected);
  });
});
