/**
 * Breaking changes of the client-facing schema against the last release, with
 * @graphql-inspector/core. Why: front-end teams and providers' systems write code against
 * schema/api.graphql; a change that breaks them (a field removed, an argument made required,
 * a type changed) must be a decision, so one is allowed only when CHANGELOG.md announces it,
 * by its path, under "Unreleased" → "Breaking":
 *
 *   ## [Unreleased]
 *   ### Breaking
 *   - `Query.clients`: removed; use …
 *
 * An announced path covers the changes inside it (`Client` covers `Client.phone`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';

export interface BreakingChange {
  /** Where in the schema, e.g. "Query.clients" or "Query.clients.search". */
  path: string;
  message: string;
}

/** The paths CHANGELOG.md announces as breaking in its Unreleased section. */
export function announcedBreakingPaths(changelog: string): string[] {
  const unreleased = /^## \[?Unreleased\]?[^\n]*\n([\s\S]*?)(?=^## |(?![\s\S]))/im.exec(changelog)?.[1] ?? '';
  const breaking = /^### Breaking[^\n]*\n([\s\S]*?)(?=^#{2,3} |(?![\s\S]))/im.exec(unreleased)?.[1] ?? '';
  return [...breaking.matchAll(/`([A-Za-z_][\w.]*)`/g)].map((m) => m[1]);
}

/** Every breaking change from `previous` to `current` (both SDL). */
export async function breakingChanges(previous: string, current: string): Promise<BreakingChange[]> {
  const changes: Change[] = await diff(buildSchema(previous), buildSchema(current));
  return changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking).map((c) => ({ path: c.path ?? '', message: c.message }));
}

/** The breaking changes CHANGELOG.md does not announce: each one fails the check. */
export async function unannouncedBreakingChanges(previous: string, current: string, changelog: string): Promise<BreakingChange[]> {
  const announced = announcedBreakingPaths(changelog);
  const covered = (path: string) => announced.some((a) => path === a || path.startsWith(`${a}.`));
  return (await breakingChanges(previous, current)).filter((c) => !covered(c.path));
}

const semver = (v: string) => v.split('.').map(Number);
const newer = (a: string, b: string) => {
  const [x, y] = [semver(a), semver(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
};

/** The last released API schema, schema/releases/<version>.graphql with the highest version. */
export function lastRelease(releasesDir: URL): { version: string; sdl: string } | null {
  const versions = readdirSync(releasesDir)
    .map((f) => /^(\d+\.\d+\.\d+)\.graphql$/.exec(f)?.[1])
    .filter((v): v is string => v !== undefined)
    .sort(newer);
  const version = versions.at(-1);
  return version ? { version, sdl: readFileSync(new URL(`${version}.graphql`, releasesDir), 'utf8') } : null;
}
