/**
 * The access model as a matrix: every root field and entity type of the graph, for every role,
 * on the viewer's own and on others' data, through the running gateway. Each cell says what
 * the party gets: the data (`allow`), nothing with FORBIDDEN (`deny`), or a check of its own.
 *
 * Parties: a client (cl-00001, Kajaani 205), a case worker of Kajaani, the provider pr-0001
 * (which serves cl-00001), an analyst, an administrator. "Other" data: a client of Vaasa (905),
 * whom none of them serves, and the provider pr-0002.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getWorld } from '../seed/world.js';
import { claims, codes, roleTokens } from './support/index.js';
import { startStack, type GraphQLResponse, type Stack } from './stack.js';

const world = getWorld();
const OTHER = world.clients.find(
  (c) => c.municipalityCode === '905' && world.plans.some((p) => p.clientId === c.id && p.status === 'active'),
)!.id;
// An application (APPLIED or REJECTED) exists only for administrators and itself; a SUSPENDED
// provider is readable by id to everyone, so its orders stay readable (providers policy).
const HIDDEN_PROVIDER = world.providers.find((p) => p.status === 'APPLIED' || p.status === 'REJECTED')!.id;

type Role = 'client' | 'caseWorker' | 'provider' | 'analyst' | 'admin';
const ROLES: Role[] = ['client', 'caseWorker', 'provider', 'analyst', 'admin'];
type Check = 'allow' | 'deny' | ((res: GraphQLResponse<any>) => void);
interface Row {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  /** The root field whose value the cell is about. */
  field: string;
  expect: Record<Role, Check>;
}

const all = (check: Check): Record<Role, Check> => ({ client: check, caseWorker: check, provider: check, analyst: check, admin: check });
const only = (allowed: Role[]): Record<Role, Check> =>
  Object.fromEntries(ROLES.map((r) => [r, allowed.includes(r) ? 'allow' : 'deny'])) as Record<Role, Check>;

/** The data is there, with a FORBIDDEN error at exactly this path and the value null. */
const forbiddenAt = (path: (string | number)[]) => (res: GraphQLResponse<any>) => {
  let value: any = res.data;
  for (const key of path) value = value?.[key];
  expect(value, `value at ${path.join('.')}`).toBeNull();
  const error = res.errors?.find((e) => JSON.stringify(e.path) === JSON.stringify(path));
  expect(error?.extensions?.code, `FORBIDDEN at ${path.join('.')}`).toBe('FORBIDDEN');
};
const listOf = (field: string, check: (value: any) => void) => (res: GraphQLResponse<any>) => {
  expect(res.errors).toBeUndefined();
  check(res.data[field]);
};

const ROWS: Row[] = [
  { name: 'me', field: 'me', query: '{ me { subject role } }', expect: all('allow') },
  {
    name: 'client: own (the case worker’s municipality)',
    field: 'client',
    query: '{ client(id: "cl-00001") { id firstName lastName personalIdentityCode birthDate address { line } } }',
    expect: only(['client', 'caseWorker']),
  },
  { name: 'client: another’s (Vaasa)', field: 'client', query: `{ client(id: "${OTHER}") { id firstName } }`, expect: all('deny') },
  // node(id:) resolves as the gateway's entity fetches do: the owning subgraph's policy decides (a provider: the clients it serves).
  {
    name: 'node: own client',
    field: 'node',
    query: '{ node(id: "cl-00001") { id ... on Client { firstName lastName } } }',
    expect: only(['client', 'caseWorker', 'provider']),
  },
  {
    name: 'node: another’s client (Vaasa)',
    field: 'node',
    query: `{ node(id: "${OTHER}") { id ... on Client { firstName } } }`,
    expect: all('deny'),
  },
  {
    name: 'clients',
    field: 'clients',
    query: '{ clients(first: 100) { totalCount edges { node { id municipality { code } } } } }',
    expect: {
      client: listOf('clients', (clients) => expect(clients.edges.map((e: any) => e.node.id)).toEqual(['cl-00001'])),
      caseWorker: (res) => {
        expect(res.errors).toBeUndefined();
        const codes = res.data.clients.edges.map((e: any) => e.node.municipality.code);
        expect(codes.length).toBeGreaterThan(0);
        expect(new Set(codes)).toEqual(new Set(['205']));
      },
      provider: 'deny',
      analyst: 'deny',
      admin: 'deny',
    },
  },
  {
    name: 'ClientPlan with situation and goals (own)',
    field: 'client',
    query: '{ client(id: "cl-00001") { currentPlan { id version situation goals services { id schedule } } } }',
    expect: only(['client', 'caseWorker']),
  },
  {
    name: 'CaseWorker (own client’s responsible worker)',
    field: 'client',
    query: '{ client(id: "cl-00001") { responsibleWorker { id name email } } }',
    expect: only(['client', 'caseWorker']),
  },
  {
    name: 'Budget, Voucher, Order, Delivery (own)',
    field: 'client',
    query:
      '{ client(id: "cl-00001") { currentPlan { budget { total { amount } } } vouchers { id granted { amount } } orders { id deliveries { id amount { amount } } } } }',
    expect: only(['client', 'caseWorker']),
  },
  {
    name: 'assignedOrders',
    field: 'assignedOrders',
    query: '{ assignedOrders(first: 20) { totalCount edges { node { id provider { id } } } } }',
    expect: {
      ...only(['provider']),
      provider: (res) => {
        expect(res.errors).toBeUndefined();
        expect(res.data.assignedOrders.edges.length).toBeGreaterThan(0);
        for (const e of res.data.assignedOrders.edges) expect(e.node.provider.id).toBe('pr-0001');
      },
    },
  },
  {
    name: 'Client and PlannedService of an assigned order: what delivery needs',
    field: 'assignedOrders',
    query:
      '{ assignedOrders(first: 1) { edges { node { client { firstName lastName language address { line } } plannedService { schedule location instructions serviceType { name } } } } } }',
    expect: only(['provider']),
  },
  {
    name: 'identity code of an assigned order’s client',
    field: 'assignedOrders',
    query: '{ assignedOrders(first: 1) { edges { node { client { firstName personalIdentityCode } } } } }',
    expect: { ...only([]), provider: forbiddenAt(['assignedOrders', 'edges', 0, 'node', 'client', 'personalIdentityCode']) },
  },
  {
    name: 'Provider.assignedOrders of another provider',
    field: 'provider',
    query: '{ provider(id: "pr-0002") { id assignedOrders(first: 5) { totalCount } } }',
    expect: all(forbiddenAt(['provider', 'assignedOrders'])),
  },
  {
    name: 'Provider.assignedOrders of pr-0001',
    field: 'provider',
    query: '{ provider(id: "pr-0001") { id assignedOrders(first: 5) { totalCount } } }',
    expect: { ...all(forbiddenAt(['provider', 'assignedOrders'])), provider: 'allow' },
  },
  {
    name: 'providers with offerings (catalogue)',
    field: 'providers',
    query:
      '{ providers(first: 5) { totalCount edges { node { id name offerings { id price { amount } serviceType { code name } } municipalities { code name } } } } }',
    expect: all('allow'),
  },
  {
    name: 'provider not approved',
    field: 'provider',
    query: `{ provider(id: "${HIDDEN_PROVIDER}") { id status } }`,
    expect: {
      ...all((res) => expect(res.data?.provider ?? null).toBeNull()),
      admin: 'allow',
    },
  },
  { name: 'serviceTypes', field: 'serviceTypes', query: '{ serviceTypes { code name(lang: SV) unit } }', expect: all('allow') },
  { name: 'municipalities', field: 'municipalities', query: '{ municipalities { code name } }', expect: all('allow') },
  {
    name: 'spendingReport',
    field: 'spendingReport',
    // Months in which Kajaani (the case worker's municipality) has enough clients to publish its total.
    query: '{ spendingReport(from: "2026-06-01", to: "2026-10-31", groupBy: [SERVICE_TYPE]) { total { amount } rows { suppressed } } }',
    expect: only(['caseWorker', 'analyst', 'admin']),
  },
  {
    name: 'unitCosts',
    field: 'unitCosts',
    query: '{ unitCosts(municipalityCode: "205") { serviceTypeCode unitCost { amount } } }',
    expect: only(['caseWorker', 'analyst', 'admin']),
  },
  {
    name: 'unitCostHistory',
    field: 'unitCostHistory',
    query: '{ unitCostHistory(municipalityCode: "205", serviceTypeCode: "kotihoito") { validFrom unitCost { amount } } }',
    expect: only(['caseWorker', 'analyst', 'admin']),
  },
  {
    name: 'payments (all providers)',
    field: 'payments',
    query: '{ payments(first: 5) { totalCount edges { node { id amount { amount } iban } } } }',
    expect: only(['admin']),
  },
  {
    name: 'payments of pr-0001',
    field: 'payments',
    query: '{ payments(first: 5, providerId: "pr-0001") { totalCount } }',
    expect: only(['admin', 'provider']),
  },
  {
    name: 'Provider.payments of pr-0001',
    field: 'provider',
    query: '{ provider(id: "pr-0001") { id payments(first: 5) { totalCount } } }',
    expect: { ...all(forbiddenAt(['provider', 'payments'])), provider: 'allow', admin: 'allow' },
  },
  { name: 'myAccessLog', field: 'myAccessLog', query: '{ myAccessLog(first: 5) { totalCount } }', expect: only(['client']) },
  {
    name: 'writeLog: a provider’s own',
    field: 'writeLog',
    query: '{ writeLog(subject: "Provider/pr-0001", first: 5) { totalCount } }',
    expect: only(['provider', 'admin']),
  },
  { name: 'writeLog: everything', field: 'writeLog', query: '{ writeLog(first: 5) { totalCount } }', expect: only(['admin']) },
  {
    name: 'accessLog: own client',
    field: 'accessLog',
    query: '{ accessLog(clientId: "cl-00001", first: 5) { totalCount } }',
    expect: only(['client', 'caseWorker', 'admin']),
  },
  {
    name: 'accessLog: another’s client',
    field: 'accessLog',
    query: `{ accessLog(clientId: "${OTHER}", first: 5) { totalCount } }`,
    expect: only(['admin']),
  },
];

let stack: Stack;
const tokens = {} as Record<Role, string>;
beforeAll(async () => {
  stack = await startStack();
  Object.assign(tokens, await roleTokens(stack));
  // The "other" client's log has an entry to withhold.
  await stack.query(`{ client(id: "${OTHER}") { id } }`, {}, await stack.token(claims.caseWorker('905', 'cw-vaasa')));
});
afterAll(async () => stack?.close());

describe('access matrix: root fields and entity types × roles', () => {
  const cases = ROWS.flatMap((row) => ROLES.map((role) => [row.name, role, row] as const));
  it.each(cases)('%s — %s', async (_name, role, row) => {
    const res = await stack.query(row.query, row.variables ?? {}, tokens[role]);
    expect(res.status).toBeLessThan(500);
    const check = row.expect[role];
    if (check === 'allow') {
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect(res.data?.[row.field]).not.toBeNull();
    } else if (check === 'deny') {
      expect(res.data?.[row.field] ?? null).toBeNull();
      expect(codes(res)).toContain('FORBIDDEN');
    } else {
      check(res);
    }
  });

  it('covers every root field of the graph', async () => {
    const res: any = await stack.query('{ __schema { queryType { fields { name } } } }', {}, tokens.admin);
    const roots = res.data.__schema.queryType.fields.map((f: any) => f.name).sort();
    const covered = new Set(ROWS.map((r) => r.field));
    expect(roots.filter((f: string) => !covered.has(f))).toEqual([]);
  });
});
