/**
 * `npm run build`, after tsc: copies into dist/ the files the code reads at run time that tsc
 * does not emit — the SDL (schema/*.graphql, read by lib/subgraphs.ts and gateway/server.ts
 * relative to their own module), the voucher system's openapi.yaml, generated JSON, and any
 * other non-TypeScript file beside the sources (an IDE's page, a migration's .sql).
 *
 * Why plain Node and a rule rather than a list: the build must run without tsx, and a file
 * someone adds beside the code next month should reach dist/ without anyone remembering to
 * name it here. Tests and TypeScript sources never are copied.
 */
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// The build's folder: dist/, or the one given (the benchmark builds into a folder of its own).
const dist = process.argv[2] ? resolve(process.argv[2]) : join(root, 'dist');
/** The folders tsconfig.build.json compiles, and schema/, which holds only SDL. */
const SOURCES = ['schema', 'lib', 'seed', 'systems', 'subgraphs', 'gateway', 'scripts'];
const SKIP_DIRS = new Set(['node_modules', 'dist', '.data', 'coverage']);
const SKIP_FILE = /(\.ts|\.tsx|\.mts|\.cts|\.mjs|\.md|~)$|\.test\.|\.spec\.|^\./;

if (!existsSync(dist)) {
  console.error('copy-assets: dist/ does not exist; run tsc -p tsconfig.build.json first');
  process.exit(1);
}

let copied = 0;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!SKIP_DIRS.has(name)) walk(path);
    } else if (!SKIP_FILE.test(name)) {
      cpSync(path, join(dist, relative(root, path)));
      copied++;
    }
  }
}
for (const source of SOURCES) if (existsSync(join(root, source))) walk(join(root, source));

// What the built code must find, or the build is not one: a run-time read that fails later
// in production is worse than a build that stops here.
const REQUIRED = [
  'schema/supergraph.graphql',
  'systems/voucher-system/openapi.yaml',
  'lib/__generated__/voucher-system.openapi.json',
  'gateway/main.js',
  'scripts/start.js',
];
const missing = REQUIRED.filter((file) => !existsSync(join(dist, file)));
if (missing.length) {
  console.error(`copy-assets: dist/ lacks ${missing.join(', ')}`);
  process.exit(1);
}
console.log(`copy-assets: ${copied} files copied to dist/`);
