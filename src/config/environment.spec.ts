import { InvalidEnvironmentError, validateEnvironment } from './environment.js';

const strongSecret = 'x'.repeat(40);

function problemsOf(env: Record<string, string>): string[] {
  try {
    validateEnvironment(env);
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) return error.problems;
    throw error;
  }
  return [];
}

describe('validateEnvironment', () => {
  it('gives development defaults when nothing is set', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({ NODE_ENV: 'development', PORT: 8001, DB_NAME: 'sales_backend', BODY_LIMIT_BYTES: 1_048_576 });
    expect(env.MONGO_URL).toBeUndefined();
  });

  it('reads numbers from their string form', () => {
    expect(validateEnvironment({ PORT: '9000', BODY_LIMIT_BYTES: '4096' })).toMatchObject({ PORT: 9000, BODY_LIMIT_BYTES: 4096 });
  });

  it('requires MONGO_URL, JWT_SECRET and SECRETS_ENCRYPTION_KEY in production, one line per problem', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      expect.stringContaining('MONGO_URL must be set in production'),
      expect.stringContaining('JWT_SECRET must be set in production'),
      expect.stringContaining('SECRETS_ENCRYPTION_KEY must be set in production'),
    ]);
  });

  it('asks for ADMIN_PASSWORD with ADMIN_EMAIL, and a well-formed encryption key', () => {
    expect(problemsOf({ ADMIN_EMAIL: 'root@example.com' })).toEqual([expect.stringContaining('ADMIN_PASSWORD must be set')]);
    expect(problemsOf({ SECRETS_ENCRYPTION_KEY: 'short' })).toEqual([expect.stringContaining('64 hex characters')]);
  });

  it('refuses a placeholder or short JWT_SECRET in production', () => {
    const base = { NODE_ENV: 'production', MONGO_URL: 'mongodb://db:27017', SECRETS_ENCRYPTION_KEY: 'ab'.repeat(32) };
    expect(problemsOf({ ...base, JWT_SECRET: 'your-secret-key' })).toEqual([
      expect.stringContaining('at least 32 characters'),
      expect.stringContaining('placeholder'),
    ]);
    expect(problemsOf({ ...base, JWT_SECRET: strongSecret })).toEqual([]);
  });

  it('names each invalid variable', () => {
    const problems = problemsOf({ PORT: 'eighty', NODE_ENV: 'staging', BACKEND_URL: 'not a url' });
    expect(problems.some((p) => p.startsWith('PORT'))).toBe(true);
    expect(problems.some((p) => p.startsWith('NODE_ENV'))).toBe(true);
    expect(problems.some((p) => p.startsWith('BACKEND_URL'))).toBe(true);
    expect(problems).toHaveLength(3);
  });

  it('refuses an ADMIN_PASSWORD under 12 characters or on the list of common passwords, without repeating it', () => {
    const admin = { ADMIN_EMAIL: 'root@example.com' };
    expect(problemsOf({ ...admin, ADMIN_PASSWORD: 'elevenchars' })).toEqual(['ADMIN_PASSWORD must be at least 12 characters long']);
    expect(problemsOf({ ...admin, ADMIN_PASSWORD: 'Password1234' })).toEqual([expect.stringMatching(/^ADMIN_PASSWORD is too common/)]);
    expect(problemsOf({ ...admin, ADMIN_PASSWORD: 'a passphrase of my own' })).toEqual([]);
  });

  it('ends sessions 12 hours after sign-in unless SESSION_MAX_AGE_SECONDS says otherwise, a minute at the least', () => {
    expect(validateEnvironment({}).SESSION_MAX_AGE_SECONDS).toBe(43_200);
    expect(validateEnvironment({ SESSION_MAX_AGE_SECONDS: '3600' }).SESSION_MAX_AGE_SECONDS).toBe(3600);
    for (const value of ['30', 'half a day', '1.5']) {
      expect(problemsOf({ SESSION_MAX_AGE_SECONDS: value })).toEqual([expect.stringMatching(/^SESSION_MAX_AGE_SECONDS/)]);
    }
  });

  it('treats empty strings as unset, as .env files write them', () => {
    expect(validateEnvironment({ ODOO_WEBHOOK_SECRET: '', MONGO_URL: '' }).MONGO_URL).toBeUndefined();
  });

  it('serves the API docs by default in development and tests, not in production, unless API_DOCS_ENABLED says so', () => {
    const production = { NODE_ENV: 'production', MONGO_URL: 'mongodb://db:27017', JWT_SECRET: strongSecret, SECRETS_ENCRYPTION_KEY: 'ab'.repeat(32) };
    expect(validateEnvironment({}).API_DOCS_ENABLED).toBe(true);
    expect(validateEnvironment({ NODE_ENV: 'test' }).API_DOCS_ENABLED).toBe(true);
    expect(validateEnvironment(production).API_DOCS_ENABLED).toBe(false);
    expect(validateEnvironment({ ...production, API_DOCS_ENABLED: '' }).API_DOCS_ENABLED).toBe(false);
    expect(validateEnvironment({ ...production, API_DOCS_ENABLED: 'true' }).API_DOCS_ENABLED).toBe(true);
    expect(validateEnvironment({ API_DOCS_ENABLED: 'false' }).API_DOCS_ENABLED).toBe(false);
    expect(problemsOf({ API_DOCS_ENABLED: 'yes' })).toEqual([expect.stringMatching(/^API_DOCS_ENABLED/)]);
  });

  it('serves no metrics unless METRICS_PORT names a port of its own', () => {
    expect(validateEnvironment({}).METRICS_PORT).toBeUndefined();
    expect(validateEnvironment({ METRICS_PORT: '' }).METRICS_PORT).toBeUndefined();
    expect(validateEnvironment({ METRICS_PORT: '9464' }).METRICS_PORT).toBe(9464);
    for (const value of ['0', '65536', 'metrics', '94.64']) {
      expect(problemsOf({ METRICS_PORT: value })).toEqual([expect.stringMatching(/^METRICS_PORT/)]);
    }
    expect(problemsOf({ PORT: '9464', METRICS_PORT: '9464' })).toEqual(['METRICS_PORT must differ from PORT']);
  });
});
