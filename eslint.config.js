// ESLint: TypeScript rules plus the layer import rules from shared/DESIGN.md ("folders are layers").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';

/** Which layers each layer may import (itself always included). Components never import each other. */
const LAYERS = {
  util: [],
  api: ['util'],
  storage: ['util'],
  apiserver: ['api', 'storage', 'util'],
  client: ['api', 'util'],
  controllers: ['api', 'client', 'util'],
  scheduler: ['api', 'client', 'util'],
  kubelet: ['api', 'client', 'util'],
  proxy: ['api', 'client', 'util'],
  dns: ['api', 'client', 'util'],
  ingress: ['api', 'client', 'util'],
  metrics: ['api', 'client', 'util'],
  cli: ['util', 'api', 'storage', 'apiserver', 'client', 'controllers', 'scheduler', 'kubelet', 'proxy', 'dns',
    'ingress', 'metrics'],
  // Tests and benchmarks drive the whole program from outside.
  test: ['*'],
  bench: ['*'],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'kts-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain JavaScript (bin/, tools/) runs on Node.
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', Buffer: 'readonly', URL: 'readonly', console: 'readonly' } },
  },
  {
    files: ['**/*.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { typescript: { project: './tsconfig.json' } },
      'boundaries/elements': [
        ...Object.keys(LAYERS)
          .filter((l) => l !== 'test' && l !== 'bench')
          .map((l) => ({ type: l, pattern: `src/${l}` })),
        { type: 'test', pattern: 'test' },
        { type: 'bench', pattern: 'bench' },
      ],
    },
    rules: {
      'boundaries/dependencies': [2, {
        default: 'disallow',
        policies: Object.entries(LAYERS).map(([from, to]) => ({
          from: { element: { type: from } },
          allow: { to: { element: { types: { anyOf: to.includes('*') ? Object.keys(LAYERS) : [from, ...to] } } } },
        })),
      }],
      'boundaries/no-unknown-files': 2,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] },
      ],
    },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
);
