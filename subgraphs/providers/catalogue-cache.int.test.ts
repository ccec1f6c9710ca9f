/**
 * The catalogue held in each providers process (catalogue-cache.ts), over real HTTP and a real
 * database: two providers subgraphs on one catalogue, as two replicas behind a load balancer.
 * A provider suspended through one is gone from the other's availableOfferings on the very next
 * request (no sleep); a warm process reads nothing from the database; a lost LISTEN connection
 * sends every read to the database until it is back. On PGlite (one instance shared in-process)
 * always; on PostgreSQL (two pools, two LISTEN connections, one schema) with DATABASE_URL.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ephemeralSystemCredentials, type SystemCredentials } from '../../lib/system-credentials.js';
import { seedCatalogue } from '../../seed/catalogue.js';
import { getWorld } from '../../seed/world.js';
import { startClientRecordSystem } from '../../systems/client-record-system/server.js';
import type { RunningStandIn } from '../../systems/http.js';
import { registrationsOf } from '../../systems/registrations.js';
import { startVoucherSystem } from '../../systems/voucher-system/server.js';
import { testSecret } from '../../test/support/index.js';
import { openCatalogue, type Catalogue } from './db/catalogue.js';
import { startProvidersSubgraph, type ProvidersSubgraphOptions, type RunningProvidersSubgraph } from './server.js';
import { expectedOfferable, providersClient, viewers } from './test-support.js';

const url = process.env.DATABASE_URL;
const OFFERED = `query($r: [_Any!]!) { _entities(representations: $r) { ... on PlannedService { availableOfferings(first: 100) { id provider { id name } } } } }`;
const SUSPEND = `mutation($input: SuspendProviderInput!) { suspendProvider(input: $input) { id status } }`;
const TYPE = 'kotihoito';
const MUNICIPALITY = '205';

interface Replicas {
  a: RunningProvidersSubgraph;
  b: RunningProvidersSubgraph;
}

function defineReplicaTests(
  name: string,
  start: (base: Omit<ProvidersSubgraphOptions, 'signingSecret'>) => Promise<Replicas>,
  stop: () => Promise<void>,
) {
  describe(name, () => {
    const key = testSecret();
    let replicas: Replicas;
    let voucherSystem: RunningStandIn;
    let clientRecordSystem: RunningStandIn;
    let credentials: SystemCredentials;

    beforeAll(async () => {
      credentials = await ephemeralSystemCredentials();
      const registered = registrationsOf(credentials);
      const world = getWorld({ scale: 'trial', seed: 2026 });
      voucherSystem = await startVoucherSystem({ world, clients: registered.voucherSystem });
      clientRecordSystem = await startClientRecordSystem({ world, clients: registered.clientRecordSystem });
      replicas = await start({
        systemCredentials: credentials,
        voucherSystemUrl: voucherSystem.url,
        clientRecordSystemUrl: clientRecordSystem.url,
        signingSecret: key,
      } as Omit<ProvidersSubgraphOptions, 'signingSecret'>);
    });
    afterAll(async () => {
      await replicas?.a.close();
      await replicas?.b.close();
      await stop();
      await voucherSystem?.close();
      await clientRecordSystem?.close();
    });

    const offeredBy = async (replica: RunningProvidersSubgraph) => {
      const r: any = await providersClient(replica.url, key)(viewers.client, OFFERED, {
        r: [{ __typename: 'PlannedService', id: 'ps-cache', serviceTypeCode: TYPE, municipalityCode: MUNICIPALITY }],
      });
      expect(r.errors).toBeUndefined();
      return (r.data._entities[0].availableOfferings as { provider: { id: string } }[]).map((o) => o.provider.id);
    };
    const statementsOf = async (replica: RunningProvidersSubgraph, run: () => Promise<unknown>) => {
      const before = replica.catalogue.queryCount;
      await run();
      return replica.catalogue.queryCount - before;
    };

    it('a warm replica answers availableOfferings without a catalogue statement; a provider suspended through the other is gone on its very next request', async () => {
      const cheapest = expectedOfferable(TYPE, MUNICIPALITY)[0].providerId;
      expect(replicas.b.cache.serving).toBe(true);
      await offeredBy(replicas.b);
      let before: string[] = [];
      expect(await statementsOf(replicas.b, async () => (before = await offeredBy(replicas.b)))).toBe(0);
      expect(before).toContain(cheapest);

      const r: any = await providersClient(replicas.a.url, key)(viewers.admin, SUSPEND, {
        input: { providerId: cheapest, reason: 'Valvontahavainto' },
      });
      expect(r.errors).toBeUndefined();
      expect(r.data.suspendProvider).toEqual({ id: cheapest, status: 'SUSPENDED' });

      // No sleep: the very next request to the other replica.
      const after = await offeredBy(replicas.b);
      expect(after).not.toContain(cheapest);
      expect(after).toEqual(before.filter((id) => id !== cheapest));
      expect(await offeredBy(replicas.a)).toEqual(after);
      // And the policy still decides per viewer on cached rows: by id, a SUSPENDED provider stays readable, but not listed.
      const seen: any = await providersClient(replicas.b.url, key)(viewers.client, `{ provider(id: "${cheapest}") { status } }`);
      expect(seen.data.provider).toEqual({ status: 'SUSPENDED' });
    });
  });
}

describe('catalogue cache (PGlite: two subgraphs on one instance)', () => {
  let catalogue: Catalogue;
  defineReplicaTests(
    'PGlite',
    async (base) => {
      catalogue = await openCatalogue();
      await catalogue.migrate();
      await catalogue.loadReferenceData();
      await seedCatalogue(catalogue, { scale: 'trial', seed: 2026 });
      const options = base as ProvidersSubgraphOptions;
      return { a: await startProvidersSubgraph({ ...options, catalogue }), b: await startProvidersSubgraph({ ...options, catalogue }) };
    },
    async () => {
      await catalogue?.close();
    },
  );
});

describe.skipIf(!url)(url ? 'postgres: catalogue cache' : 'postgres: catalogue cache (DATABASE_URL not set)', () => {
  const schema = `providers_cache_${process.pid}_${Date.now().toString(36)}`;
  const dropSchema = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`drop schema if exists "${schema}" cascade`);
    } finally {
      await client.end();
    }
  };
  let started: Replicas;
  defineReplicaTests(
    'two processes on one schema',
    async (base) => {
      const options = { ...(base as ProvidersSubgraphOptions), databaseUrl: url, schema };
      const a = await startProvidersSubgraph(options);
      await seedCatalogue(a.catalogue, { scale: 'trial', seed: 2026 });
      started = { a, b: await startProvidersSubgraph({ ...options, migrate: false }) };
      return started;
    },
    dropSchema,
  );

  describe('a lost LISTEN connection', () => {
    const key = testSecret();
    const lostSchema = `${schema}_lost`;
    let subgraph: RunningProvidersSubgraph;
    beforeAll(async () => {
      subgraph = await startProvidersSubgraph({
        signingSecret: key,
        systemCredentials: await ephemeralSystemCredentials(),
        databaseUrl: url,
        schema: lostSchema,
        // Long enough for the reads below to happen while it is down.
        catalogueCache: { reconnectMs: 1500 },
      });
      await seedCatalogue(subgraph.catalogue, { scale: 'trial', seed: 2026 });
    });
    afterAll(async () => {
      await subgraph?.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists "${lostSchema}" cascade`).finally(() => client.end());
    });
    const until = async (what: () => boolean) => {
      for (let i = 0; i < 200 && !what(); i++) await new Promise((r) => setTimeout(r, 25));
      expect(what()).toBe(true);
    };

    it('sends every read to the database while it is down, and caches again once LISTEN is back', async () => {
      const read = async () => {
        const before = subgraph.catalogue.queryCount;
        const r: any = await providersClient(subgraph.url, key)(viewers.client, OFFERED, {
          r: [{ __typename: 'PlannedService', id: 'ps-lost', serviceTypeCode: TYPE, municipalityCode: MUNICIPALITY }],
        });
        expect(r.errors).toBeUndefined();
        expect(r.data._entities[0].availableOfferings.length).toBeGreaterThan(0);
        return subgraph.catalogue.queryCount - before;
      };
      // Warm: a read costs no statement. Why read until then: a NOTIFY of the suite before this
      // one (same schema) may still be on its way under load, and empties the cache once more.
      let statements = await read();
      for (let i = 0; i < 20 && statements > 0; i++) statements = await read();
      expect(statements).toBe(0);

      const pid = subgraph.cache.listenerPid;
      expect(pid).toEqual(expect.any(Number));
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        expect((await admin.query('select pg_terminate_backend($1) as done', [pid])).rows[0].done).toBe(true);
      } finally {
        await admin.end();
      }
      // The client hears of the termination asynchronously; from then on the cache is bypassed.
      await until(() => !subgraph.cache.serving);
      expect(await read()).toBeGreaterThan(0);
      expect(await read()).toBeGreaterThan(0);
      // Reconnected (a new backend): cached again.
      await until(() => subgraph.cache.serving && subgraph.cache.listenerPid !== null && subgraph.cache.listenerPid !== pid);
      await read();
      expect(await read()).toBe(0);
    });
  });
});
