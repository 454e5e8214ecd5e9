import { FakeEntraId } from '../fakes/fake-entra-id.js';

/** The tenant and app registration (client id) Microsoft sign-in is configured with in the tests. */
export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const CLIENT_ID = '6e74172b-be56-4843-9ff4-e66a39bb12e3';
/** A tenant the app does not trust. */
export const OTHER_TENANT = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';

/**
 * A fake Entra ID, with Microsoft sign-in set to it (and `env`) in process.env. ConfigModule reads process.env when
 * AppModule is first imported: call this before importing the app.
 */
export async function startFakeEntraId(env: Record<string, string> = {}): Promise<FakeEntraId> {
  const fake = await FakeEntraId.start();
  Object.assign(process.env, { MS_CLIENT_ID: CLIENT_ID, MS_TENANT_ID: TENANT, MS_AUTHORITY_HOST: fake.host, ...env });
  delete process.env.MS_API_SCOPE;
  return fake;
}
