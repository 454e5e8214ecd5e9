import { readFileSync } from 'node:fs';

// The e2e suite compiles with the same Swagger plugin options as `nest build`, so the OpenAPI document
// the tests generate is the one the build serves.
const nestCli = JSON.parse(readFileSync(new URL('./nest-cli.json', import.meta.url), 'utf8'));
const swaggerPlugin = nestCli.compilerOptions.plugins.find((plugin) => plugin.name === '@nestjs/swagger');

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        useESM: true,
        tsconfig: 'tsconfig.jest.json',
        astTransformers: { before: [{ path: '<rootDir>/test/setup/swagger-transformer.cjs', options: swaggerPlugin.options }] },
      },
    ],
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/support/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/setup/global-setup.mjs',
  globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
  setupFiles: ['<rootDir>/test/setup/database-per-file.mjs'],
  setupFilesAfterEnv: [
    '<rootDir>/test/setup/start-up-timeout.ts',
    '<rootDir>/test/setup/no-secrets-in-responses.ts',
    '<rootDir>/test/setup/queries-use-indexes.ts',
  ],
  testTimeout: 30_000,
  maxWorkers: 2,
};
