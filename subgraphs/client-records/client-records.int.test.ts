/**
 * The client-records subgraph over real HTTP, in front of the real client-record system
 * stand-in: authentication of the gateway's signed viewer, the access policy per role, Relay
 * paging and search, entity resolution, batching (counted at the stand-in) and failure of the
 * system.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hundredthsToDecimal } from '../../lib/money.js';
import type { RunningSubgraph } from '../../lib/subgraph-server.js';
import { VIEWER_HEADER, signViewer, type Viewer } from '../../lib/viewer.js';
import { getWorld } from '../../seed/world.js';
import type { RunningStandIn } from '../../systems/http.js';
import { startClientRecordSystem } from '../../systems/client-record-system/server.js';
import { startClientRecordsSubgraph } from './server.js';

const world = getWorld();
const secret = new TextEncoder().encode('test-secret-of-at-least-thirty-two-characters');
const otherSecret = new TextEncoder().encode('forged-secret-of-at-least-thirty-two-characters');

let system: RunningStandIn;
let subgraph: RunningSubgraph;

const viewer = (v: Partial<Viewer> & Pick<Viewer, 'role'>): Viewer => ({ subject: 'test', municipalityCode: null, providerId: null, clientId: null, ...v });
const caseWorker205 = viewer({ role: 'CASE_WORKER', subject: 'cw-0001', municipalityCode: '205' });
const client1 = viewer({ role: 'CLIENT', subject: 'cl-00001', clientId: 'cl-00001' });
const provider = viewer({ role: 'PROVIDER', subject: 'pr-0001', providerId: 'pr-0001' });
const analyst = viewer({ role: 'ANALYST', subject: 'an-1', municipalityCode: '205' });
const admin = viewer({ role: 'ADMIN', subject: 'ad-1' });

interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; system?: string };
}
interface GqlAnswer {
  status: number;
  data?: any;
  errors?: GqlError[];
}

async function gql(query: string, variables: Record<string, unknown> = {}, as: Viewer | null | 'forged' = caseWorker205): Promise<GqlAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (as === 'forged') headers[VIEWER_HEADER] = await signViewer(caseWorker205, otherSecret);
  else if (as) headers[VIEWER_HEADER] = await signViewer(as, secret);
  const response = await fetch(subgraph.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: response.status, ...(await response.json()) };
}

const codes = (a: GqlAnswer) => (a.errors ?? []).map((e) => e.extensions?.code);
const errorAt = (a: GqlAnswer, path: (string | number)[]) => a.errors?.find((e) => JSON.stringify(e.path) === JSON.stringify(path));

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on Client { id firstName lastName municipality { code } language }
  ... on ClientPlan { id version status services { id } }
  ... on PlannedService { id quantity unit per serviceType { code } plan { id } }
  ... on CaseWorker { id name }
} }`;

const other = world.clients.find((c) => c.municipalityCode !== '205')!;
const kajaani = world.clients.filter((c) => c.municipalityCode === '205');
const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const byFamily = (a: (typeof world.clients)[number], b: (typeof world.clients)[number]) => {
  const [x, y] = [`${fold(a.familyName)}\u0000${fold(a.givenName)}\u0000${a.id}`, `${fold(b.familyName)}\u0000${fold(b.givenName)}\u0000${b.id}`];
  return x < y ? -1 : x > y ? 1 : 0;
};

beforeAll(async () => {
  system = await startClientRecordSystem({ world });
  subgraph = await startClientRecordsSubgraph({
    clientRecordSystemUrl: system.url,
    signingSecret: secret,
    upstreamPolicy: { timeoutMs: 2000, retries: 1, backoffMs: 10 },
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

  it('gets FORBIDDEN for a client of another municipality and NOT_FOUND for an unknown one', async () => {
    const forbidden = await gql('query($id: ID!) { client(id: $id) { id firstName } }', { id: other.id });
    expect(forbidden.data.client).toBeNull();
    expect(codes(forbidden)).toEqual(['FORBIDDEN']);
    expect(errorAt(forbidden, ['client'])).toBeDefined();
    const missing = await gql('{ client(id: "cl-99999") { id } }');
    expect(missing.data.client).toBeNull();
    expect(codes(missing)).toEqual(['NOT_FOUND']);
    const injected = await gql('{ client(id: "cl-00001,cl-00002") { id } }');
    expect(codes(injected)).toEqual(['NOT_FOUND']);
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
    const { data } = await gql('query($s: String) { clients(search: $s, first: 100) { totalCount edges { node { id lastName firstName } } } }', { s: prefix });
    const expected = kajaani.filter((c) => [c.familyName, c.givenName].some((n) => fold(n).split(/[\s-]/).concat(fold(n)).some((t) => t.startsWith(fold(prefix)))));
    expect(data.clients.edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual(expected.map((c) => c.id).sort());
    const both = await gql('query($s: String) { clients(search: $s) { edges { node { id } } } }', { s: `${target.givenName.slice(0, 3)} ${target.familyName.slice(0, 3)}` });
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

describe('a provider', () => {
  it('may not look clients up at the root', async () => {
    for (const query of ['{ client(id: "cl-00001") { id } }', '{ clients { totalCount } }']) {
      const answer = await gql(query, {}, provider);
      expect(codes(answer)).toEqual(['FORBIDDEN']);
    }
  });

  it('resolves a Client entity with delivery fields only; the rest is null with FORBIDDEN at its path', async () => {
    const answer = await gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Client {
        id firstName lastName address { line city } language municipality { code }
        personalIdentityCode birthDate phone currentPlan { id } responsibleWorker { id } } } }`,
      { r: [{ __typename: 'Client', id: 'cl-00001' }] },
      provider,
    );
    const c = world.clients[0];
    expect(answer.data._entities[0]).toEqual({
      id: c.id,
      firstName: c.givenName,
      lastName: c.familyName,
      address: { line: c.address.line, city: c.address.city },
      language: 'FI',
      municipality: { code: '205' },
      personalIdentityCode: null,
      birthDate: null,
      phone: null,
      currentPlan: null,
      responsibleWorker: null,
    });
    for (const field of ['personalIdentityCode', 'birthDate', 'phone', 'currentPlan', 'responsibleWorker']) {
      expect(errorAt(answer, ['_entities', 0, field])?.extensions?.code, field).toBe('FORBIDDEN');
    }
    // plans is a non-null list: FORBIDDEN at its path, and the entity goes with it.
    const plans = await gql('query($r: [_Any!]!) { _entities(representations: $r) { ... on Client { id plans { id } } } }', { r: [{ __typename: 'Client', id: 'cl-00001' }] }, provider);
    expect(errorAt(plans, ['_entities', 0, 'plans'])?.extensions?.code).toBe('FORBIDDEN');
    expect(plans.data._entities).toEqual([null]);
  });

  it('reads the planned service, but not the plan’s situation', async () => {
    const answer = await gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on PlannedService {
        id quantity unit per schedule location instructions serviceType { code } serviceTypeCode municipalityCode plan { id situation } } } }`,
      { r: [{ __typename: 'PlannedService', id: 'ps-00001-1-01' }] },
      provider,
    );
    const ps = world.plans[0].services[0];
    expect(answer.data._entities[0]).toMatchObject({ id: ps.id, quantity: hundredthsToDecimal(ps.quantity), unit: ps.unit, serviceTypeCode: ps.serviceTypeCode, municipalityCode: '205', plan: { id: 'pl-00001-1', situation: null } });
    expect(errorAt(answer, ['_entities', 0, 'plan', 'situation'])?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('analysts and administrators', () => {
  it.each([
    ['ANALYST', analyst],
    ['ADMIN', admin],
  ] as const)('%s: no root lookups, no Client entities', async (_role, as) => {
    expect(codes(await gql('{ client(id: "cl-00001") { id } }', {}, as))).toEqual(['FORBIDDEN']);
    expect(codes(await gql('{ clients { totalCount } }', {}, as))).toEqual(['FORBIDDEN']);
    const entity = await gql(ENTITIES, { r: [{ __typename: 'Client', id: 'cl-00001' }] }, as);
    expect(entity.data._entities).toEqual([null]);
    expect(codes(entity)).toEqual(['FORBIDDEN']);
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
    expect(got.slice(12, 12 + plans.length).map((p: { id: string; version: string }) => [p.id, p.version])).toEqual(plans.map((p) => [p.id, String(p.versionId)]));
    const svc = got.slice(12 + plans.length, 12 + plans.length + services.length);
    expect(svc.map((s: { id: string; quantity: string; plan: { id: string } }) => [s.id, s.quantity, s.plan.id])).toEqual(
      services.map((s) => [s.id, hundredthsToDecimal(s.quantity), 'pl-00002-1']),
    );
    expect(got.at(-1)).toMatchObject({ id: 'cw-0001' });
    // One Patient search, one CarePlan search by id, one by activity, one Practitioner search.
    const calls = system.requests.entries.map((r) => r.path).sort();
    expect(calls).toEqual(['/CarePlan', '/CarePlan', '/Patient', '/Practitioner']);
  });

  it('an unknown entity is NOT_FOUND at its index, the others resolve', async () => {
    const answer = await gql(ENTITIES, {
      r: [
        { __typename: 'Client', id: 'cl-00001' },
        { __typename: 'Client', id: 'cl-99999' },
        { __typename: 'PlannedService', id: 'ps-99999-1-01' },
      ],
    });
    expect(answer.data._entities[0]).toMatchObject({ id: 'cl-00001' });
    expect(answer.data._entities.slice(1)).toEqual([null, null]);
    expect(errorAt(answer, ['_entities', 1])?.extensions?.code).toBe('NOT_FOUND');
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
    const answer = await gql('{ clients(first: 50) { edges { node { id currentPlan { id services { id } } responsibleWorker { id } } } } }', {}, viewer({ role: 'CASE_WORKER', municipalityCode: '167' }));
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
