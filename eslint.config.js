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
import globals from 'globals';

/** Test files and test-only support: the same files the production build leaves out. */
const TESTS = ['**/*.test.ts', '**/*-suite.ts', '**/test-support.ts', 'test/**', 'bench/**'];
const SUBGRAPHS = ['audit', 'client-records', 'providers', 'vouchers'];

/**
 * An import that climbs out of its folder into one of `folders` at the top of the repository (or,
 * from inside subgraphs/, into a sibling subgraph). Imports are relative and end in `.js`, so the
 * path as written names the folder it reaches. (eslint-plugin-import-x would resolve paths, but
 * its native resolver has no builds for every platform in the registry, so `npm ci` cannot lock it.)
 */
const into = (folders, message) => ({ regex: `^(\\.\\./)+(${folders.join('|')})/`, message });
const layer = (files, ...patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });

const layers = [
  ...SUBGRAPHS.map((name) =>
    layer(
      [`subgraphs/${name}/**/*.ts`],
      into(
        SUBGRAPHS.filter((other) => other !== name).flatMap((other) => [other, `subgraphs/${other}`]),
        'a subgraph never imports another subgraph: talk to it through the gateway or its system',
      ),
      into(['seed'], 'subgraphs import nothing from seed/: demo data belongs to the development stack and `npm run seed`'),
      into(['systems'], 'subgraphs reach the existing systems only through their clients in lib/, never the stand-ins'),
      into(['gateway'], 'subgraphs never import the gateway'),
    ),
  ),
  layer(
    ['gateway/**/*.ts'],
    into(['subgraphs', 'systems'], 'the gateway knows subgraphs only by URL and SDL, and never imports the stand-ins'),
    into(['seed'], 'the gateway never imports demo data'),
  ),
  layer(
    ['systems/**/*.ts'],
    into(['subgraphs', 'gateway'], 'the stand-ins play the existing systems and never import our subgraphs or gateway'),
  ),
  layer(['lib/**/*.ts'], into(['subgraphs', 'gateway', 'systems', 'seed'], 'lib/ is shared by every part and imports none of them')),
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '**/__generated__/**', 'coverage/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
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
  ...layers,
  {
    // Tests wire the whole stack and may reach across the layers.
    files: TESTS,
    rules: { 'no-restricted-imports': 'off', 'no-useless-assignment': 'off' },
  },
  prettier,
);
