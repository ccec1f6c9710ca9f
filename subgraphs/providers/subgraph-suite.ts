/**
 * The providers subgraph's behaviour over real HTTP against a real, migrated and seeded
 * catalogue — defined once, run on PGlite (subgraph.int.test.ts) and on PostgreSQL
 * (catalogue.pg.int.test.ts), so both backends are held to the same contract.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organization } from '../../lib/fhir-r4.js';
import { BUSINESS_ID_SYSTEM, SERVICE_TYPES } from '../../lib/reference.js';
import type { Viewer } from '../../lib/viewer.js';
import { startProvidersSubgraph, type ProvidersSubgraphOptions, type RunningProvidersSubgraph } from './server.js';
import { seedCatalogue } from '../../seed/catalogue.js';
import { getWorld } from '../../seed/world.js';
import type { RunningStandIn } from '../../systems/http.js';
import { startClientRecordSystem } from '../../systems/client-record-system/server.js';
import { TEST_SMART_CLIENT, smartFetch } from '../../systems/client-record-system/testing.js';
import { registrationsOf } from '../../systems/registrations.js';
import { startVoucherSystem } from '../../systems/voucher-system/server.js';
import { TEST_CLIENT, accessToken } from '../../systems/voucher-system/testing.js';
import { ephemeralSystemCredentials } from '../../lib/system-credentials.js';
import { expectedOfferable, expectedProviders, providersClient, viewers, world } from './test-support.js';
import { codes, forged as forgedBy, testSecret } from '../../test/support/index.js';

export interface SuiteBackend {
  /** Catalogue options for the subgraph (it migrates on start; the suite then seeds the world's providers). */
  options: () => Promise<Omit<ProvidersSubgraphOptions, 'signingSecret' | 'systemCredentials'>>;
  /** Runs after the subgraph has closed (e.g. drops a test schema). */
  afterClose?: () => Promise<void>;
}

const PROVIDER_FIELDS =
  'id businessId name status email phone languages municipalities { code name } offerings { id price { amount currency } unit serviceType { code } }';
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

const OFFERING_FIELDS =
  'id price { amount currency } unit description removedAt clientShare { amount } serviceType { code } provider { id } priceHistory { price { amount currency } validFrom validTo }';
const SIDE_FIELDS = `id businessId name status iban appliedAt decidedAt statusReason email languages municipalities { code } offerings { ${OFFERING_FIELDS} }`;

const planned = (id: string, serviceTypeCode: string, municipalityCode: string) => ({
  __typename: 'PlannedService',
  id,
  serviceTypeCode,
  municipalityCode,
});

export function defineSubgraphSuite(backend: SuiteBackend): void {
  const key = testSecret();
  let subgraph: RunningProvidersSubgraph;
  const q = providersClient(() => subgraph.url, key);
  const w = world();
  const approved = (p: { status: string }) => p.status === 'APPROVED';

  // Approving a provider registers it with the voucher system and, as an Organization, with
  // the client-record system: their stand-ins, over HTTP.
  let voucherSystem: RunningStandIn;
  let clientRecordSystem: RunningStandIn;

  beforeAll(async () => {
    // The subgraph's clients, and the suite's own for looking into the systems directly.
    const systemCredentials = await ephemeralSystemCredentials();
    const registered = registrationsOf(systemCredentials);
    voucherSystem = await startVoucherSystem({
      world: getWorld({ scale: 'trial', seed: 2026 }),
      clients: [...registered.voucherSystem, TEST_CLIENT],
    });
    clientRecordSystem = await startClientRecordSystem({
      world: getWorld({ scale: 'trial', seed: 2026 }),
      clients: [...registered.clientRecordSystem, TEST_SMART_CLIENT.registration],
    });
    subgraph = await startProvidersSubgraph({
      signingSecret: key,
      systemCredentials,
      voucherSystemUrl: voucherSystem.url,
      clientRecordSystemUrl: clientRecordSystem.url,
      ...(await backend.options()),
    });
    await seedCatalogue(subgraph.catalogue, { scale: 'trial', seed: 2026 });
  });
  afterAll(async () => {
    await subgraph?.close();
    await voucherSystem?.close();
    await clientRecordSystem?.close();
    await backend.afterClose?.();
  });
  /** The provider's Organization in the client-record system, as it is there now (null: none). */
  const organizationOf = async (id: string): Promise<Organization | null> => {
    const response = await smartFetch(`${clientRecordSystem.url}/Organization/${id}`);
    return response.status === 404 ? null : ((await response.json()) as Organization);
  };
  const organizationVersions = async (id: string): Promise<number> => {
    const response = await smartFetch(`${clientRecordSystem.url}/Organization/${id}/_history`);
    return response.status === 404 ? 0 : ((await response.json()) as { total: number }).total;
  };

  describe('authentication', () => {
    it('refuses a request without the viewer header: UNAUTHENTICATED, no data', async () => {
      const r = await q(null, '{ providers { totalCount } serviceTypes { code } }');
      expect(codes(r)).toEqual(['UNAUTHENTICATED']);
      expect(r.data ?? null).toBeNull();
    });
    it('refuses a forged header (signed with another secret) and garbage', async () => {
      const forged = await q(forgedBy(viewers.admin), '{ providers { totalCount } }');
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
      const expected = expectedProviders(
        (p) =>
          approved(p) && offers(p, f.serviceTypeCode) && p.municipalityCodes.includes(f.municipalityCode) && p.languages.includes('FI'),
      );
      expect(expected).toContain('pr-0001');
      expect(await ids(f)).toEqual(expected);
    });
    it('rejects an unknown service type and a malformed municipality code', async () => {
      for (const filter of [
        { serviceTypeCode: 'sauna' },
        { municipalityCode: '12' },
        { municipalityCode: 'abc' },
        { municipalityCode: '2050' },
      ]) {
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
      expect(r.data.provider).toMatchObject({
        id: 'pr-0001',
        businessId: p.businessId,
        name: p.name,
        status: 'APPROVED',
        email: p.email,
        phone: p.phone,
        languages: p.languages,
      });
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
      const query =
        '{ serviceTypes { code sv: name(lang: SV) en: name(lang: EN) fi: name } municipalities { code sv: name(lang: SV) en: name(lang: EN) } }';
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
    // APPLIED and REJECTED providers do not exist for others; a SUSPENDED one is readable by id
    // (its orders stay readable) but left out of lists and never offered.
    const hidden = w.providers.find((p) => p.status === 'APPLIED')!;
    const rejected = w.providers.find((p) => p.status === 'REJECTED')!;
    const suspended = w.providers.find((p) => p.status === 'SUSPENDED')!;
    const hiddenOffering = w.offerings.find((o) => o.providerId === hidden.id)!;
    const suspendedOffering = w.offerings.find((o) => o.providerId === suspended.id)!;
    const one = `{ provider(id: "${hidden.id}") { id status email } }`;
    const refs = {
      r: [
        { __typename: 'Provider', id: hidden.id },
        { __typename: 'ServiceOffering', id: hiddenOffering.id },
        { __typename: 'Provider', id: 'pr-0001' },
        { __typename: 'Provider', id: rejected.id },
        { __typename: 'Provider', id: suspended.id },
        { __typename: 'ServiceOffering', id: suspendedOffering.id },
      ],
      first: 1,
    };
    const APPLICATION = `{ provider(id: "pr-0001") { id iban appliedAt decidedAt statusReason } }`;

    it('clients, case workers, analysts and other providers do not see APPLIED or REJECTED providers', async () => {
      for (const viewer of [viewers.client, viewers.caseWorker, viewers.analyst, viewers.provider('pr-0001')]) {
        expect((await q(viewer, one)).data, viewer.role).toEqual({ provider: null });
        expect((await q(viewer, `{ provider(id: "${rejected.id}") { id } }`)).data, viewer.role).toEqual({ provider: null });
        const list: any = await q(viewer, PAGE, { first: 100 });
        expect(list.data.providers.totalCount).toBe(w.providers.filter(approved).length);
        expect(list.data.providers.edges.map((e: any) => e.node.id)).not.toContain(hidden.id);
        expect(list.data.providers.edges.map((e: any) => e.node.id)).not.toContain(suspended.id);
        const ents: any = await q(viewer, ENTITIES, refs);
        expect(ents.errors).toBeUndefined();
        expect(ents.data._entities).toEqual([
          null,
          null,
          { id: 'pr-0001', name: w.providers[0].name, status: 'APPROVED' },
          null,
          { id: suspended.id, name: suspended.name, status: 'SUSPENDED' },
          { id: suspendedOffering.id, price: { amount: (suspendedOffering.priceCents / 100).toFixed(2) }, provider: { id: suspended.id } },
        ]);
      }
    });
    it('a SUSPENDED provider is readable by id to every viewer (its orders stay readable), but not listed', async () => {
      for (const viewer of [viewers.client, viewers.caseWorker, viewers.analyst, viewers.provider('pr-0001')]) {
        const r: any = await q(viewer, `{ provider(id: "${suspended.id}") { id status } }`);
        expect(r.data, viewer.role).toEqual({ provider: { id: suspended.id, status: 'SUSPENDED' } });
        const asked: any = await q(viewer, PAGE, { first: 100, filter: { status: 'SUSPENDED' } });
        expect(asked.data.providers.totalCount, viewer.role).toBe(0);
      }
    });
    it('an administrator sees every provider, and filters by status (the queue of applications)', async () => {
      expect((await q(viewers.admin, one)).data).toEqual({ provider: { id: hidden.id, status: 'APPLIED', email: hidden.email } });
      const ents: any = await q(viewers.admin, ENTITIES, refs);
      expect(ents.data._entities.map((e: any) => e?.id)).toEqual([
        hidden.id,
        hiddenOffering.id,
        'pr-0001',
        rejected.id,
        suspended.id,
        suspendedOffering.id,
      ]);
      for (const status of ['APPLIED', 'SUSPENDED', 'REJECTED', 'APPROVED'] as const) {
        const r: any = await q(viewers.admin, PAGE, { first: 100, filter: { status } });
        expect(r.errors).toBeUndefined();
        expect(
          r.data.providers.edges.map((e: any) => e.node.id),
          status,
        ).toEqual(expectedProviders((p) => p.status === status));
      }
    });
    it('a client asking for another status sees no more than before: the filter narrows, never widens', async () => {
      const r: any = await q(viewers.client, PAGE, { first: 100, filter: { status: 'APPLIED' } });
      expect(r.data.providers).toMatchObject({ totalCount: 0, edges: [] });
      const approvedOnly: any = await q(viewers.client, PAGE, { first: 100, filter: { status: 'APPROVED' } });
      expect(approvedOnly.data.providers.edges.map((e: any) => e.node.id)).toEqual(expectedProviders(approved));
    });
    it("the application's details (IBAN, times, reason): the provider itself and administrators, null for others", async () => {
      const p = w.providers[0];
      for (const viewer of [viewers.admin, viewers.provider('pr-0001')]) {
        const r: any = await q(viewer, APPLICATION);
        expect(r.data.provider, viewer.role).toMatchObject({ id: 'pr-0001', iban: p.iban.replace(/\s+/g, ''), statusReason: null });
        expect(Date.parse(r.data.provider.appliedAt)).toBe(Date.parse(p.appliedAt));
        expect(Date.parse(r.data.provider.decidedAt)).toBe(Date.parse(p.approvedAt!));
      }
      for (const viewer of [viewers.client, viewers.caseWorker, viewers.analyst, viewers.provider('pr-0002')]) {
        const r: any = await q(viewer, APPLICATION);
        expect(r.errors, viewer.role).toBeUndefined();
        expect(r.data.provider, viewer.role).toEqual({ id: 'pr-0001', iban: null, appliedAt: null, decidedAt: null, statusReason: null });
      }
    });
    it('a provider sees itself whatever its status, and no other provider’s contact details', async () => {
      const self = viewers.provider(hidden.id);
      expect((await q(self, one)).data).toEqual({ provider: { id: hidden.id, status: 'APPLIED', email: hidden.email } });
      const list: any = await q(self, PAGE, { first: 100 });
      expect(list.data.providers.totalCount).toBe(w.providers.filter(approved).length + 1);
      const own: any = await q(self, PAGE, { first: 100, filter: { status: 'APPLIED' } });
      expect(own.data.providers.edges.map((e: any) => e.node.id)).toEqual([hidden.id]);
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
      const reps = [
        planned('a', pair.st, pair.mun),
        planned('b', 'kotihoito', '205'),
        planned('c', pair.st, pair.mun),
        planned('d', 'kotihoito', '999'),
      ];
      const r: any = await q(viewers.client, ENTITIES, { r: reps, first: 1 });
      expect(r.errors).toBeUndefined();
      const lists = r.data._entities.map((e: any) => e.availableOfferings.map((o: any) => o.id));
      expect(lists).toEqual([
        [expectedOfferable(pair.st, pair.mun)[0].id],
        [expectedOfferable('kotihoito', '205')[0].id],
        [expectedOfferable(pair.st, pair.mun)[0].id],
        [],
      ]);
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
    // Cold: the process's catalogue cache forgets first, so these count the batches themselves.
    const counted = async (run: () => Promise<unknown>, warm = false) => {
      if (!warm) subgraph.cache.invalidate();
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
      console.info(
        `[providers ${subgraph.catalogue.kind}] catalogue queries: _entities of 1 PlannedService = ${one}, of 30 = ${thirty} (${offered} offerings)`,
      );
      expect(offered).toBeGreaterThan(30);
      expect(one).toBeGreaterThan(0);
      expect(thirty).toBe(one);
    });
    it('a page of 5 providers and a page of 100 with nested lists cost the same', async () => {
      const query = `query($first: Int) { providers(first: $first) { totalCount edges { node { ${PROVIDER_FIELDS} iban appliedAt offerings { serviceType { name } provider { name } priceHistory { price { amount } validFrom validTo } } } } } }`;
      const five = await counted(() => q(viewers.admin, query, { first: 5 }));
      const hundred = await counted(() => q(viewers.admin, query, { first: 100 }));
      console.info(
        `[providers ${subgraph.catalogue.kind}] catalogue queries: providers(first: 5) = ${five}, providers(first: 100) = ${hundred}`,
      );
      expect(hundred).toBe(five);
    });
    it('read again, the same requests cost no catalogue query: the process holds the catalogue', async () => {
      expect(subgraph.cache.serving).toBe(true);
      const client = w.clients.find((c) => c.id === 'cl-00002')!;
      const plan = w.plans.find((p) => p.clientId === client.id && p.status === 'active')!;
      const reps = plan.services.map((s) => planned(s.id, s.serviceTypeCode, client.municipalityCode));
      const page = `{ providers(first: 20) { totalCount edges { node { ${PROVIDER_FIELDS} offerings { serviceType { name } priceHistory { validFrom } } } } } serviceTypes { code } municipalities { code } }`;
      const read = async () => {
        const a: any = await q(viewers.client, ENTITIES, { r: reps, first: 10 });
        const b: any = await q(viewers.admin, page, {});
        expect(a.errors).toBeUndefined();
        expect(b.errors).toBeUndefined();
        return [a.data, b.data];
      };
      const cold = await counted(read);
      let first: unknown;
      const warm = await counted(async () => (first = await read()), true);
      console.info(`[providers ${subgraph.catalogue.kind}] catalogue queries: cold ${cold}, warm ${warm}`);
      expect(cold).toBeGreaterThan(0);
      expect(warm).toBe(0);
      // And the same answers as from the database.
      subgraph.cache.invalidate();
      expect(await read()).toEqual(first);
    });
  });

  // Last: these write to the catalogue, and the tests above compare it with the untouched world.
  describe('the provider side: applying, offerings, deciding (issue 9)', () => {
    const db = () => subgraph.catalogue.db;
    const APPLY = `mutation($input: ProviderApplicationInput!) { applyAsProvider(input: $input) { ${SIDE_FIELDS} } }`;
    const SET = `mutation($input: SetOfferingInput!) { setOffering(input: $input) { ${OFFERING_FIELDS} } }`;
    const REMOVE = `mutation($input: RemoveOfferingInput!) { removeOffering(input: $input) { ${OFFERING_FIELDS} } }`;
    const DECIDE = `mutation($input: ProviderDecisionInput!) { decideProviderApplication(input: $input) { ${SIDE_FIELDS} } }`;
    const SUSPEND = `mutation($input: SuspendProviderInput!) { suspendProvider(input: $input) { ${SIDE_FIELDS} } }`;
    const OFFERED = `query($r: [_Any!]!) { _entities(representations: $r) { ... on PlannedService { availableOfferings(first: 100) { id price { amount } clientShare { amount currency } provider { id } } } } }`;
    const offered = async (st: string, mun: string, voucherValue?: string | null) => {
      const rep = {
        ...planned('ps-side', st, mun),
        ...(voucherValue !== undefined ? { voucherValue: voucherValue === null ? null : { amount: voucherValue } } : {}),
      };
      const r: any = await q(viewers.client, OFFERED, { r: [rep] });
      expect(r.errors).toBeUndefined();
      return r.data._entities[0].availableOfferings as {
        id: string;
        price: { amount: string };
        clientShare: { amount: string } | null;
        provider: { id: string };
      }[];
    };
    const application = (over: Record<string, unknown> = {}) => ({
      businessId: '1572860-0',
      name: 'Hoivapalvelu Uusi Oy',
      iban: 'fi21 1234 5600 0007 85',
      municipalityCodes: ['205', '765'],
      languages: ['FI', 'SV'],
      offerings: [
        { serviceTypeCode: 'kotihoito', price: '39.90', description: 'Kotihoito Kainuussa' },
        { serviceTypeCode: 'ateriapalvelu', price: '12.5' },
      ],
      email: 'hoiva@uusi.example.fi',
      phone: '+358 40 123 4567',
      ...over,
    });
    const rowCounts = async () => {
      const count = async (table: 'provider' | 'service_offering' | 'offering_price' | 'provider_municipality' | 'provider_language') =>
        Number(
          (
            await db()
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<string | number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      return {
        providers: await count('provider'),
        offerings: await count('service_offering'),
        prices: await count('offering_price'),
        areas: await count('provider_municipality'),
        languages: await count('provider_language'),
      };
    };
    const auditNotes = (r: unknown) => ((r as { extensions?: Record<string, unknown> }).extensions?.clientDataReads ?? []) as unknown[];
    const applicant = viewers.provider('pr-new-1');

    it('applies: APPLIED with its offerings, IBAN in electronic format, the price history begun; audited as a write', async () => {
      const r: any = await q(applicant, APPLY, { input: application() });
      expect(r.errors).toBeUndefined();
      const p = r.data.applyAsProvider;
      expect(p).toMatchObject({
        id: 'pr-new-1',
        businessId: '1572860-0',
        name: 'Hoivapalvelu Uusi Oy',
        status: 'APPLIED',
        iban: 'FI2112345600000785',
        decidedAt: null,
        statusReason: null,
        languages: ['FI', 'SV'],
        email: 'hoiva@uusi.example.fi',
      });
      expect(Date.now() - Date.parse(p.appliedAt)).toBeLessThan(60_000);
      expect(p.municipalities.map((m: any) => m.code).sort()).toEqual(['205', '765']);
      expect(p.offerings.map((o: any) => [o.serviceType.code, o.price.amount, o.unit, o.removedAt, o.clientShare])).toEqual([
        ['kotihoito', '39.90', 'HOUR', null, null],
        ['ateriapalvelu', '12.50', 'MEAL', null, null],
      ]);
      for (const o of p.offerings) expect(o.priceHistory).toEqual([{ price: o.price, validFrom: expect.any(String), validTo: null }]);
      expect(auditNotes(r)).toEqual([{ subject: 'Provider/pr-new-1', written: ['applyAsProvider Provider/pr-new-1'] }]);
    });

    it('an application is seen by the provider itself and administrators only, and never offered', async () => {
      for (const viewer of [applicant, viewers.admin])
        expect((await q(viewer, '{ provider(id: "pr-new-1") { status } }')).data).toEqual({ provider: { status: 'APPLIED' } });
      for (const viewer of [viewers.client, viewers.caseWorker, viewers.analyst, viewers.provider('pr-0001')]) {
        expect((await q(viewer, '{ provider(id: "pr-new-1") { status } }')).data, viewer.role).toEqual({ provider: null });
      }
      const queue: any = await q(viewers.admin, PAGE, { first: 100, filter: { status: 'APPLIED' } });
      expect(queue.data.providers.edges.map((e: any) => e.node.id)).toContain('pr-new-1');
      expect((await offered('kotihoito', '205')).map((o) => o.provider.id)).not.toContain('pr-new-1');
    });

    it('refuses bad input on its cause, naming the argument, and writes nothing', async () => {
      const before = await rowCounts();
      const cases: [Record<string, unknown>, string][] = [
        [{ businessId: '1572860-1' }, 'input.businessId'],
        [{ businessId: '157286-0' }, 'input.businessId'],
        [{ iban: 'FI21 1234 5600 0007 86' }, 'input.iban'],
        [{ iban: 'SE45 5000 0000 0583 9825 7466' }, 'input.iban'],
        [{ municipalityCodes: ['205', '999'] }, 'input.municipalityCodes[1]'],
        [{ municipalityCodes: ['20'] }, 'input.municipalityCodes[0]'],
        [{ municipalityCodes: [] }, 'input.municipalityCodes'],
        [
          {
            offerings: [
              { serviceTypeCode: 'kotihoito', price: '10.00' },
              { serviceTypeCode: 'ateriapalvelu', price: '-1.00' },
            ],
          },
          'input.offerings[1].price',
        ],
        [{ offerings: [{ serviceTypeCode: 'kotihoito', price: '0' }] }, 'input.offerings[0].price'],
        [{ offerings: [{ serviceTypeCode: 'kotihoito', price: '10.005' }] }, 'input.offerings[0].price'],
        [{ offerings: [{ serviceTypeCode: 'kotihoito', price: '100000.01' }] }, 'input.offerings[0].price'],
        [{ offerings: [{ serviceTypeCode: 'sauna', price: '10.00' }] }, 'input.offerings[0].serviceTypeCode'],
        [
          {
            offerings: [
              { serviceTypeCode: 'kotihoito', price: '10.00' },
              { serviceTypeCode: 'kotihoito', price: '11.00' },
            ],
          },
          'input.offerings[1].serviceTypeCode',
        ],
        [{ offerings: [] }, 'input.offerings'],
        [{ name: '   ' }, 'input.name'],
        [{ languages: [] }, 'input.languages'],
        [{ email: 'not-an-address' }, 'input.email'],
      ];
      for (const [over, argumentName] of cases) {
        const r: any = await q(viewers.provider('pr-bad-1'), APPLY, { input: application(over) });
        expect(codes(r), JSON.stringify(over)).toEqual(['BAD_USER_INPUT']);
        expect(r.errors[0].extensions.argumentName, JSON.stringify(over)).toBe(argumentName);
        expect(r.data?.applyAsProvider ?? null).toBeNull();
      }
      // A language outside the enum never reaches the resolver.
      const lang: any = await q(viewers.provider('pr-bad-1'), APPLY, { input: application({ languages: ['FI', 'DE'] }) });
      expect(codes(lang)).toEqual(['BAD_USER_INPUT']);
      expect(await rowCounts()).toEqual(before);
    });

    it('a business ID already registered to another provider is CONFLICT, and nothing is written', async () => {
      const before = await rowCounts();
      const r: any = await q(viewers.provider('pr-new-2'), APPLY, { input: application({ businessId: w.providers[0].businessId }) });
      expect(codes(r)).toEqual(['CONFLICT']);
      expect(await rowCounts()).toEqual(before);
    });

    it('applying again while APPLIED replaces the application, offerings included (same id for the same service type)', async () => {
      const first: any = await q(applicant, '{ provider(id: "pr-new-1") { offerings { id serviceType { code } } } }');
      const home = first.data.provider.offerings.find((o: any) => o.serviceType.code === 'kotihoito');
      const meals = first.data.provider.offerings.find((o: any) => o.serviceType.code === 'ateriapalvelu');
      const r: any = await q(applicant, APPLY, {
        input: application({
          municipalityCodes: ['205'],
          languages: ['FI'],
          offerings: [{ serviceTypeCode: 'kotihoito', price: '41.00' }],
        }),
      });
      expect(r.errors).toBeUndefined();
      const p = r.data.applyAsProvider;
      expect(p.municipalities.map((m: any) => m.code)).toEqual(['205']);
      expect(p.languages).toEqual(['FI']);
      expect(p.offerings.map((o: any) => [o.id, o.price.amount])).toEqual([[home.id, '41.00']]);
      expect(p.offerings[0].priceHistory.map((h: any) => h.price.amount)).toEqual(['41.00', '39.90']);
      const withdrawn: any = await q(
        applicant,
        `{ _entities(representations: [{ __typename: "ServiceOffering", id: "${meals.id}" }]) { ... on ServiceOffering { id removedAt } } }`,
      );
      expect(withdrawn.data._entities[0].removedAt).toBeTruthy();
    });

    it('setOffering: a new price applies from now on, the history keeps every price (newest first), the id stays', async () => {
      const r: any = await q(applicant, SET, { input: { serviceTypeCode: 'kotihoito', price: '43.20' } });
      expect(r.errors).toBeUndefined();
      const o = r.data.setOffering;
      expect(o).toMatchObject({
        price: { amount: '43.20', currency: 'EUR' },
        removedAt: null,
        serviceType: { code: 'kotihoito' },
        provider: { id: 'pr-new-1' },
      });
      expect(o.priceHistory.map((h: any) => [h.price.amount, h.validTo === null])).toEqual([
        ['43.20', true],
        ['41.00', false],
        ['39.90', false],
      ]);
      // Each price ends where the next begins.
      for (let i = 1; i < o.priceHistory.length; i++) expect(o.priceHistory[i].validTo).toBe(o.priceHistory[i - 1].validFrom);
      expect(auditNotes(r)).toEqual([{ subject: 'Provider/pr-new-1', written: [`setOffering ServiceOffering/${o.id}`] }]);
      // The same price again writes no new history.
      const again: any = await q(applicant, SET, { input: { serviceTypeCode: 'kotihoito', price: '43.2' } });
      expect(again.data.setOffering.priceHistory).toHaveLength(3);
      expect(again.data.setOffering.id).toBe(o.id);
    });

    it('removeOffering withdraws it (readable by id, left out of offerings); setOffering re-activates the same id', async () => {
      const set: any = await q(applicant, SET, { input: { serviceTypeCode: 'fysioterapia', price: '55.00', description: 'Kotikäynnit' } });
      const id = set.data.setOffering.id;
      const removed: any = await q(applicant, REMOVE, { input: { serviceTypeCode: 'fysioterapia' } });
      expect(removed.errors).toBeUndefined();
      expect(removed.data.removeOffering).toMatchObject({ id, removedAt: expect.any(String), description: 'Kotikäynnit' });
      expect(auditNotes(removed)).toEqual([{ subject: 'Provider/pr-new-1', written: [`removeOffering ServiceOffering/${id}`] }]);
      const own: any = await q(applicant, '{ provider(id: "pr-new-1") { offerings { serviceType { code } } } }');
      expect(own.data.provider.offerings.map((o: any) => o.serviceType.code)).toEqual(['kotihoito']);
      // A retried removal answers the same; a service type never offered is NOT_FOUND.
      expect((await q(applicant, REMOVE, { input: { serviceTypeCode: 'fysioterapia' } })).data.removeOffering.removedAt).toBe(
        removed.data.removeOffering.removedAt,
      );
      expect(codes(await q(applicant, REMOVE, { input: { serviceTypeCode: 'turvapuhelin' } }))).toEqual(['NOT_FOUND']);
      const back: any = await q(applicant, SET, { input: { serviceTypeCode: 'fysioterapia', price: '57.00' } });
      expect(back.data.setOffering).toMatchObject({ id, removedAt: null, price: { amount: '57.00' }, description: 'Kotikäynnit' });
      await q(applicant, REMOVE, { input: { serviceTypeCode: 'fysioterapia' } });
    });

    it('concurrent first applications of one provider all succeed into one record; concurrent prices leave one in force', async () => {
      const racer = viewers.provider('pr-race-1');
      const input = application({ businessId: '0737546-2', name: 'Kilpa Oy' });
      const answers: any[] = await Promise.all(Array.from({ length: 5 }, () => q(racer, APPLY, { input })));
      for (const r of answers) expect(r.errors).toBeUndefined();
      const rows = await db()
        .selectFrom('service_offering')
        .select(['id', 'service_type_code'])
        .where('provider_id', '=', 'pr-race-1')
        .execute();
      expect(rows.map((r) => r.service_type_code).sort()).toEqual(['ateriapalvelu', 'kotihoito']);
      expect(await db().selectFrom('provider').select('id').where('business_id', '=', '0737546-2').execute()).toEqual([
        { id: 'pr-race-1' },
      ]);

      const prices = ['50.00', '51.00', '52.00', '53.00', '54.00'];
      const set: any[] = await Promise.all(prices.map((price) => q(racer, SET, { input: { serviceTypeCode: 'kotihoito', price } })));
      for (const r of set) expect(r.errors).toBeUndefined();
      const home = rows.find((r) => r.service_type_code === 'kotihoito')!.id;
      const history = await db().selectFrom('offering_price').selectAll().where('offering_id', '=', home).orderBy('id').execute();
      expect(history.filter((h) => h.valid_to === null)).toHaveLength(1);
      expect(
        history
          .map((h) => Number(h.price_cents))
          .slice(1)
          .sort(),
      ).toEqual([5000, 5100, 5200, 5300, 5400]);
      const today = await db().selectFrom('service_offering').select('price_cents').where('id', '=', home).executeTakeFirstOrThrow();
      expect(Number(today.price_cents)).toBe(Number(history.find((h) => h.valid_to === null)!.price_cents));
      // Each closed price ends no earlier than it began, and where its successor begins.
      for (let i = 0; i < history.length - 1; i++) expect(history[i].valid_to!.getTime()).toBe(history[i + 1].valid_from.getTime());
    });

    it('offerings are the provider’s own: no record is NOT_FOUND, others are FORBIDDEN; nothing written', async () => {
      const before = await rowCounts();
      expect(codes(await q(viewers.provider('pr-nobody'), SET, { input: { serviceTypeCode: 'kotihoito', price: '10.00' } }))).toEqual([
        'NOT_FOUND',
      ]);
      const rejected = w.providers.find((p) => p.status === 'REJECTED')!;
      const suspended = w.providers.find((p) => p.status === 'SUSPENDED')!;
      for (const id of [rejected.id, suspended.id]) {
        expect(codes(await q(viewers.provider(id), SET, { input: { serviceTypeCode: 'kotihoito', price: '10.00' } })), id).toEqual([
          'FORBIDDEN',
        ]);
      }
      for (const viewer of [viewers.admin, viewers.client, viewers.caseWorker, viewers.analyst]) {
        expect(codes(await q(viewer, SET, { input: { serviceTypeCode: 'kotihoito', price: '10.00' } })), viewer.role).toEqual([
          'FORBIDDEN',
        ]);
      }
      expect(await rowCounts()).toEqual(before);
    });

    it('approval with the voucher system, then the client-record system down: UPSTREAM_UNAVAILABLE naming each, the provider stays APPLIED; the retry completes', async () => {
      const stillApplied = async () =>
        expect((await q(viewers.admin, '{ provider(id: "pr-new-1") { status decidedAt } }')).data.provider).toEqual({
          status: 'APPLIED',
          decidedAt: null,
        });
      voucherSystem.setFaults({ failureRate: 1 });
      let down: any;
      try {
        down = await q(viewers.admin, DECIDE, { input: { providerId: 'pr-new-1', decision: 'APPROVE' } });
      } finally {
        voucherSystem.setFaults({ failureRate: 0 });
      }
      expect(codes(down)).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(down.errors[0].extensions.system).toBe('voucher-system');
      expect(down.errors[0].message).not.toMatch(/PUT|\/providers|http/);
      expect(auditNotes(down)).toEqual([]);
      await stillApplied();
      // The register comes first: nothing was asked of the client-record system.
      expect(await organizationOf('pr-new-1')).toBeNull();

      // Registered for payments now, but the client-record system is down: still nothing decided.
      clientRecordSystem.setFaults({ failureRate: 1 });
      let fhirDown: any;
      try {
        fhirDown = await q(viewers.admin, DECIDE, { input: { providerId: 'pr-new-1', decision: 'APPROVE' } });
      } finally {
        clientRecordSystem.setFaults({ failureRate: 0 });
      }
      expect(codes(fhirDown)).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(fhirDown.errors[0].extensions.system).toBe('client-record-system');
      expect(fhirDown.errors[0].message).toContain('still APPLIED');
      expect(fhirDown.errors[0].message).not.toMatch(/Organization\/|fhir|http/i);
      expect(auditNotes(fhirDown)).toEqual([]);
      await stillApplied();
      expect(await organizationOf('pr-new-1')).toBeNull();
      expect((await offered('kotihoito', '205')).map((o) => o.provider.id)).not.toContain('pr-new-1');

      const r: any = await q(viewers.admin, DECIDE, { input: { providerId: 'pr-new-1', decision: 'APPROVE', reason: 'Kaikki kunnossa' } });
      expect(r.errors).toBeUndefined();
      expect(r.data.decideProviderApplication).toMatchObject({
        status: 'APPROVED',
        statusReason: 'Kaikki kunnossa',
        decidedAt: expect.any(String),
      });
      expect(auditNotes(r)).toEqual([{ subject: 'Provider/pr-new-1', written: ['decideProviderApplication Provider/pr-new-1'] }]);
      // Registered for payments, with the IBAN as applied.
      const registered = await (
        await fetch(`${voucherSystem.url}/providers/pr-new-1`, {
          headers: { authorization: `Bearer ${await accessToken(voucherSystem.url)}` },
        })
      ).json();
      expect(registered).toMatchObject({
        id: 'pr-new-1',
        businessId: '1572860-0',
        name: 'Hoivapalvelu Uusi Oy',
        iban: 'FI2112345600000785',
      });
      // And an Organization of the client-record system at its id, in active use: plans can name it.
      expect(await organizationOf('pr-new-1')).toMatchObject({
        resourceType: 'Organization',
        id: 'pr-new-1',
        identifier: [{ use: 'official', system: BUSINESS_ID_SYSTEM, value: '1572860-0' }],
        name: 'Hoivapalvelu Uusi Oy',
        active: true,
        meta: { versionId: '1' },
      });
    });

    it('approving a seeded applicant updates the Organization the client-record system has (active, its other details kept); a retried step writes nothing', async () => {
      const seededApplicant = w.providers.filter((p) => p.status === 'APPLIED')[1];
      const before = (await organizationOf(seededApplicant.id))!;
      expect(before).toMatchObject({ active: false, meta: { versionId: '1' } });
      const r: any = await q(viewers.admin, DECIDE, { input: { providerId: seededApplicant.id, decision: 'APPROVE' } });
      expect(r.errors).toBeUndefined();
      expect(r.data.decideProviderApplication.status).toBe('APPROVED');
      const after = (await organizationOf(seededApplicant.id))!;
      expect(after).toMatchObject({
        active: true,
        name: seededApplicant.name,
        identifier: before.identifier,
        telecom: before.telecom,
        type: before.type,
        meta: { versionId: '2' },
      });
      // pr-new-1's Organization is as its approval left it: nothing rewritten by another decision.
      expect(await organizationVersions('pr-new-1')).toBe(1);
    });

    it("an approved provider's offerings are offered, cheapest first, with the client's own share per unit", async () => {
      const list = await offered('kotihoito', '205', '45.00');
      const cents = list.map((o) => Math.round(Number(o.price.amount) * 100));
      expect(cents).toEqual([...cents].sort((a, b) => a - b));
      expect(list.map((o) => o.provider.id)).toContain('pr-new-1');
      for (const o of list)
        expect(o.clientShare).toEqual({
          amount: (Math.max(0, Math.round(Number(o.price.amount) * 100) - 4500) / 100).toFixed(2),
          currency: 'EUR',
        });
      // No voucher value (the voucher system could not say): no share, the list all the same.
      expect((await offered('kotihoito', '205', null)).map((o) => o.clientShare)).toEqual(list.map(() => null));
      // Only where it serves: the second application left Sotkamo out.
      expect((await offered('kotihoito', '765')).map((o) => o.provider.id)).not.toContain('pr-new-1');
      // Withdrawn offerings are not offered.
      expect((await offered('fysioterapia', '205')).map((o) => o.provider.id)).not.toContain('pr-new-1');
    });

    it('deciding a non-APPLIED provider or suspending a non-APPROVED one is CONFLICT; reasons are required; nothing written', async () => {
      const before = await rowCounts();
      const snapshot = () => db().selectFrom('provider').selectAll().orderBy('id').execute();
      const rows = await snapshot();
      const applied = w.providers.find((p) => p.status === 'APPLIED')!;
      expect(codes(await q(viewers.admin, DECIDE, { input: { providerId: 'pr-new-1', decision: 'REJECT', reason: 'late' } }))).toEqual([
        'CONFLICT',
      ]);
      expect(codes(await q(viewers.admin, DECIDE, { input: { providerId: 'pr-0001', decision: 'APPROVE' } }))).toEqual(['CONFLICT']);
      expect(codes(await q(viewers.admin, SUSPEND, { input: { providerId: applied.id, reason: 'x' } }))).toEqual(['CONFLICT']);
      expect(codes(await q(viewers.admin, DECIDE, { input: { providerId: 'pr-nobody', decision: 'APPROVE' } }))).toEqual(['NOT_FOUND']);
      const noReason: any = await q(viewers.admin, DECIDE, { input: { providerId: applied.id, decision: 'REJECT' } });
      expect(codes(noReason)).toEqual(['BAD_USER_INPUT']);
      expect(noReason.errors[0].extensions.argumentName).toBe('input.reason');
      expect(codes(await q(viewers.admin, SUSPEND, { input: { providerId: 'pr-new-1', reason: '  ' } }))).toEqual(['BAD_USER_INPUT']);
      for (const viewer of [applicant, viewers.client, viewers.caseWorker, viewers.analyst]) {
        expect(codes(await q(viewer, SUSPEND, { input: { providerId: 'pr-new-1', reason: 'x' } })), viewer.role).toEqual(['FORBIDDEN']);
        expect(codes(await q(viewer, DECIDE, { input: { providerId: applied.id, decision: 'APPROVE' } })), viewer.role).toEqual([
          'FORBIDDEN',
        ]);
      }
      expect(await rowCounts()).toEqual(before);
      expect(await snapshot()).toEqual(rows);
    });

    it('an APPROVED provider cannot apply again (CONFLICT); a REJECTED one can', async () => {
      expect(codes(await q(applicant, APPLY, { input: application() }))).toEqual(['CONFLICT']);
      const again = viewers.provider('pr-new-3');
      expect((await q(again, APPLY, { input: application({ businessId: '1145770-0' }) })).errors).toBeUndefined();
      const rejected: any = await q(viewers.admin, DECIDE, {
        input: { providerId: 'pr-new-3', decision: 'REJECT', reason: 'Puutteellinen hakemus' },
      });
      expect(rejected.data.decideProviderApplication).toMatchObject({ status: 'REJECTED', statusReason: 'Puutteellinen hakemus' });
      const reapplied: any = await q(again, APPLY, { input: application({ businessId: '1145770-0', name: 'Korjattu Oy' }) });
      expect(reapplied.errors).toBeUndefined();
      expect(reapplied.data.applyAsProvider).toMatchObject({ status: 'APPLIED', name: 'Korjattu Oy', decidedAt: null, statusReason: null });
    });

    it('suspending with the client-record system down: UPSTREAM_UNAVAILABLE naming it, still APPROVED and offered, nothing written', async () => {
      clientRecordSystem.setFaults({ failureRate: 1 });
      let down: any;
      try {
        down = await q(viewers.admin, SUSPEND, { input: { providerId: 'pr-new-1', reason: 'Valvontahavainto' } });
      } finally {
        clientRecordSystem.setFaults({ failureRate: 0 });
      }
      expect(codes(down)).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(down.errors[0]).toMatchObject({
        extensions: { system: 'client-record-system' },
        message: expect.stringContaining('still APPROVED'),
      });
      expect(auditNotes(down)).toEqual([]);
      expect((await q(viewers.admin, '{ provider(id: "pr-new-1") { status statusReason } }')).data.provider).toEqual({
        status: 'APPROVED',
        statusReason: 'Kaikki kunnossa',
      });
      expect((await offered('kotihoito', '205')).map((o) => o.provider.id)).toContain('pr-new-1');
      expect(await organizationOf('pr-new-1')).toMatchObject({ active: true, meta: { versionId: '1' } });
    });

    it('suspending: the reason kept, its offerings leave availableOfferings at once, it stays readable by id', async () => {
      const r: any = await q(viewers.admin, SUSPEND, { input: { providerId: 'pr-new-1', reason: 'Valvontahavainto' } });
      expect(r.errors).toBeUndefined();
      expect(r.data.suspendProvider).toMatchObject({ status: 'SUSPENDED', statusReason: 'Valvontahavainto' });
      expect(auditNotes(r)).toEqual([{ subject: 'Provider/pr-new-1', written: ['suspendProvider Provider/pr-new-1'] }]);
      expect((await offered('kotihoito', '205', '45.00')).map((o) => o.provider.id)).not.toContain('pr-new-1');
      const seen: any = await q(viewers.client, '{ provider(id: "pr-new-1") { status statusReason offerings { id } } }');
      expect(seen.data.provider).toEqual({
        status: 'SUSPENDED',
        statusReason: null,
        offerings: [expect.objectContaining({ id: expect.any(String) })],
      });
      expect(codes(await q(applicant, APPLY, { input: application() }))).toEqual(['CONFLICT']);
      expect(codes(await q(applicant, SET, { input: { serviceTypeCode: 'kotihoito', price: '1.00' } }))).toEqual(['FORBIDDEN']);
      // The client-record system keeps it, no longer in active use (plans that name it stay valid).
      expect(await organizationOf('pr-new-1')).toMatchObject({
        id: 'pr-new-1',
        active: false,
        name: 'Hoivapalvelu Uusi Oy',
        meta: { versionId: '2' },
      });
    });

    it('suspending a provider the client-record system has no Organization for suspends it, and registers none', async () => {
      const unregistered = 'pr-new-4';
      await q(viewers.provider(unregistered), APPLY, { input: application({ businessId: '1234561-2', name: 'Rekisteröimätön Oy' }) });
      // Approved before providers were registered there: the catalogue says so, the client-record system has nothing.
      await db()
        .updateTable('provider')
        .set({ status: 'APPROVED', approved_at: new Date(), decided_at: new Date() })
        .where('id', '=', unregistered)
        .execute();
      const r: any = await q(viewers.admin, SUSPEND, { input: { providerId: unregistered, reason: 'Valvontahavainto' } });
      expect(r.errors).toBeUndefined();
      expect(r.data.suspendProvider.status).toBe('SUSPENDED');
      expect(await organizationOf(unregistered)).toBeNull();
    });
  });
}
