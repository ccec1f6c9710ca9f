/**
 * The providers subgraph over real HTTP on PGlite (always runs): the shared suite, plus what a
 * failing database does to a request.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ephemeralSystemCredentials } from '../../lib/system-credentials.js';
import { seedCatalogue } from '../../seed/catalogue.js';
import { openCatalogue } from './db/catalogue.js';
import { startProvidersSubgraph, type RunningProvidersSubgraph } from './server.js';
import { defineSubgraphSuite } from './subgraph-suite.js';
import { providersClient, viewers } from './test-support.js';
import { codes, testSecret } from '../../test/support/index.js';

describe('providers subgraph (PGlite)', () => {
  defineSubgraphSuite({ options: async () => ({}) });
});

describe('providers subgraph: a failing catalogue fails only its fields', () => {
  const key = testSecret();
  const started: RunningProvidersSubgraph[] = [];
  afterAll(() => Promise.all(started.map((s) => s.close())));

  it('a closed database: UPSTREAM_UNAVAILABLE with system provider-catalogue, other fields intact', async () => {
    const catalogue = await openCatalogue();
    await catalogue.migrate();
    await seedCatalogue(catalogue, { scale: 'trial', seed: 2026 });
    const subgraph = await startProvidersSubgraph({ signingSecret: key, catalogue, systemCredentials: await ephemeralSystemCredentials() });
    started.push(subgraph);
    const ok = await providersClient(subgraph.url, key)(viewers.client, '{ provider(id: "pr-0001") { id } }');
    expect(ok.data).toEqual({ provider: { id: 'pr-0001' } });

    await catalogue.close();
    const r = await providersClient(subgraph.url, key)(viewers.client, '{ __typename provider(id: "pr-0001") { id name } }');
    expect(r.data).toEqual({ __typename: 'Query', provider: null });
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]).toMatchObject({ path: ['provider'], extensions: { code: 'UPSTREAM_UNAVAILABLE', system: 'provider-catalogue' } });
    expect(r.errors![0].message).not.toMatch(/destroy|driver|pglite/i);
  });

  it('an unreachable Postgres: UPSTREAM_UNAVAILABLE within a bounded time', async () => {
    const catalogue = await openCatalogue({ databaseUrl: 'postgres://postgres@127.0.0.1:1/nowhere' });
    const subgraph = await startProvidersSubgraph({ signingSecret: key, catalogue, systemCredentials: await ephemeralSystemCredentials() });
    started.push(subgraph);
    const t0 = Date.now();
    const r = await providersClient(subgraph.url, key)(viewers.client, '{ providers(first: 5) { totalCount } }');
    expect(Date.now() - t0).toBeLessThan(4000);
    expect(codes(r)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(r.errors![0].extensions).toMatchObject({ system: 'provider-catalogue' });
    await catalogue.close();
  });
});
