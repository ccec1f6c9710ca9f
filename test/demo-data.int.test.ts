/**
 * Demo data stays out of the product (issue 6, point 1), performed as people run it, each part
 * its own process on one PGlite data folder:
 * - the providers subgraph started alone (`subgraphs/providers/main.ts`) on an empty database
 *   serves no provider — only the reference data an applicant needs (service types,
 *   municipalities);
 * - `npm run seed` (scripts/seed.ts) refuses a production environment without --force and an
 *   in-memory catalogue, seeds the world's providers into the configured one, and a second run
 *   changes nothing and says so;
 * - the subgraph started again serves the seeded providers.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MUNICIPALITIES, SERVICE_TYPES } from '../lib/reference.js';
import { getWorld } from '../seed/world.js';
import { claims, freePort, runPart, subgraphClient, viewerOf } from './support/index.js';

const checkout = mkdtempSync(join(tmpdir(), 'demo-data-'));
const dataDir = join(checkout, 'catalogue');
const secret = randomBytes(32).toString('hex');
const key = new TextEncoder().encode(secret);
afterAll(() => rmSync(checkout, { recursive: true, force: true }));

/** Runs a script to its end: its exit code and everything it printed. */
async function run(script: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const part = runPart(script, checkout, { LOG_LEVEL: 'warn', ...env });
  const code = await new Promise<number | null>((resolve) =>
    part.child.exitCode !== null ? resolve(part.child.exitCode) : part.child.once('exit', resolve),
  );
  return { code, output: part.output() };
}

/** Starts the providers subgraph alone on the data folder, asks it `query` as an administrator, stops it. */
async function askSubgraphAlone<T>(query: string): Promise<T> {
  const port = await freePort();
  const subgraph = runPart('subgraphs/providers/main.ts', checkout, {
    LOG_LEVEL: 'warn',
    PROVIDERS_PORT: String(port),
    CATALOGUE_DATA_DIR: dataDir,
    SUBGRAPH_SIGNING_SECRET: secret,
  });
  try {
    await subgraph.waitFor(/providers subgraph \(pglite\) at/, 60_000);
    // A request answered also means the process is past its start-up (its signal handler set).
    const r = await subgraphClient({ url: `http://127.0.0.1:${port}/graphql`, secret: key, audience: 'providers' })<T>(
      viewerOf(claims.admin()),
      query,
    );
    expect(r.errors).toBeUndefined();
    return r.data!;
  } finally {
    const code = await subgraph.stop();
    expect(code, `${subgraph.child.signalCode} ${subgraph.output()}`).toBe(0);
  }
}

const CATALOGUE = '{ providers(first: 5) { totalCount edges { node { id } } } serviceTypes { code } municipalities { code } }';
type Catalogue = {
  providers: { totalCount: number; edges: { node: { id: string } }[] };
  serviceTypes: { code: string }[];
  municipalities: { code: string }[];
};

describe('demo data: the subgraph seeds nothing, npm run seed does', () => {
  it('the providers subgraph started alone on an empty database has no providers, but the reference data', async () => {
    const data = await askSubgraphAlone<Catalogue>(CATALOGUE);
    expect(data.providers).toEqual({ totalCount: 0, edges: [] });
    expect(data.serviceTypes.map((s) => s.code)).toEqual(SERVICE_TYPES.map((s) => s.code));
    expect(data.municipalities).toHaveLength(MUNICIPALITIES.length);
  }, 90_000);

  it('npm run seed refuses production without --force, and a catalogue that would vanish', async () => {
    const production = await run('scripts/seed.ts', { NODE_ENV: 'production', CATALOGUE_DATA_DIR: dataDir });
    expect(production.code).toBe(1);
    expect(production.output).toMatch(/NODE_ENV=production.*--force/);
    const inMemory = await run('scripts/seed.ts', {});
    expect(inMemory.code).toBe(1);
    expect(inMemory.output).toMatch(/no catalogue to seed: set DATABASE_URL .* or CATALOGUE_DATA_DIR/);
  }, 90_000);

  it('npm run seed seeds the configured catalogue once; a second run changes nothing and says so', async () => {
    const world = getWorld({ scale: 'trial', seed: 2026 });
    const first = await run('scripts/seed.ts', { CATALOGUE_DATA_DIR: dataDir });
    expect(first.code, first.output).toBe(0);
    // Nothing was written by the refused runs: this one writes every provider.
    expect(first.output).toContain(
      `Seeded the catalogue (PGlite in ${dataDir}) with the trial world (seed 2026): ${world.providers.length} providers, ${world.offerings.length} offerings`,
    );
    // The subgraph had loaded the reference data already: the seed adds none.
    expect(first.output).toContain('0 municipalities, 0 service types');

    const second = await run('scripts/seed.ts', { CATALOGUE_DATA_DIR: dataDir });
    expect(second.code, second.output).toBe(0);
    expect(second.output).toContain("already holds the trial world's providers (seed 2026): nothing changed");

    const data = await askSubgraphAlone<Catalogue>(CATALOGUE);
    expect(data.providers.totalCount).toBe(world.providers.length);
    expect(data.providers.edges).toHaveLength(5);
  }, 120_000);
});
