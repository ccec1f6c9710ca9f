/**
 * The client-records subgraph over real HTTP, in front of the real client-record system
 * stand-in: authentication of the gateway's signed viewer, the access policy per role (a
 * provider's need-to-know read from the plans' performers), the audit notes in the response
 * extensions, Relay paging and search, entity resolution, batching (counted at the stand-in)
 * and failure of the system.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hundredthsToDecimal } from '../../lib/money.js';
import type { RunningSubgraph } from '../../lib/subgraph-server.js';
import type { Viewer } from '../../lib/viewer.js';
import { getWorld } from '../../seed/world.js';
import type { RunningStandIn } from '../../systems/http.js';
import { startClientRecordSystem } from '../../systems/client-record-system/server.js';
import { registrationsOf } from '../../systems/registrations.js';
import { ephemeralSystemCredentials } from '../../lib/system-credentials.js';
import { startClientRecordsSubgraph } from './server.js';
import { claims, codes, errorAt, forged, subgraphClient, viewer, viewerOf, type GraphQLResponse } from '../../test/support/index.js';

const world = getWorld();
const secret = new TextEncoder().encode('test-secret-of-at-least-thirty-two-characters');

let system: RunningStandIn;
let subgraph: RunningSubgraph;

const caseWorker205 = viewerOf(claims.caseWorker());
const client1 = viewerOf(claims.client());
const provider = viewerOf(claims.provider('pr-0001', 'pr-0001'));
const analyst = viewerOf(claims.analyst('an-1', '205'));
const admin = viewerOf(claims.admin('ad-1'));

type GqlAnswer = GraphQLResponse & {
  extensions?: { clientDataReads?: { clientId: string; municipalityCode: string | null; kinds: string[] }[] };
};
const call = subgraphClient({ url: () => subgraph.url, secret, audience: 'client-records' });
/** As a viewer (the Kajaani case worker unless told), as that case worker signed with a secret the subgraph does not know ('forged'), or with no header (null). */
const gql = (query: string, variables: Record<string, unknown> = {}, as: Viewer | null | 'forged' = caseWorker205): Promise<GqlAnswer> =>
  call(as === 'forged' ? forged(caseWorker205) : as, query, variables);

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on Client { id firstName lastName municipality { code } language }
  ... on ClientPlan { id version status services { id } }
  ... on PlannedService { id quantity unit per serviceType { code } plan { id } }
  ... on CaseWorker { id name }
} }`;

const other = world.clients.find((c) => c.municipalityCode !== '205')!;
const kajaani = world.clients.filter((c) => c.municipalityCode === '205');
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
const byFamily = (a: (typeof world.clients)[number], b: (typeof world.clients)[number]) => {
  const [x, y] = [
    `${fold(a.familyName)}\u0000${fold(a.givenName)}\u0000${a.id}`,
    `${fold(b.familyName)}\u0000${fold(b.givenName)}\u0000${b.id}`,
  ];
  return x < y ? -1 : x > y ? 1 : 0;
};

beforeAll(async () => {
  const systemCredentials = await ephemeralSystemCredentials();
  system = await startClientRecordSystem({ world, clients: registrationsOf(systemCredentials).clientRecordSystem });
  subgraph = await startClientRecordsSubgraph({
    clientRecordSystemUrl: system.url,
    signingSecret: secret,
    systemCredentials,
    retryPolicy: { timeoutMs: 2000, retries: 1, backoffMs: 10 },
  });
});
afterAll(async () => {
  await subgraph?.close();
  await system?.close();
});
beforeEach(() => {
  system.setFaults({ failureRate: 0, latencyMs: 0 });
  system.requests.reset();
});

describe('authentication', () => {
  it.each([
    ['no header', null],
    ['a forged header', 'forged'],
  ] as const)('%s: UNAUTHENTICATED and no data, for queries and _entities alike', async (_label, as) => {
    const query = await gql('{ me { role } client(id: "cl-00001") { id personalIdentityCode } }', {}, as);
    expect(codes(query)).toEqual(['UNAUTHENTICATED']);
    expect(query.data ?? null).toBeNull();
    const entities = await gql(ENTITIES, { r: [{ __typename: 'Client', id: 'cl-00001' }] }, as);
    expect(codes(entities)).toEqual(['UNAUTHENTICATED']);
    expect(entities.data ?? null).toBeNull();
    expect(system.requests.count()).toBe(0);
  });

  it('me is the verified viewer', async () => {
    const { data } = await gql('{ me { subject role municipalityCode providerId clientId } }');
    expect(data.me).toEqual({ subject: 'cw-0001', role: 'CASE_WORKER', municipalityCode: '205', providerId: null, clientId: null });
  });
});

describe('a case worker', () => {
  it('reads a client of their municipality in full', async () => {
    const c = world.clients[0];
    const plan = world.plans.find((p) => p.clientId === c.id && p.status === 'active')!;
    const { data, errors } = await gql(`{ client(id: "cl-00001") {
      id personalIdentityCode firstName lastName birthDate municipality { code } language address { line postalCode city } phone
      responsibleWorker { id name phone email municipality { code } }
      currentPlan { id version status validFrom validTo situation goals approvedAt
        services { id serviceType { code } quantity unit per schedule location instructions plan { id } } }
      plans { id status validFrom }
    } }`);
    expect(errors).toBeUndefined();
    expect(data.client).toMatchObject({
      id: c.id,
      personalIdentityCode: c.hetu,
      firstName: c.givenName,
      lastName: c.familyName,
      birthDate: c.birthDate,
      municipality: { code: '205' },
      language: 'FI',
      address: c.address,
      phone: c.phone,
      responsibleWorker: { id: 'cw-0001', municipality: { code: '205' } },
    });
    expect(data.client.currentPlan).toMatchObject({
      id: plan.id,
      version: String(plan.versionId),
      status: 'ACTIVE',
      validFrom: plan.validFrom,
      validTo: plan.validTo,
      situation: plan.situation,
      goals: plan.goals.map((g) => g.text),
      approvedAt: plan.approvedAt,
    });
    expect(data.client.currentPlan.services).toEqual(
      plan.services.map((ps) => ({
        id: ps.id,
        serviceType: { code: ps.serviceTypeCode },
        quantity: hundredthsToDecimal(ps.quantity),
        unit: ps.unit,
        per: ps.per,
        schedule: ps.schedule,
        location: ps.location,
        instructions: ps.instructions,
        plan: { id: plan.id },
      })),
    );
  });

  it('sees plans newest first, with decimals exact ("2.5")', async () => {
    const withHistory = kajaani.find((c) => world.plans.filter((p) => p.clientId === c.id).length > 1)!;
    const { data } = await gql('query($id: ID!) { client(id: $id) { plans { id validFrom } } }', { id: withHistory.id });
    const froms = data.client.plans.map((p: { validFrom: string }) => p.validFrom);
    expect(froms).toEqual([...froms].sort().reverse());
    expect(data.client.plans).toHaveLength(world.plans.filter((p) => p.clientId === withHistory.id).length);
    const two = await gql('{ client(id: "cl-00002") { currentPlan { services { quantity } } } }');
    const quantities = two.data.client.currentPlan.services.map((s: { quantity: string }) => s.quantity);
    expect(quantities).toEqual(world.plans.find((p) => p.id === 'pl-00002-1')!.services.map((s) => hundredthsToDecimal(s.quantity)));
    expect(quantities).toContain('2.5');
  });

  it('gets the same FORBIDDEN for a client of another municipality as for an id that is nobody’s', async () => {
    const ask = (id: string) => gql('query($id: ID!) { client(id: $id) { id firstName } }', { id });
    const forbidden = await ask(other.id);
    expect(forbidden.data.client).toBeNull();
    expect(codes(forbidden)).toEqual(['FORBIDDEN']);
    expect(errorAt(forbidden, ['client'])).toBeDefined();
    // Told apart, the two answers would tell a case worker who is a client elsewhere.
    expect(await ask('cl-99999')).toEqual(forbidden);
    expect(await ask('cl-00001,cl-00002')).toEqual(forbidden);
  });

  it('lists only their municipality, by family name, paging to the end with cursors', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let totalCount = 0;
    for (let pages = 0; ; pages++) {
      const answer: GqlAnswer = await gql(
        'query($after: String) { clients(first: 7, after: $after) { totalCount edges { cursor node { id municipality { code } } } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      expect(answer.errors).toBeUndefined();
      const page = answer.data.clients;
      totalCount = page.totalCount;
      expect(page.edges.length).toBeLessThanOrEqual(7);
      for (const e of page.edges) expect(e.node.municipality.code).toBe('205');
      seen.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
      expect(pages).toBeLessThan(20);
    }
    expect(totalCount).toBe(kajaani.length);
    expect(seen).toEqual([...kajaani].sort(byFamily).map((c) => c.id));
  });

  it('first outside 1–100 and a foreign cursor are BAD_USER_INPUT', async () => {
    for (const first of [101, 0, -1]) {
      const answer = await gql('query($first: Int) { clients(first: $first) { totalCount } }', { first });
      expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
      expect(answer.data ?? null).toBeNull();
    }
    const ok = await gql('{ clients(first: 100) { edges { node { id } } } }');
    expect(ok.data.clients.edges).toHaveLength(Math.min(100, kajaani.length));
    expect(codes(await gql('{ clients(after: "not-a-cursor") { totalCount } }'))).toEqual(['BAD_USER_INPUT']);
  });

  it('searches by an exact identity code, within their municipality only', async () => {
    const q = 'query($s: String) { clients(search: $s) { totalCount edges { node { id personalIdentityCode } } } }';
    const own = await gql(q, { s: world.clients[0].hetu });
    expect(own.data.clients.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(['cl-00001']);
    expect(own.data.clients.edges[0].node.personalIdentityCode).toBe(world.clients[0].hetu);
    expect((await gql(q, { s: ` ${world.clients[0].hetu.toLowerCase()} ` })).data.clients.totalCount).toBe(1);
    const foreign = await gql(q, { s: other.hetu });
    expect(foreign.data.clients.totalCount).toBe(0);
  });

  it('a string shaped like an identity code with a wrong check character, or part of one, is BAD_USER_INPUT', async () => {
    const hetu = world.clients[0].hetu;
    const wrong = hetu.slice(0, -1) + (hetu.endsWith('A') ? 'B' : 'A');
    const q = 'query($s: String) { clients(search: $s) { totalCount } }';
    for (const s of [wrong, hetu.slice(0, 6), 'Kemppainen,Virtanen', 'a'.repeat(101)]) {
      const answer = await gql(q, { s });
      expect(codes(answer), s).toEqual(['BAD_USER_INPUT']);
    }
    expect(system.requests.count()).toBe(0);
  });

  it('searches by name prefix, case-insensitively, every word a prefix', async () => {
    const target = kajaani[3];
    const prefix = target.familyName.slice(0, 4).toUpperCase();
    const { data } = await gql(
      'query($s: String) { clients(search: $s, first: 100) { totalCount edges { node { id lastName firstName } } } }',
      { s: prefix },
    );
    const expected = kajaani.filter((c) =>
      [c.familyName, c.givenName].some((n) =>
        fold(n)
          .split(/[\s-]/)
          .concat(fold(n))
          .some((t) => t.startsWith(fold(prefix))),
      ),
    );
    expect(data.clients.edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual(expected.map((c) => c.id).sort());
    const both = await gql('query($s: String) { clients(search: $s) { edges { node { id } } } }', {
      s: `${target.givenName.slice(0, 3)} ${target.familyName.slice(0, 3)}`,
    });
    expect(both.data.clients.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(target.id);
  });
});

describe('a client', () => {
  it('sees themself, identity code included, and nobody else', async () => {
    const own = await gql('{ client(id: "cl-00001") { id personalIdentityCode currentPlan { situation } } }', {}, client1);
    expect(own.errors).toBeUndefined();
    expect(own.data.client.personalIdentityCode).toBe(world.clients[0].hetu);
    const neighbour = await gql('{ client(id: "cl-00002") { id } }', {}, client1);
    expect(neighbour.data.client).toBeNull();
    expect(codes(neighbour)).toEqual(['FORBIDDEN']);
    const list = await gql('{ clients { totalCount edges { node { id } } } }', {}, client1);
    expect(list.data.clients).toEqual({ totalCount: 1, edges: [{ node: { id: 'cl-00001' } }] });
    const entity = await gql(ENTITIES, { r: [{ __typename: 'Client', id: 'cl-00002' }] }, client1);
    expect(entity.data._entities).toEqual([null]);
    expect(codes(entity)).toEqual(['FORBIDDEN']);
  });
});

/** Who performs each planned service, by the stand-in's rule: every provider with an order for it, whatever its state. */
const LIVE = new Set(['REQUESTED', 'ACCEPTED', 'COMPLETED', 'DECLINED', 'CANCELLED']);
const performersOf = new Map<string, Set<string>>();
for (const o of world.orders)
  if (LIVE.has(o.status))
    (performersOf.get(o.plannedServiceId) ?? performersOf.set(o.plannedServiceId, new Set()).get(o.plannedServiceId)!).add(o.providerId);
const performs = (providerId: string, serviceId: string) => performersOf.get(serviceId)?.has(providerId) ?? false;
/** A provider's plans of a client: not revoked, with a service it performs. */
const plansServedBy = (providerId: string, clientId: string) =>
  world.plans.filter((p) => p.clientId === clientId && p.status !== 'revoked' && p.services.some((s) => performs(providerId, s.id)));
const serves = (providerId: string, clientId: string) => plansServedBy(providerId, clientId).length > 0;
const reads = (a: GqlAnswer) => a.extensions?.clientDataReads ?? [];

describe('a provider: need-to-know from the client record', () => {
  // cl-00003: pr-0001 performs one service (ps-00003-1-05) of the active plan; pr-0049 and others the rest;
  // a revoked and a draft plan without pr-0001. cl-00015: pr-0001 only in the completed plan, the active
  // plan is pr-0043's. cl-00020: pr-0001's only order was cancelled, yet it holds that order, so it still serves
  // (the record keeps it as performer). cl-00007: Kainuu, never chose pr-0001. cl-00150: another region.
  const served = world.clients.find((c) => c.id === 'cl-00003')!;
  const SERVED_CLIENT = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Client {
    id firstName lastName address { line postalCode city } language municipality { code }
    personalIdentityCode birthDate phone responsibleWorker { id }
    currentPlan { id status validFrom validTo version situation goals approvedAt services { id } }
    plans { id status services { id serviceType { code } quantity unit per schedule location instructions } goals }
  } } }`;

  it('the fixtures say what the tests think they say', () => {
    expect(plansServedBy('pr-0001', 'cl-00003').map((p) => p.id)).toEqual(['pl-00003-1']);
    expect(
      world.plans
        .find((p) => p.id === 'pl-00003-1')!
        .services.filter((s) => performs('pr-0001', s.id))
        .map((s) => s.id),
    ).toEqual(['ps-00003-1-05']);
    expect(world.plans.filter((p) => p.clientId === 'cl-00003').map((p) => p.status)).toEqual(['active', 'revoked', 'draft']);
    expect(plansServedBy('pr-0001', 'cl-00015').map((p) => [p.id, p.status])).toEqual([['pl-00015-1', 'completed']]);
    expect(world.orders.filter((o) => o.clientId === 'cl-00020' && o.providerId === 'pr-0001').map((o) => o.status)).toEqual(['CANCELLED']);
    expect(serves('pr-0001', 'cl-00020')).toBe(true);
    expect(serves('pr-0001', 'cl-00007')).toBe(false);
    expect(serves('pr-0001', 'cl-00150')).toBe(false);
  });

  it('may not look clients up at the root', async () => {
    for (const query of ['{ client(id: "cl-00001") { id } }', '{ clients { totalCount } }']) {
      const answer = await gql(query, {}, provider);
      expect(codes(answer)).toEqual(['FORBIDDEN']);
      expect(reads(answer)).toEqual([]);
    }
  });

  it('a served client: delivery fields; the rest null with FORBIDDEN at its path; lists filtered to its own services', async () => {
    const answer = await gql(SERVED_CLIENT, { r: [{ __typename: 'Client', id: served.id }] }, provider);
    const c = answer.data._entities[0];
    const plan = world.plans.find((p) => p.id === 'pl-00003-1')!;
    const ps = plan.services.find((s) => s.id === 'ps-00003-1-05')!;
    expect(c).toMatchObject({
      id: served.id,
      firstName: served.givenName,
      lastName: served.familyName,
      address: served.address,
      language: served.language,
      municipality: { code: '205' },
      personalIdentityCode: null,
      birthDate: null,
      phone: null,
      responsibleWorker: null,
    });
    // The active plan is one it performs in: its frame, no content, only its own service.
    expect(c.currentPlan).toEqual({
      id: plan.id,
      status: 'ACTIVE',
      validFrom: plan.validFrom,
      validTo: plan.validTo,
      version: String(plan.versionId),
      situation: null,
      goals: [],
      approvedAt: null,
      services: [{ id: ps.id }],
    });
    // Plans: only the one it performs in (not the revoked or the draft), services: only its own, goals: [].
    expect(c.plans).toEqual([
      {
        id: plan.id,
        status: 'ACTIVE',
        goals: [],
        services: [
          {
            id: ps.id,
            serviceType: { code: ps.serviceTypeCode },
            quantity: hundredthsToDecimal(ps.quantity),
            unit: ps.unit,
            per: ps.per,
            schedule: ps.schedule,
            location: ps.location,
            instructions: ps.instructions,
          },
        ],
      },
    ]);
    const forbiddenAt = (answer.errors ?? []).map((e) => [e.path!.slice(2).join('.'), e.extensions?.code]);
    expect(forbiddenAt.sort()).toEqual(
      [
        ['personalIdentityCode', 'FORBIDDEN'],
        ['birthDate', 'FORBIDDEN'],
        ['phone', 'FORBIDDEN'],
        ['responsibleWorker', 'FORBIDDEN'],
        ['currentPlan.situation', 'FORBIDDEN'],
        ['currentPlan.approvedAt', 'FORBIDDEN'],
      ].sort(),
    );
    // The audit: the client, the plan and the service it read; no identity code. A disclosure,
    // with its basis: the service the provider performs.
    expect(reads(answer)).toEqual([
      {
        clientId: served.id,
        municipalityCode: '205',
        kinds: ['Client', 'ClientPlan', 'Existence', 'PlannedService'],
        basis: ['PlannedService/ps-00003-1-05'],
      },
    ]);
  });

  it('a client it served only in a completed plan: that plan, and currentPlan FORBIDDEN (the active plan is another provider’s)', async () => {
    const answer = await gql(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Client { id firstName currentPlan { id } plans { id status services { id } } } } }',
      { r: [{ __typename: 'Client', id: 'cl-00015' }] },
      provider,
    );
    const completed = world.plans.find((p) => p.id === 'pl-00015-1')!;
    expect(answer.data._entities[0]).toEqual({
      id: 'cl-00015',
      firstName: world.clients[14].givenName,
      currentPlan: null,
      plans: [
        {
          id: completed.id,
          status: 'COMPLETED',
          services: completed.services.filter((s) => performs('pr-0001', s.id)).map((s) => ({ id: s.id })),
        },
      ],
    });
    expect(codes(answer)).toEqual(['FORBIDDEN']);
    expect(errorAt(answer, ['_entities', 0, 'currentPlan'])).toBeDefined();
  });

  it('a client it does not serve is null with FORBIDDEN, like a root lookup, and nothing is noted for the audit', async () => {
    const answer = await gql(
      SERVED_CLIENT,
      { r: ['cl-00007', 'cl-00150', 'cl-99999', served.id].map((id) => ({ __typename: 'Client', id })) },
      provider,
    );
    expect(answer.data._entities.slice(0, 3)).toEqual([null, null, null]);
    expect(answer.data._entities[3]).toMatchObject({ id: served.id });
    for (const i of [0, 1, 2]) expect(errorAt(answer, ['_entities', i])?.extensions?.code).toBe('FORBIDDEN');
    expect(reads(answer).map((r: { clientId: string }) => r.clientId)).toEqual([served.id]);
  });

  it('PlannedService entities: only the services it performs; their plan shows no content', async () => {
    const plan = world.plans.find((p) => p.id === 'pl-00003-1')!;
    const answer = await gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on PlannedService {
        id quantity unit per schedule location instructions serviceType { code } serviceTypeCode municipalityCode
        plan { id situation goals services { id } client { id firstName personalIdentityCode } } } } }`,
      { r: plan.services.map((s) => ({ __typename: 'PlannedService', id: s.id })) },
      provider,
    );
    plan.services.forEach((s, i) => {
      const got = answer.data._entities[i];
      if (performs('pr-0001', s.id)) {
        expect(got).toMatchObject({
          id: s.id,
          quantity: hundredthsToDecimal(s.quantity),
          instructions: s.instructions,
          serviceTypeCode: s.serviceTypeCode,
          municipalityCode: '205',
        });
        expect(got.plan).toEqual({
          id: plan.id,
          situation: null,
          goals: [],
          services: [{ id: s.id }],
          client: { id: 'cl-00003', firstName: served.givenName, personalIdentityCode: null },
        });
        expect(errorAt(answer, ['_entities', i, 'plan', 'situation'])?.extensions?.code).toBe('FORBIDDEN');
      } else {
        expect(got, s.id).toBeNull();
        expect(errorAt(answer, ['_entities', i])?.extensions?.code).toBe('FORBIDDEN');
      }
    });
    expect(answer.data._entities.filter(Boolean)).toHaveLength(1);
    expect(reads(answer)).toEqual([
      {
        clientId: 'cl-00003',
        municipalityCode: '205',
        kinds: ['Client', 'ClientPlan', 'Existence', 'PlannedService'],
        basis: ['PlannedService/ps-00003-1-05'],
      },
    ]);
  });

  it('ClientPlan entities: plans it performs in; not a revoked, a draft or another provider’s plan', async () => {
    const answer = await gql(
      ENTITIES,
      { r: ['pl-00003-1', 'pl-00003-2', 'pl-00003-3', 'pl-00015-1', 'pl-00015-2'].map((id) => ({ __typename: 'ClientPlan', id })) },
      provider,
    );
    expect(answer.data._entities.map((p: { id: string } | null) => p?.id ?? null)).toEqual(['pl-00003-1', null, null, 'pl-00015-1', null]);
    expect(answer.data._entities[0].services).toEqual([{ id: 'ps-00003-1-05' }]);
    expect(codes(answer)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
  });

  it('the Client entities of all its clients cost one Patient and one CarePlan search, however many', async () => {
    const mine = world.clients.filter((c) => serves('pr-0001', c.id)).map((c) => c.id);
    expect(mine.length).toBeGreaterThan(20);
    const answer = await gql(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Client { id firstName plans { id services { id } } currentPlan { id } } } }',
      { r: [...mine, 'cl-00007'].map((id) => ({ __typename: 'Client', id })) },
      provider,
    );
    expect(answer.data._entities.slice(0, -1).map((c: { id: string }) => c.id)).toEqual(mine);
    expect(answer.data._entities.at(-1)).toBeNull();
    for (const [i, id] of mine.entries()) {
      const ids = answer.data._entities[i].plans.flatMap((p: { services: { id: string }[] }) => p.services.map((s) => s.id));
      expect(ids.length).toBeGreaterThan(0);
      expect(
        ids.every((s: string) => performs('pr-0001', s)),
        id,
      ).toBe(true);
    }
    expect(system.requests.entries.map((r) => r.path).sort()).toEqual(['/CarePlan', '/Patient']);
    expect(
      reads(answer)
        .map((r: { clientId: string }) => r.clientId)
        .sort(),
    ).toEqual([...mine].sort());
  });

  it('CaseWorker entities are not for providers', async () => {
    const answer = await gql(ENTITIES, { r: [{ __typename: 'CaseWorker', id: 'cw-0001' }] }, provider);
    expect(answer.data._entities).toEqual([null]);
    expect(codes(answer)).toEqual(['FORBIDDEN']);
    expect(system.requests.count()).toBe(0);
  });
});

describe('every role, own and others’ data, root fields and entities', () => {
  const own205 = world.caseWorkers.filter((w) => w.municipalityCode === '205');
  const colleague = own205.find((w) => w.id !== 'cw-0001')!;
  const foreignWorker = world.caseWorkers.find((w) => w.municipalityCode !== '205')!;
  const foreignPlan = world.plans.find((p) => p.clientId === other.id)!;
  type Case = [label: string, as: Viewer, own: { __typename: string; id: string }[], others: { __typename: string; id: string }[]];
  const cases: Case[] = [
    [
      'CLIENT',
      client1,
      [
        { __typename: 'Client', id: 'cl-00001' },
        { __typename: 'ClientPlan', id: 'pl-00001-1' },
        { __typename: 'PlannedService', id: 'ps-00001-1-01' },
        { __typename: 'CaseWorker', id: 'cw-0001' }, // their own responsible worker
      ],
      [
        { __typename: 'Client', id: 'cl-00002' },
        { __typename: 'ClientPlan', id: 'pl-00002-1' },
        { __typename: 'PlannedService', id: 'ps-00002-1-01' },
        { __typename: 'CaseWorker', id: colleague.id }, // a case worker, but not theirs
      ],
    ],
    [
      'CASE_WORKER',
      caseWorker205,
      [
        { __typename: 'Client', id: 'cl-00002' },
        { __typename: 'ClientPlan', id: 'pl-00002-1' },
        { __typename: 'PlannedService', id: 'ps-00002-1-01' },
        { __typename: 'CaseWorker', id: colleague.id },
      ],
      [
        { __typename: 'Client', id: other.id },
        { __typename: 'ClientPlan', id: foreignPlan.id },
        { __typename: 'PlannedService', id: foreignPlan.services[0].id },
        { __typename: 'CaseWorker', id: foreignWorker.id },
      ],
    ],
    [
      'PROVIDER',
      provider,
      [
        { __typename: 'Client', id: 'cl-00003' },
        { __typename: 'ClientPlan', id: 'pl-00003-1' },
        { __typename: 'PlannedService', id: 'ps-00003-1-05' },
      ],
      [
        { __typename: 'Client', id: 'cl-00007' },
        { __typename: 'ClientPlan', id: 'pl-00015-2' },
        { __typename: 'PlannedService', id: 'ps-00003-1-01' },
        { __typename: 'CaseWorker', id: 'cw-0001' },
      ],
    ],
    [
      'ANALYST',
      analyst,
      [],
      [
        { __typename: 'Client', id: 'cl-00001' },
        { __typename: 'ClientPlan', id: 'pl-00001-1' },
        { __typename: 'PlannedService', id: 'ps-00001-1-01' },
        { __typename: 'CaseWorker', id: 'cw-0001' },
      ],
    ],
    [
      'ADMIN',
      admin,
      [],
      [
        { __typename: 'Client', id: 'cl-00001' },
        { __typename: 'ClientPlan', id: 'pl-00001-1' },
        { __typename: 'PlannedService', id: 'ps-00001-1-01' },
        { __typename: 'CaseWorker', id: 'cw-0001' },
      ],
    ],
  ];

  it.each(cases)('%s: _entities of own data resolve, of others’ are null with FORBIDDEN', async (_role, as, mine, theirs) => {
    const answer = await gql(ENTITIES, { r: [...mine, ...theirs] }, as);
    const got = answer.data._entities;
    mine.forEach((r, i) => expect(got[i], `${r.__typename} ${r.id}`).toMatchObject({ id: r.id }));
    theirs.forEach((r, i) => {
      expect(got[mine.length + i], `${r.__typename} ${r.id}`).toBeNull();
      expect(errorAt(answer, ['_entities', mine.length + i])?.extensions?.code, `${r.__typename} ${r.id}`).toBe('FORBIDDEN');
    });
    expect(codes(answer)).toEqual(theirs.map(() => 'FORBIDDEN'));
    // Only own clients' data is noted for the audit.
    const ownClients = new Set<string>();
    for (const r of mine) {
      if (r.__typename === 'Client') ownClients.add(r.id);
      if (r.__typename === 'ClientPlan') ownClients.add(world.plans.find((p) => p.id === r.id)!.clientId);
      if (r.__typename === 'PlannedService') ownClients.add(world.plans.find((p) => p.services.some((s) => s.id === r.id))!.clientId);
    }
    expect(
      reads(answer)
        .map((x: { clientId: string }) => x.clientId)
        .sort(),
    ).toEqual([...ownClients].sort());
  });

  it.each([
    ['ANALYST', analyst],
    ['ADMIN', admin],
  ] as const)('%s: refused before anything is looked up', async (_role, as) => {
    await gql(
      ENTITIES,
      {
        r: [
          { __typename: 'Client', id: 'cl-00001' },
          { __typename: 'ClientPlan', id: 'pl-00001-1' },
          { __typename: 'PlannedService', id: 'ps-00001-1-01' },
          { __typename: 'CaseWorker', id: 'cw-0001' },
        ],
      },
      as,
    );
    await gql('{ client(id: "cl-00001") { id } clients { totalCount } }', {}, as);
    expect(system.requests.count()).toBe(0);
  });

  it.each([
    ['CLIENT', client1, 'cl-00001', 'cl-00002'],
    ['CASE_WORKER', caseWorker205, 'cl-00002', other.id],
  ] as const)('%s: root client of own data resolves, of others’ is FORBIDDEN; clients lists own only', async (_role, as, mine, theirs) => {
    const ok = await gql('query($id: ID!) { client(id: $id) { id firstName personalIdentityCode } }', { id: mine }, as);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.client.personalIdentityCode).toBe(world.clients.find((c) => c.id === mine)!.hetu);
    const no = await gql('query($id: ID!) { client(id: $id) { id firstName } }', { id: theirs }, as);
    expect(no.data.client).toBeNull();
    expect(codes(no)).toEqual(['FORBIDDEN']);
    expect(reads(no)).toEqual([]);
    const list = await gql('{ clients(first: 100) { edges { node { id municipality { code } } } } }', {}, as);
    const ids = list.data.clients.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(ids).toContain(mine);
    expect(ids).not.toContain(theirs);
  });

  it.each([
    ['PROVIDER', provider],
    ['ANALYST', analyst],
    ['ADMIN', admin],
  ] as const)('%s: root client and clients are FORBIDDEN', async (_role, as) => {
    const one = await gql('{ client(id: "cl-00001") { id } }', {}, as);
    expect(one.data.client).toBeNull();
    expect(codes(one)).toEqual(['FORBIDDEN']);
    const list = await gql('{ clients { totalCount } }', {}, as);
    expect(codes(list)).toEqual(['FORBIDDEN']);
  });

  it('a client reads their own responsible worker’s name, phone and email; `me` works for every role', async () => {
    const worker = world.caseWorkers.find((w) => w.id === 'cw-0001')!;
    const answer = await gql('{ client(id: "cl-00001") { responsibleWorker { id name phone email } } }', {}, client1);
    expect(answer.data.client.responsibleWorker).toEqual({
      id: 'cw-0001',
      name: `${worker.givenName} ${worker.familyName}`,
      phone: worker.phone,
      email: worker.email,
    });
    for (const as of [client1, caseWorker205, provider, analyst, admin]) {
      const me = await gql('{ me { subject role } }', {}, as);
      expect(me.data.me).toEqual({ subject: as.subject, role: as.role });
      expect(reads(me)).toEqual([]);
    }
  });
});

describe('audit notes in the response extensions', () => {
  it('a case worker’s read of a client names the client and what was read', async () => {
    const answer = await gql(
      '{ client(id: "cl-00001") { personalIdentityCode firstName currentPlan { situation services { quantity } } } }',
    );
    expect(answer.errors).toBeUndefined();
    expect(reads(answer)).toEqual([
      { clientId: 'cl-00001', municipalityCode: '205', kinds: ['Client', 'ClientPlan', 'Existence', 'IdentityCode', 'PlannedService'] },
    ]);
  });

  it('without the identity code, no IdentityCode note', async () => {
    const answer = await gql('{ client(id: "cl-00001") { firstName } }');
    expect(reads(answer)).toEqual([{ clientId: 'cl-00001', municipalityCode: '205', kinds: ['Client', 'Existence'] }]);
  });

  it('a list notes every client listed, and only those', async () => {
    const answer = await gql('{ clients(first: 5) { edges { node { id lastName } } } }');
    const ids = answer.data.clients.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(reads(answer)).toEqual(ids.map((id: string) => ({ clientId: id, municipalityCode: '205', kinds: ['Client', 'Existence'] })));
  });

  it('a lookup or a page that shows only ids, cursors or __typename notes that the clients exist', async () => {
    expect(reads(await gql('{ client(id: "cl-00001") { __typename } }'))).toEqual([
      { clientId: 'cl-00001', municipalityCode: '205', kinds: ['Existence'] },
    ]);
    const page = await gql('{ clients(first: 3) { edges { cursor } } }');
    expect(reads(page)).toHaveLength(3);
    expect(reads(page).every((r) => r.kinds.join() === 'Existence')).toBe(true);
    // A search names its person: its count tells whether they are a client, even past the page.
    const hetu = world.clients.find((c) => c.id === 'cl-00001')!.hetu;
    for (const after of [null, 'eyJvIjowfQ']) {
      const counted = await gql('query($s: String, $a: String) { clients(search: $s, after: $a) { totalCount } }', { s: hetu, a: after });
      expect(counted.data.clients.totalCount).toBe(1);
      expect(reads(counted)).toEqual([{ clientId: 'cl-00001', municipalityCode: '205', kinds: ['Existence'] }]);
    }
  });

  it('a count alone of the municipality’s clients reads no client’s data; refused and unknown reads note nothing', async () => {
    expect(reads(await gql('{ clients { totalCount pageInfo { hasNextPage } } }'))).toEqual([]);
    expect(reads(await gql('query($id: ID!) { client(id: $id) { id firstName } }', { id: other.id }))).toEqual([]);
    expect(reads(await gql('{ client(id: "cl-99999") { id } }'))).toEqual([]);
    expect(reads(await gql('{ client(id: "cl-00002") { id } }', {}, client1))).toEqual([]);
    expect(reads(await gql(ENTITIES, { r: [{ __typename: 'Client', id: 'cl-00001' }] }, analyst))).toEqual([]);
  });
});

describe('entities (the gateway’s _entities calls)', () => {
  it('resolves Client, ClientPlan, PlannedService and CaseWorker, many at once, one search per type', async () => {
    const clientIds = kajaani.slice(0, 12).map((c) => c.id);
    const plans = world.plans.filter((p) => clientIds.includes(p.clientId));
    const services = world.plans.find((p) => p.id === 'pl-00002-1')!.services.slice(0, 20);
    const representations = [
      ...clientIds.map((id) => ({ __typename: 'Client', id })),
      ...plans.map((p) => ({ __typename: 'ClientPlan', id: p.id })),
      ...services.map((s) => ({ __typename: 'PlannedService', id: s.id })),
      { __typename: 'PlannedService', id: 'ps-00001-1-01' },
      { __typename: 'CaseWorker', id: 'cw-0001' },
    ];
    const answer = await gql(ENTITIES, { r: representations });
    expect(answer.errors).toBeUndefined();
    const got = answer.data._entities;
    expect(got).toHaveLength(representations.length);
    expect(got.slice(0, 12).map((c: { id: string }) => c.id)).toEqual(clientIds);
    expect(got.slice(12, 12 + plans.length).map((p: { id: string; version: string }) => [p.id, p.version])).toEqual(
      plans.map((p) => [p.id, String(p.versionId)]),
    );
    const svc = got.slice(12 + plans.length, 12 + plans.length + services.length);
    expect(svc.map((s: { id: string; quantity: string; plan: { id: string } }) => [s.id, s.quantity, s.plan.id])).toEqual(
      services.map((s) => [s.id, hundredthsToDecimal(s.quantity), 'pl-00002-1']),
    );
    expect(got.at(-1)).toMatchObject({ id: 'cw-0001' });
    // One Patient search, one CarePlan search by id, one by activity, one Practitioner search.
    const calls = system.requests.entries.map((r) => r.path).sort();
    expect(calls).toEqual(['/CarePlan', '/CarePlan', '/Patient', '/Practitioner']);
  });

  it('an unknown entity is refused at its index (a client as one not visible), the others resolve', async () => {
    const answer = await gql(ENTITIES, {
      r: [
        { __typename: 'Client', id: 'cl-00001' },
        { __typename: 'Client', id: 'cl-99999' },
        { __typename: 'PlannedService', id: 'ps-99999-1-01' },
      ],
    });
    expect(answer.data._entities[0]).toMatchObject({ id: 'cl-00001' });
    expect(answer.data._entities.slice(1)).toEqual([null, null]);
    expect(errorAt(answer, ['_entities', 1])?.extensions?.code).toBe('FORBIDDEN');
    expect(errorAt(answer, ['_entities', 2])?.extensions?.code).toBe('NOT_FOUND');
  });

  it('a case worker cannot resolve another municipality’s plan or planned service', async () => {
    const plan = world.plans.find((p) => p.clientId === other.id)!;
    const answer = await gql(ENTITIES, {
      r: [
        { __typename: 'ClientPlan', id: plan.id },
        { __typename: 'PlannedService', id: plan.services[0].id },
      ],
    });
    expect(answer.data._entities).toEqual([null, null]);
    expect(codes(answer)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });
});

describe('batching: calls to the system do not grow with list lengths', () => {
  const PLAN_WITH_SERVICES = `query($id: ID!) { client(id: $id) { id firstName currentPlan { id version goals services {
    id quantity unit per schedule location instructions serviceType { code } serviceTypeCode municipalityCode plan { id municipalityCode client { id } }
  } } responsibleWorker { name } } }`;

  it('the plan of cl-00001 (1 planned service) and of cl-00002 (30) cost the same number of calls', async () => {
    const counts: Record<string, number> = {};
    for (const id of ['cl-00001', 'cl-00002']) {
      system.requests.reset();
      const answer = await gql(PLAN_WITH_SERVICES, { id });
      expect(answer.errors).toBeUndefined();
      expect(answer.data.client.currentPlan.services).toHaveLength(id === 'cl-00001' ? 1 : 30);
      counts[id] = system.requests.count();
    }
    console.info(`client-record system calls: cl-00001 (1 service) ${counts['cl-00001']}, cl-00002 (30 services) ${counts['cl-00002']}`);
    expect(counts['cl-00001']).toBeGreaterThan(0);
    expect(counts['cl-00002']).toBe(counts['cl-00001']);
  });

  it('a page of 50 clients with their plans is a handful of calls, not 50', async () => {
    const answer = await gql(
      '{ clients(first: 50) { edges { node { id currentPlan { id services { id } } responsibleWorker { id } } } } }',
      {},
      viewer('CASE_WORKER', { subject: 'test', municipalityCode: '167' }),
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data.clients.edges.length).toBeGreaterThan(10);
    // Patient search, one CarePlan search for every client's plans, one Practitioner search.
    expect(system.requests.count()).toBe(3);
  });
});

describe('when the client-record system fails', () => {
  it('the fields that need it fail with UPSTREAM_UNAVAILABLE naming the system; the rest answers', async () => {
    system.setFaults({ failureRate: 1 });
    const answer = await gql('{ me { role } client(id: "cl-00001") { id firstName } }');
    expect(answer.data.me).toEqual({ role: 'CASE_WORKER' });
    expect(answer.data.client).toBeNull();
    const error = errorAt(answer, ['client'])!;
    expect(error.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', system: 'client-record-system' });
    // A safe read is retried once (the test policy), then given up.
    expect(system.requests.count((r) => r.status === 503)).toBe(2);

    const entities = await gql(ENTITIES, { r: [{ __typename: 'ClientPlan', id: 'pl-00001-1' }] });
    expect(entities.data._entities).toEqual([null]);
    expect(entities.errors?.[0].extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', system: 'client-record-system' });
  });

  it('a slow system ends within the time limit as UPSTREAM_UNAVAILABLE', async () => {
    system.setFaults({ latencyMs: 2500 });
    const started = Date.now();
    const answer = await gql('{ client(id: "cl-00001") { id } }');
    expect(codes(answer)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(Date.now() - started).toBeLessThan(6000);
  });
});
