/**
 * The providers subgraph's behaviour over real HTTP against a real, migrated and seeded
 * catalogue — defined once, run on PGlite (subgraph.int.test.ts) and on PostgreSQL
 * (catalogue.pg.int.test.ts), so both backends are held to the same contract.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_TYPES } from '../../lib/reference.js';
import type { Viewer } from '../../lib/viewer.js';
import { startProvidersSubgraph, type ProvidersSubgraphOptions, type RunningProvidersSubgraph } from './server.js';
import { codes, expectedOfferable, expectedProviders, gql, secret, viewers, world } from './test-support.js';

export interface SuiteBackend {
  /** Catalogue options for the subgraph (it migrates and seeds on start). */
  options: () => Promise<Omit<ProvidersSubgraphOptions, 'signingSecret'>>;
  /** Runs after the subgraph has closed (e.g. drops a test schema). */
  afterClose?: () => Promise<void>;
}

const PROVIDER_FIELDS = 'id businessId name status email phone languages municipalities { code name } offerings { id price { amount currency } unit serviceType { code } }';
const PAGE = `query($first: Int, $after: String, $filter: ProviderFilter) {
  providers(first: $first, after: $after, filter: $filter) { totalCount edges { cursor node { id name } } pageInfo { hasNextPage endCursor } }
}`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on PlannedService { id availableOfferings(first: $first) { id price { amount currency } unit description serviceType { code name } provider { id name status municipalities { code } languages } } }
  ... on Provider { id name status }
  ... on ServiceOffering { id price { amount } provider { id } }
  ... on ServiceType { typeCode: code name(lang: SV) unit }
  ... on Municipality { code name(lang: SV) }
} }`.replace('$r: [_Any!]!)', '$r: [_Any!]!, $first: Int)');

const planned = (id: string, serviceTypeCode: string, municipalityCode: string) => ({ __typename: 'PlannedService', id, serviceTypeCode, municipalityCode });

export function defineSubgraphSuite(backend: SuiteBackend): void {
  const key = secret();
  let subgraph: RunningProvidersSubgraph;
  const q = <T = any>(as: Viewer | string | null, query: string, variables?: Record<string, unknown>) => gql<T>(subgraph.url, key, as, query, variables);
  const w = world();
  const approved = (p: { status: string }) => p.status === 'APPROVED';

  beforeAll(async () => {
    subgraph = await startProvidersSubgraph({ signingSecret: key, seed: { scale: 'trial', seed: 2026 }, ...(await backend.options()) });
  });
  afterAll(async () => {
    await subgraph?.close();
    await backend.afterClose?.();
  });

  describe('authentication', () => {
    it('refuses a request without the viewer header: UNAUTHENTICATED, no data', async () => {
      const r = await q(null, '{ providers { totalCount } serviceTypes { code } }');
      expect(codes(r)).toEqual(['UNAUTHENTICATED']);
      expect(r.data ?? null).toBeNull();
    });
    it('refuses a forged header (signed with another secret) and garbage', async () => {
      const forged = await gql(subgraph.url, secret(), viewers.admin, '{ providers { totalCount } }');
      expect(codes(forged)).toEqual(['UNAUTHENTICATED']);
      expect(forged.data ?? null).toBeNull();
      const garbage = await q('not-a-jws', '{ providers { totalCount } }');
      expect(codes(garbage)).toEqual(['UNAUTHENTICATED']);
    });
    it('refuses _entities without the header too', async () => {
      const r = await q(null, ENTITIES, { r: [planned('ps-1', 'kotihoito', '205'), { __typename: 'Provider', id: 'pr-0001' }], first: 5 });
      expect(codes(r)).toEqual(['UNAUTHENTICATED']);
      expect(r.data ?? null).toBeNull();
    });
  });

  describe('providers: paging', () => {
    async function allPages(viewer: Viewer, first: number, filter?: object) {
      const ids: string[] = [];
      let after: string | null = null;
      let totalCount = -1;
      for (let guard = 0; guard < 100; guard++) {
        const r: any = await q(viewer, PAGE, { first, after, filter });
        expect(r.errors).toBeUndefined();
        const c = r.data.providers;
        if (totalCount >= 0) expect(c.totalCount).toBe(totalCount);
        totalCount = c.totalCount;
        ids.push(...c.edges.map((e: any) => e.node.id));
        expect(c.pageInfo.endCursor).toBe(c.edges.at(-1)?.cursor ?? null);
        if (!c.pageInfo.hasNextPage) return { ids, totalCount };
        after = c.pageInfo.endCursor;
      }
      throw new Error('paging did not end');
    }

    it('pages through every provider once, by name then id, as an administrator', async () => {
      const { ids, totalCount } = await allPages(viewers.admin, 7);
      expect(totalCount).toBe(60);
      expect(ids).toHaveLength(totalCount);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expectedProviders(() => true));
    });
    it('pages through the approved providers only, as a client', async () => {
      const { ids, totalCount } = await allPages(viewers.client, 6);
      expect(totalCount).toBe(w.providers.filter(approved).length);
      expect(ids).toEqual(expectedProviders(approved));
    });
    it('keeps a filter across pages', async () => {
      const { ids, totalCount } = await allPages(viewers.admin, 2, { municipalityCode: '140' });
      expect(ids).toHaveLength(totalCount);
      expect(ids).toEqual(expectedProviders((p) => p.municipalityCodes.includes('140')));
    });
    it('rejects first outside 1–100 and a cursor not from this list', async () => {
      for (const first of [101, 0, -1]) {
        const r = await q(viewers.client, PAGE, { first });
        expect(codes(r)).toEqual(['BAD_USER_INPUT']);
        expect(r.data ?? null).toBeNull();
      }
      expect((await q(viewers.client, PAGE, { first: 100 })).errors).toBeUndefined();
      const bad = await q(viewers.client, PAGE, { first: 5, after: Buffer.from('{"o":3}').toString('base64url') });
      expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('providers: filters', () => {
    const ids = async (filter: object, viewer: Viewer = viewers.client) => {
      const r: any = await q(viewer, PAGE, { first: 100, filter });
      expect(r.errors).toBeUndefined();
      expect(r.data.providers.totalCount).toBe(r.data.providers.edges.length);
      return r.data.providers.edges.map((e: any) => e.node.id);
    };
    const offers = (p: { id: string }, code: string) => w.offerings.some((o) => o.providerId === p.id && o.serviceTypeCode === code);

    it('by service type', async () => {
      const expected = expectedProviders((p) => approved(p) && offers(p, 'fysioterapia'));
      expect(expected.length).toBeGreaterThan(0);
      expect(await ids({ serviceTypeCode: 'fysioterapia' })).toEqual(expected);
    });
    it('by municipality', async () => {
      const expected = expectedProviders((p) => approved(p) && p.municipalityCodes.includes('905'));
      expect(expected.length).toBeGreaterThan(0);
      expect(await ids({ municipalityCode: '905' })).toEqual(expected);
      expect(await ids({ municipalityCode: '999' })).toEqual([]);
    });
    it('by language', async () => {
      const expected = expectedProviders((p) => approved(p) && p.languages.includes('SV'));
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(w.providers.filter(approved).length);
      expect(await ids({ language: 'SV' })).toEqual(expected);
    });
    it('by search: part of the name (any case) or the business ID', async () => {
      const target = w.providers.find((p) => p.id === 'pr-0001')!;
      const part = target.name.split(' ')[1].toLowerCase();
      expect(await ids({ search: part })).toEqual(expectedProviders((p) => approved(p) && p.name.toLowerCase().includes(part)));
      expect(await ids({ search: target.businessId })).toEqual(['pr-0001']);
      // LIKE wildcards in the input are literal characters, not patterns.
      for (const search of ['%', '_', 'a%o']) expect(await ids({ search }), search).toEqual([]);
    });
    it('all filters together', async () => {
      const f = { serviceTypeCode: 'kotihoito', municipalityCode: '205', language: 'FI' as const };
      const expected = expectedProviders((p) => approved(p) && offers(p, f.serviceTypeCode) && p.municipalityCodes.includes(f.municipalityCode) && p.languages.includes('FI'));
      expect(expected).toContain('pr-0001');
      expect(await ids(f)).toEqual(expected);
    });
    it('rejects an unknown service type and a malformed municipality code', async () => {
      for (const filter of [{ serviceTypeCode: 'sauna' }, { municipalityCode: '12' }, { municipalityCode: 'abc' }, { municipalityCode: '2050' }]) {
        const r = await q(viewers.client, PAGE, { first: 5, filter });
        expect(codes(r), JSON.stringify(filter)).toEqual(['BAD_USER_INPUT']);
        expect(r.data ?? null).toBeNull();
      }
    });
  });

  describe('lookups and names', () => {
    it('provider(id) with its municipalities, languages and offerings; money as exact decimals', async () => {
      const r: any = await q(viewers.caseWorker, `{ provider(id: "pr-0001") { ${PROVIDER_FIELDS} } }`);
      expect(r.errors).toBeUndefined();
      const p = w.providers[0];
      expect(r.data.provider).toMatchObject({ id: 'pr-0001', businessId: p.businessId, name: p.name, status: 'APPROVED', email: p.email, phone: p.phone, languages: p.languages });
      expect(r.data.provider.municipalities.map((m: any) => m.code).sort()).toEqual([...p.municipalityCodes].sort());
      const offerings = w.offerings.filter((o) => o.providerId === 'pr-0001');
      expect(r.data.provider.offerings).toHaveLength(offerings.length);
      for (const o of offerings) {
        const got = r.data.provider.offerings.find((x: any) => x.id === o.id);
        expect(got.price).toEqual({ amount: (o.priceCents / 100).toFixed(2), currency: 'EUR' });
        expect(got.unit).toBe(o.unit);
      }
      expect((await q(viewers.client, '{ provider(id: "pr-9999") { id } }')).data).toEqual({ provider: null });
    });
    it('serviceTypes in reference order, municipalities by name', async () => {
      const r: any = await q(viewers.client, '{ serviceTypes { code name unit } municipalities { code name } }');
      expect(r.data.serviceTypes.map((s: any) => s.code)).toEqual(SERVICE_TYPES.map((s) => s.code));
      expect(r.data.serviceTypes[0]).toEqual({ code: 'kotihoito', name: 'Kotihoito', unit: 'HOUR' });
      const names = r.data.municipalities.map((m: any) => m.name);
      expect(names).toHaveLength(15);
      expect(names).toEqual([...names].sort());
    });
    it('name(lang: SV | EN) and the fallback to Finnish', async () => {
      const query = '{ serviceTypes { code sv: name(lang: SV) en: name(lang: EN) fi: name } municipalities { code sv: name(lang: SV) en: name(lang: EN) } }';
      const r: any = await q(viewers.client, query);
      expect(r.data.serviceTypes[0]).toEqual({ code: 'kotihoito', sv: 'Hemvård', en: 'Home care', fi: 'Kotihoito' });
      expect(r.data.municipalities.find((m: any) => m.code === '205')).toEqual({ code: '205', sv: 'Kajana', en: 'Kajaani' });
      // A missing translation falls back to Finnish.
      const db = subgraph.catalogue.db;
      await db.updateTable('municipality').set({ name_sv: ' ' }).where('code', '=', '186').execute();
      try {
        const again: any = await q(viewers.client, query);
        expect(again.data.municipalities.find((m: any) => m.code === '186').sv).toBe('Järvenpää');
      } finally {
        await db.updateTable('municipality').set({ name_sv: 'Träskända' }).where('code', '=', '186').execute();
      }
    });
  });

  describe('access policy', () => {
    const hidden = w.providers.find((p) => p.status === 'SUSPENDED')!;
    const hiddenOffering = w.offerings.find((o) => o.providerId === hidden.id)!;
    const one = `{ provider(id: "${hidden.id}") { id status email } }`;
    const refs = { r: [{ __typename: 'Provider', id: hidden.id }, { __typename: 'ServiceOffering', id: hiddenOffering.id }, { __typename: 'Provider', id: 'pr-0001' }], first: 1 };

    it('clients, case workers, analysts and other providers do not see non-approved providers', async () => {
      for (const viewer of [viewers.client, viewers.caseWorker, viewers.analyst, viewers.provider('pr-0001')]) {
        expect((await q(viewer, one)).data, viewer.role).toEqual({ provider: null });
        const list: any = await q(viewer, PAGE, { first: 100 });
        expect(list.data.providers.totalCount).toBe(w.providers.filter(approved).length);
        expect(list.data.providers.edges.map((e: any) => e.node.id)).not.toContain(hidden.id);
        const ents: any = await q(viewer, ENTITIES, refs);
        expect(ents.errors).toBeUndefined();
        expect(ents.data._entities).toEqual([null, null, { id: 'pr-0001', name: w.providers[0].name, status: 'APPROVED' }]);
      }
    });
    it('an administrator sees every provider', async () => {
      expect((await q(viewers.admin, one)).data).toEqual({ provider: { id: hidden.id, status: 'SUSPENDED', email: hidden.email } });
      const ents: any = await q(viewers.admin, ENTITIES, refs);
      expect(ents.data._entities.map((e: any) => e?.id)).toEqual([hidden.id, hiddenOffering.id, 'pr-0001']);
    });
    it('a provider sees itself whatever its status, and no other provider’s contact details', async () => {
      const self = viewers.provider(hidden.id);
      expect((await q(self, one)).data).toEqual({ provider: { id: hidden.id, status: 'SUSPENDED', email: hidden.email } });
      const list: any = await q(self, PAGE, { first: 100 });
      expect(list.data.providers.totalCount).toBe(w.providers.filter(approved).length + 1);
      const other: any = await q(self, '{ provider(id: "pr-0001") { id email phone } }');
      expect(other.data.provider).toEqual({ id: 'pr-0001', email: null, phone: null });
    });
    it('contact details: clients and case workers yes, analysts no', async () => {
      const contact = '{ provider(id: "pr-0001") { email phone } }';
      expect((await q(viewers.client, contact)).data.provider.email).toBe(w.providers[0].email);
      expect((await q(viewers.caseWorker, contact)).data.provider.phone).toBe(w.providers[0].phone);
      expect((await q(viewers.analyst, contact)).data.provider).toEqual({ email: null, phone: null });
    });
  });

  describe('_entities: PlannedService.availableOfferings', () => {
    // A pair where the filter matters: a non-approved provider offers the type there, and an
    // approved one offers it elsewhere only.
    const pair = (() => {
      const providers = new Map(w.providers.map((p) => [p.id, p]));
      for (const mun of ['140', '263', '905', '186'])
        for (const st of SERVICE_TYPES) {
          const typed = w.offerings.filter((o) => o.serviceTypeCode === st.code).map((o) => ({ o, p: providers.get(o.providerId)! }));
          const hiddenThere = typed.some(({ p }) => p.status !== 'APPROVED' && p.municipalityCodes.includes(mun));
          const approvedElsewhere = typed.some(({ p }) => p.status === 'APPROVED' && !p.municipalityCodes.includes(mun));
          if (hiddenThere && approvedElsewhere && expectedOfferable(st.code, mun).length >= 2) return { st: st.code, mun };
        }
      throw new Error('the world has no pair that tests the filter');
    })();

    it('cheapest first, approved providers serving the municipality only — even for an administrator', async () => {
      const expected = expectedOfferable(pair.st, pair.mun);
      for (const viewer of [viewers.client, viewers.admin]) {
        const r: any = await q(viewer, ENTITIES, { r: [planned('ps-x', pair.st, pair.mun)], first: 100 });
        expect(r.errors).toBeUndefined();
        const got = r.data._entities[0].availableOfferings;
        expect(got.map((o: any) => o.id)).toEqual(expected.map((o) => o.id));
        const cents = got.map((o: any) => Math.round(Number(o.price.amount) * 100));
        expect(cents).toEqual([...cents].sort((a, b) => a - b));
        for (const o of got) {
          expect(o.provider.status).toBe('APPROVED');
          expect(o.provider.municipalities.map((m: any) => m.code)).toContain(pair.mun);
          expect(o.serviceType.code).toBe(pair.st);
        }
      }
    });
    it('at most `first`, batched across many planned services in one request', async () => {
      const reps = [planned('a', pair.st, pair.mun), planned('b', 'kotihoito', '205'), planned('c', pair.st, pair.mun), planned('d', 'kotihoito', '999')];
      const r: any = await q(viewers.client, ENTITIES, { r: reps, first: 1 });
      expect(r.errors).toBeUndefined();
      const lists = r.data._entities.map((e: any) => e.availableOfferings.map((o: any) => o.id));
      expect(lists).toEqual([[expectedOfferable(pair.st, pair.mun)[0].id], [expectedOfferable('kotihoito', '205')[0].id], [expectedOfferable(pair.st, pair.mun)[0].id], []]);
      for (const first of [0, 101]) {
        expect(codes(await q(viewers.client, ENTITIES, { r: reps, first }))).toContain('BAD_USER_INPUT');
      }
    });
    it('resolves the other entities by key, in batches', async () => {
      const r: any = await q(viewers.client, ENTITIES, {
        r: [
          { __typename: 'ServiceType', code: 'ateriapalvelu' },
          { __typename: 'Municipality', code: '905' },
          { __typename: 'ServiceOffering', id: 'of-0001-01' },
          { __typename: 'ServiceType', code: 'no-such-type' },
        ],
      });
      expect(r.data._entities).toEqual([
        { typeCode: 'ateriapalvelu', name: 'Måltidsservice', unit: 'MEAL' },
        { code: '905', name: 'Vasa' },
        { id: 'of-0001-01', price: { amount: '63.00' }, provider: { id: 'pr-0001' } },
        null,
      ]);
    });
  });

  describe('catalogue queries per request (DataLoader batching)', () => {
    const counted = async (run: () => Promise<unknown>) => {
      const before = subgraph.catalogue.queryCount;
      await run();
      return subgraph.catalogue.queryCount - before;
    };

    it('_entities of 1 PlannedService and of 30 cost the same number of queries', async () => {
      const client = w.clients.find((c) => c.id === 'cl-00002')!;
      const plan = w.plans.find((p) => p.clientId === client.id && p.status === 'active')!;
      expect(plan.services).toHaveLength(30);
      const reps = plan.services.map((s) => planned(s.id, s.serviceTypeCode, client.municipalityCode));
      let offered = 0;
      const one = await counted(async () => {
        const r: any = await q(viewers.client, ENTITIES, { r: reps.slice(0, 1), first: 10 });
        expect(r.errors).toBeUndefined();
      });
      const thirty = await counted(async () => {
        const r: any = await q(viewers.client, ENTITIES, { r: reps, first: 10 });
        expect(r.errors).toBeUndefined();
        expect(r.data._entities).toHaveLength(30);
        offered = r.data._entities.reduce((n: number, e: any) => n + e.availableOfferings.length, 0);
      });
      console.info(`[providers ${subgraph.catalogue.kind}] catalogue queries: _entities of 1 PlannedService = ${one}, of 30 = ${thirty} (${offered} offerings)`);
      expect(offered).toBeGreaterThan(30);
      expect(one).toBeGreaterThan(0);
      expect(thirty).toBe(one);
    });
    it('a page of 5 providers and a page of 100 with nested lists cost the same', async () => {
      const query = `query($first: Int) { providers(first: $first) { totalCount edges { node { ${PROVIDER_FIELDS} offerings { serviceType { name } provider { name } } } } } }`;
      const five = await counted(() => q(viewers.admin, query, { first: 5 }));
      const hundred = await counted(() => q(viewers.admin, query, { first: 100 }));
      console.info(`[providers ${subgraph.catalogue.kind}] catalogue queries: providers(first: 5) = ${five}, providers(first: 100) = ${hundred}`);
      expect(hundred).toBe(five);
    });
  });
}
