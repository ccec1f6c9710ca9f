/**
 * Relay's global object identification through the gateway: `node(id:)` finds any object with
 * an id, shows what the type's own query shows, and nothing more — the owning subgraph's
 * policy decides (subgraphs/client-records/node.ts). And PageInfo as Relay reads it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getWorld } from '../seed/world.js';
import { claims, codes, roleTokens } from './support/index.js';
import { startStack, type Stack } from './stack.js';

const world = getWorld();
// A client of Vaasa (905) with an active plan: nobody among the standard parties may see them.
const OTHER = world.clients.find(
  (c) => c.municipalityCode === '905' && world.plans.some((p) => p.clientId === c.id && p.status === 'active'),
)!.id;
const OWN_ORDER = world.orders.find((o) => o.clientId === 'cl-00001')!;
const OTHERS_ORDER = world.orders.find((o) => o.clientId === OTHER)!;
const OWN_VOUCHER = world.vouchers.find((v) => v.clientId === 'cl-00001')!;

let stack: Stack;
let tokens: Awaited<ReturnType<typeof roleTokens>>;

beforeAll(async () => {
  stack = await startStack();
  tokens = await roleTokens(stack);
});
afterAll(() => stack?.close());

const CLIENT_FIELDS =
  'id firstName lastName personalIdentityCode language municipality { code } currentPlan { id version services { id } }';

describe('node(id:)', () => {
  it('gives a case worker the same client as client(id:)', async () => {
    const byNode = await stack.query(
      `query { node(id: "cl-00002") { __typename ... on Client { ${CLIENT_FIELDS} } } }`,
      {},
      tokens.caseWorker,
    );
    const byId = await stack.query(`query { client(id: "cl-00002") { ${CLIENT_FIELDS} } }`, {}, tokens.caseWorker);
    expect(byNode.errors).toBeUndefined();
    expect(byId.errors).toBeUndefined();
    expect(byNode.data.node).toEqual({ __typename: 'Client', ...byId.data.client });
    expect(byNode.data.node.personalIdentityCode).toBeTruthy();
  });

  it("gives a client null and FORBIDDEN for another's client, as client(id:) does", async () => {
    for (const query of [
      `{ node(id: "${OTHER}") { id ... on Client { firstName } } }`,
      `{ node(id: "${OTHER}") { id } }`,
      `{ node(id: "${OTHER}") { __typename } }`,
    ]) {
      const res = await stack.query(query, {}, tokens.client);
      expect(res.data?.node, query).toBeNull();
      expect(codes(res), query).toEqual(['FORBIDDEN']);
    }
    const direct = await stack.query(`{ client(id: "${OTHER}") { id firstName } }`, {}, tokens.client);
    expect(direct.data?.client).toBeNull();
    expect(codes(direct)).toEqual(['FORBIDDEN']);
  });

  it("answers an id that is nobody's as one the viewer may not see", async () => {
    const res = await stack.query('{ node(id: "cl-99999") { id ... on Client { firstName } } }', {}, tokens.caseWorker);
    expect(res.data?.node).toBeNull();
    expect(codes(res).length).toBe(1);
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(codes(res)[0]);
  });

  it("resolves other subgraphs' types through their owners' policies", async () => {
    const order = `{ node(id: "${OWN_ORDER.id}") { __typename id ... on Order { status planVersion client { id } } } }`;
    const own = await stack.query(order, {}, tokens.client);
    const direct = await stack.query(`{ client(id: "cl-00001") { orders { id status planVersion client { id } } } }`, {}, tokens.client);
    expect(own.errors).toBeUndefined();
    expect(own.data.node).toEqual({ __typename: 'Order', ...direct.data.client.orders.find((o: { id: string }) => o.id === OWN_ORDER.id) });

    const others = await stack.query(`{ node(id: "${OTHERS_ORDER.id}") { id ... on Order { status } } }`, {}, tokens.client);
    expect(others.data?.node).toBeNull();
    expect(codes(others)).toContain('FORBIDDEN');

    const voucher = await stack.query(
      `{ node(id: "${OWN_VOUCHER.id}") { __typename ... on Voucher { id status granted { amount } } } }`,
      {},
      tokens.client,
    );
    expect(voucher.errors).toBeUndefined();
    expect(voucher.data.node).toMatchObject({ __typename: 'Voucher', id: OWN_VOUCHER.id });

    const provider = await stack.query(
      '{ node(id: "pr-0001") { __typename ... on Provider { id name } } provider(id: "pr-0001") { id name } }',
      {},
      tokens.client,
    );
    expect(provider.errors).toBeUndefined();
    expect(provider.data.node).toEqual({ __typename: 'Provider', ...provider.data.provider });
  });

  it('gives a provider no client it does not serve', async () => {
    const provider = await stack.token(claims.provider('pr-0002'));
    const res = await stack.query(`{ node(id: "cl-00001") { id ... on Client { firstName } } }`, {}, provider);
    expect(res.data?.node).toBeNull();
    expect(codes(res)).toEqual(['FORBIDDEN']);
  });
});

describe('PageInfo', () => {
  it('has start and end cursors, and says whether there is a page before', async () => {
    const query =
      'query Page($after: String) { clients(first: 3, after: $after) { edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }';
    const first = await stack.query(query, { after: null }, tokens.caseWorker);
    const page = first.data.clients;
    expect(page.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: page.edges[0].cursor,
      endCursor: page.edges[2].cursor,
    });
    const second = (await stack.query(query, { after: page.pageInfo.endCursor }, tokens.caseWorker)).data.clients;
    expect(second.pageInfo).toMatchObject({ hasPreviousPage: true, startCursor: second.edges[0].cursor });
  });

  it('is complete in every subgraph’s connections', async () => {
    const info = 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';
    const asProvider = await stack.query(`{ assignedOrders(first: 2) { ${info} } }`, {}, tokens.provider);
    const asClient = await stack.query(`{ providers(first: 2) { ${info} } myAccessLog(first: 1) { ${info} } }`, {}, tokens.client);
    const asAdmin = await stack.query(`{ payments(first: 1) { ${info} } }`, {}, tokens.admin);
    for (const res of [asProvider, asClient, asAdmin]) expect(res.errors).toBeUndefined();
    for (const conn of [asProvider.data.assignedOrders, asClient.data.providers, asClient.data.myAccessLog, asAdmin.data.payments]) {
      expect(conn.pageInfo.hasPreviousPage).toBe(false);
      expect(typeof conn.pageInfo.hasNextPage).toBe('boolean');
    }
    expect(asProvider.data.assignedOrders.pageInfo.startCursor).toEqual(expect.any(String));
  });
});
