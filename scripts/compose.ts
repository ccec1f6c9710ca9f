/**
 * Composes the subgraph SDLs (@apollo/composition) into schema/supergraph.graphql and the
 * client-facing schema/api.graphql, and compares the API schema with the last release
 * (schema/releases/) for breaking changes (lib/schema-compat.ts).
 * `--check` (CI) writes nothing and fails (exit 1) when either file is stale or a breaking
 * change is not announced in CHANGELOG.md; without it, the files are written and unannounced
 * breaking changes are printed as a warning.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { composeSchemas } from '../lib/supergraph.js';
import { lastRelease, unannouncedBreakingChanges } from '../lib/schema-compat.js';

const check = process.argv.includes('--check');
const root = new URL('../', import.meta.url);
const composed = composeSchemas();
const files = [
  ['schema/supergraph.graphql', composed.supergraph],
  ['schema/api.graphql', composed.api],
] as const;

let failed = false;
for (const [file, content] of files) {
  const path = new URL(file, root);
  if (!check) {
    writeFileSync(path, content);
    console.log(`wrote ${file}`);
  } else if (!existsSync(path) || readFileSync(path, 'utf8') !== content) {
    console.error(`${file} is stale: run \`npm run compose\``);
    failed = true;
  } else {
    console.log(`${file} is up to date`);
  }
}

const release = lastRelease(new URL('schema/releases/', root));
if (release) {
  const changelogPath = new URL('CHANGELOG.md', root);
  const changelog = existsSync(changelogPath) ? readFileSync(changelogPath, 'utf8') : '';
  const unannounced = await unannouncedBreakingChanges(release.sdl, composed.api, changelog);
  if (unannounced.length) {
    const say = check ? console.error : console.warn;
    say(
      `schema/api.graphql breaks clients of release ${release.version} (announce each path under "## [Unreleased]" → "### Breaking" in CHANGELOG.md, or undo it):`,
    );
    for (const c of unannounced) say(`- ${c.path}: ${c.message}`);
    failed ||= check;
  } else {
    console.log(`no unannounced breaking change since release ${release.version}`);
  }
}
if (failed) process.exit(1);
