/**
 * ESLint: the layering of the repository as a check, plus typescript-eslint's recommended rules.
 * Formatting is Prettier's (eslint-config-prettier turns off the rules that would fight it).
 *
 * The layers (docs/architecture.md):
 * - a subgraph wraps one system and never imports another subgraph, the stand-ins (`systems/`),
 *   the gateway or the demo data (`seed/`) — so pointing it at a real system or database brings
 *   nothing invented with it;
 * - the gateway knows the subgraphs only by URL and SDL: it imports no subgraph and no stand-in;
 * - the stand-ins play the existing systems and never import our subgraphs;
 * - `lib/` is shared by all and imports none of them.
 * Tests may reach across (a test stack wires everything), so the rules apply to product files.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';

/** Test files and test-only support: the same files the production build leaves out. */
const TESTS = ['**/*.test.ts', '**/*-suite.ts', '**/test-support.ts', 'test/**', 'bench/**'];
const SUBGRAPHS = ['audit', 'client-records', 'providers', 'vouchers'];

const zone = (target, from, message, except) => ({ target, from, message, ...(except ? { except } : {}) });

const layerZones = [
  ...SUBGRAPHS.map((name) =>
    zone(`./subgraphs/${name}`, './subgraphs', 'a subgraph never imports another subgraph: talk to it through the gateway or its system', [
      `./${name}`,
    ]),
  ),
  zone('./subgraphs', './seed', 'subgraphs import nothing from seed/: demo data belongs to the development stack and `npm run seed`'),
  zone('./subgraphs', './systems', 'subgraphs reach the existing systems only through their clients in lib/, never the stand-ins'),
  zone('./subgraphs', './gateway', 'subgraphs never import the gateway'),
  zone('./gateway', './subgraphs', 'the gateway knows subgraphs only by URL and SDL'),
  zone('./gateway', './systems', 'the gateway never imports the stand-ins'),
  zone('./gateway', './seed', 'the gateway never imports demo data'),
  zone('./systems', './subgraphs', 'the stand-ins play the existing systems and never import our subgraphs'),
  zone('./systems', './gateway', 'the stand-ins never import the gateway'),
  zone('./lib', './subgraphs', 'lib/ is shared by every part and imports none of them'),
  zone('./lib', './gateway', 'lib/ is shared by every part and imports none of them'),
  zone('./lib', './systems', 'lib/ is shared by every part and imports none of them'),
  zone('./lib', './seed', 'lib/ is shared by every part and imports none of them'),
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '**/__generated__/**', 'coverage/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
      'import-x/no-cycle': 'off',
      // GraphQL results and federation references are untyped at the edges; `any` is used there on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // Tests wire the whole stack and may reach across the layers.
    files: TESTS,
    rules: { 'import-x/no-restricted-paths': 'off', 'no-useless-assignment': 'off' },
  },
  prettier,
);
