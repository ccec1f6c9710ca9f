/**
 * Global object identification (Relay's `Node`, federation's entity interface): this subgraph
 * defines `interface Node @key(fields: "id")` with every implementing entity of the graph, and
 * `Query.node(id:)`.
 *
 * The type comes from the id's prefix: every system names its records with one per type (the
 * client-record system `cl-`, `cw-`, `pl-`/`cp-`, `ps-`; the voucher system `vo-`, `or-`, `de-`,
 * `pa-`; the catalogue `of-`). A provider's id is the one its token names (`pr-…` by
 * convention, but the identity provider decides), so an id with no known prefix is a Provider's.
 *
 * Access is never decided here. `node(id:)` is the `_entities` resolution of
 * `{ __typename: "Node", id }`, the same path the gateway's entity fetches take: a type of this
 * subgraph resolves through its own `__resolveReference` and policy (null with FORBIDDEN or
 * NOT_FOUND, exactly as for the gateway); another subgraph's type is passed on as a reference,
 * and its owner's entity resolution and policy decide on every field the caller selects.
 */
import type { GraphQLFieldResolver, GraphQLResolveInfo } from 'graphql';
import type { NodeResolvers, QueryResolvers, ResolversTypes } from './__generated__/resolvers-types.js';
import type { Context } from './context.js';

const NODE_TYPES = [
  ['cl-', 'Client'],
  ['cw-', 'CaseWorker'],
  ['pl-', 'ClientPlan'],
  ['cp-', 'ClientPlan'],
  ['ps-', 'PlannedService'],
  ['vo-', 'Voucher'],
  ['or-', 'Order'],
  ['de-', 'Delivery'],
  ['pa-', 'Payment'],
  ['of-', 'ServiceOffering'],
  ['pr-', 'Provider'],
] as const;

export type NodeTypeName = (typeof NODE_TYPES)[number][1];

/** The type of the object an id names. */
export function nodeTypeOf(id: string): NodeTypeName {
  return NODE_TYPES.find(([prefix]) => id.startsWith(prefix))?.[1] ?? 'Provider';
}

/** The subgraph schema's own `_entities` field: the entity resolution the gateway calls. */
function resolveEntity(id: string, ctx: Context, info: GraphQLResolveInfo): Promise<ResolversTypes['Node'] | null> {
  const entities = info.schema.getQueryType()?.getFields()._entities?.resolve as GraphQLFieldResolver<unknown, Context> | undefined;
  if (!entities) throw new Error('the subgraph schema has no _entities field');
  const [entity] = entities(undefined, { representations: [{ __typename: 'Node', id }] }, ctx, info) as Promise<
    ResolversTypes['Node'] | null
  >[];
  return entity;
}

export const nodeQuery: Pick<QueryResolvers<Context>, 'node'> = {
  node: (_root, { id }, ctx, info) => resolveEntity(id, ctx, info),
};

export const nodeResolvers: { Node: NodeResolvers<Context> } = {
  Node: {
    // A model of this subgraph carries no __typename; a reference passed on does. Either way the
    // id decides, so the type is the same on every path.
    __resolveType: (node: { id: string }) => nodeTypeOf(node.id),
  },
};
