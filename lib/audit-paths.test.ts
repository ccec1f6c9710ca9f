/**
 * Where audited reads sit in a subgraph's answer (lib/audit-paths.ts): resolvers run knowing
 * their place, `_entities` one entity at a time, and the trail reports the places per client
 * and kind — unknown (left out) when a note is made outside any resolver.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { LocatingAuditTrail, MAX_PATHS, placesFromExtensions, trackResolverPaths, AUDIT_PLACES_EXTENSION } from './audit-paths.js';

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Query { client(id: ID!): Client  clients: [Client!]!  page: Page! }
  type Page { total: Int!  items: [Item!]! }
  type Item { id: ID!  amount: Int }
  type Client @key(fields: "id") { id: ID!  name: String  plan: Plan }
  type Plan { goals: [String!]! }
`);

interface Ctx {
  audit: LocatingAuditTrail;
}
const clientOf = (id: string) => ({ id });
const schema = trackResolverPaths(
  buildSubgraphSchema({
    typeDefs,
    resolvers: {
      Query: {
        client: (_: unknown, { id }: { id: string }) => clientOf(id),
        clients: () => [clientOf('cl-1'), clientOf('cl-2')],
        // A list handed over like a policy does: each item noted when released, the count of every item.
        page: (_: unknown, __: unknown, ctx: Ctx) => {
          const items = [
            { id: 'or-1', amount: 1 },
            { id: 'or-2', amount: 2 },
          ];
          const page = { total: items.length, items };
          items.forEach((item, i) => ctx.audit.recordOnRelease(item, `cl-${i + 1}`, '205', 'Order', { basis: `Order/${item.id}` }));
          ctx.audit.recordOnRelease(page, 'cl-9', '205', 'Existence', { fields: ['total'] });
          return page;
        },
      },
      Client: {
        __resolveReference: async (ref: { id: string }, ctx: Ctx) => {
          await Promise.resolve();
          ctx.audit.record(ref.id, '205', 'Reference');
          return clientOf(ref.id);
        },
        name: async (c: { id: string }, _: unknown, ctx: Ctx) => {
          await new Promise((r) => setTimeout(r, 1));
          ctx.audit.record(c.id, '205', 'Client');
          return `name of ${c.id}`;
        },
        plan: (c: { id: string }, _: unknown, ctx: Ctx) => {
          ctx.audit.record(c.id, '205', 'ClientPlan');
          return { goals: [] };
        },
      },
    } as never,
  }),
);

async function run(query: string, variables?: Record<string, unknown>) {
  const audit = new LocatingAuditTrail();
  const result = await execute({ schema, document: parse(query), contextValue: { audit }, variableValues: variables });
  expect(result.errors).toBeUndefined();
  return audit;
}

describe('where audited reads sit', () => {
  it('a scalar is read at its object, an object field at itself, list items at their index', async () => {
    const audit = await run('{ client(id: "cl-1") { name plan { goals } } clients { name } }');
    expect(audit.placesRead()).toEqual({
      'cl-1': { Client: [['client'], ['clients', 0]], ClientPlan: [['client', 'plan']] },
      'cl-2': { Client: [['clients', 1]] },
    });
  });

  it('uses the response keys (aliases), as the answer does', async () => {
    const audit = await run('{ a: client(id: "cl-1") { n: name } }');
    expect(audit.placesRead()).toEqual({ 'cl-1': { Client: [['a']] } });
  });

  it('gives each entity of _entities its own index, through awaits', async () => {
    const audit = await run('query($r: [_Any!]!) { _entities(representations: $r) { ... on Client { name } } }', {
      r: [
        { __typename: 'Client', id: 'cl-1' },
        { __typename: 'Client', id: 'cl-2' },
      ],
    });
    expect(audit.placesRead()).toEqual({
      'cl-1': { Reference: [['_entities', 0]], Client: [['_entities', 0]] },
      'cl-2': { Reference: [['_entities', 1]], Client: [['_entities', 1]] },
    });
  });

  it('leaves a kind without places when it was noted outside a resolver, or at too many', async () => {
    const audit = new LocatingAuditTrail();
    audit.record('cl-1', '205', 'Client');
    expect(audit.placesRead()).toEqual({});
    expect(audit.toJSON()).toEqual([{ clientId: 'cl-1', municipalityCode: '205', kinds: ['Client'] }]);

    const many = await run(
      `{ ${Array.from({ length: MAX_PATHS + 1 }, (_, i) => `c${i}: client(id: "cl-1") { plan { goals } }`).join(' ')} }`,
    );
    expect(many.placesRead()).toEqual({});
  });

  it('notes a record handed over on release only when a field of it is resolved, at its place', async () => {
    expect((await run('{ page { items { __typename } } }')).toJSON()).toEqual([]);
    const counted = await run('{ page { total } }');
    expect(counted.toJSON()).toEqual([{ clientId: 'cl-9', municipalityCode: '205', kinds: ['Existence'] }]);
    expect(counted.placesRead()).toEqual({ 'cl-9': { Existence: [['page']] } });
    const read = await run('{ page { items { amount } } }');
    expect(read.toJSON()).toEqual([
      { clientId: 'cl-1', municipalityCode: '205', kinds: ['Order'], basis: ['Order/or-1'] },
      { clientId: 'cl-2', municipalityCode: '205', kinds: ['Order'], basis: ['Order/or-2'] },
    ]);
    expect(read.placesRead()).toEqual({ 'cl-1': { Order: [['page', 'items', 0]] }, 'cl-2': { Order: [['page', 'items', 1]] } });
  });

  it('the gateway reads places back, refusing malformed ones', () => {
    const places = placesFromExtensions({ [AUDIT_PLACES_EXTENSION]: { 'cl-1': { Client: [['client']], Bad: [[{}]], Empty: [] } } });
    expect(places.get('cl-1')).toEqual({ Client: [['client']] });
    expect(placesFromExtensions({}).size).toBe(0);
  });
});
