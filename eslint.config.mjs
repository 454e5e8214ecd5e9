import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import eslint from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// One owner per collection (docs/architecture.md): a collection's schema lives in a `schemas/` folder of the module
// that owns it, and no other module of src/ imports it; they use the owner's providers and plain record types.
// Tests and benchmarks read the collections directly to check the database, so the rule stops at src/.
const src = fileURLToPath(new URL('src/', import.meta.url));
const modules = readdirSync(src, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
const owners = modules.filter((module) =>
  readdirSync(`${src}${module}`, { recursive: true }).some((path) => /(^|[\\/])schemas$/.test(String(path))),
);
const schemaOwnership = [...modules.map((module) => ({ files: [`src/${module}/**/*.ts`], module })), { files: ['src/*.ts'] }].map(
  ({ files, module }) => ({
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: owners
            .filter((owner) => owner !== module)
            .map((owner) => ({
              group: [`**/${owner}/**/schemas/*`],
              message: `${owner}/ owns this collection: use its exported providers and plain record types, not its schema.`,
            })),
        },
      ],
    },
  }),
);

export default tseslint.config(
  // client/src/ is generated from openapi.json (`npm run openapi`), checked by its test and by `tsc -p client`, not linted.
  { ignores: ['dist/', '.e2e-dist/', '.bench-dist/', 'coverage/', 'node_modules/', 'tools/ferretdb/bin/', 'client/src/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.mjs', 'test/setup/*.mjs', 'test/setup/*.cjs'] } },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*'],
    rules: {
      // Assertions on parsed JSON bodies are untyped by nature.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...schemaOwnership,
);
