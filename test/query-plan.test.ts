/**
 * The critical path of the shared plan, as the gateway plans it: how many fetches must follow
 * one another (each waits for the one before to answer), planned by the gateway's own query
 * planner over the checked-in supergraph. Independent of list lengths: a plan is made per
 * document, not per answer. Counted: sequential rounds (a Sequence adds, a Parallel takes the
 * longest branch) and fetches per subgraph.
 *
 * Why 3 rounds is the floor for this query: the orders' providers' names (providers) need the
 * orders (vouchers), which need the plan's services (client-records). Everything else must fit
 * into those rounds: a @requires whose fields come from an earlier round adds none, one that
 * needs a later round's answer (or a fetch that waits for one) would make a fourth.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { Supergraph, operationFromDocument } from '@apollo/federation-internals';
import { QueryPlanner, type PlanNode, type QueryPlan, type SubscriptionNode } from '@apollo/query-planner';
import { describe, expect, it } from 'vitest';
import { SHARED_PLAN } from './queries.js';

const supergraph = Supergraph.build(readFileSync(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8'));

function planOf(document: string): QueryPlan {
  return new QueryPlanner(supergraph).buildQueryPlan(operationFromDocument(supergraph.schema, parse(document)));
}

interface Fetch {
  service: string;
  /** Where its results land, e.g. client.currentPlan.services.@ ('' for the root fetch). */
  path: string;
  /** The fetches that must have answered first, in order. */
  after: Fetch[];
}

/** Every fetch with the chain it waits for; the rounds are the longest chain plus one. */
function fetchesOf(node: PlanNode | SubscriptionNode | undefined, before: Fetch[] = [], path = ''): { fetches: Fetch[]; chain: Fetch[] } {
  if (!node) return { fetches: [], chain: before };
  switch (node.kind) {
    case 'Fetch': {
      const fetch = { service: node.serviceName, path, after: before };
      return { fetches: [fetch], chain: [...before, fetch] };
    }
    case 'Flatten':
      return fetchesOf(node.node, before, node.path.join('.'));
    case 'Sequence': {
      let chain = before;
      const fetches: Fetch[] = [];
      for (const child of node.nodes) {
        const done = fetchesOf(child, chain, path);
        fetches.push(...done.fetches);
        chain = done.chain;
      }
      return { fetches, chain };
    }
    case 'Parallel': {
      const branches = node.nodes.map((child) => fetchesOf(child, before, path));
      return {
        fetches: branches.flatMap((b) => b.fetches),
        chain: branches.reduce((longest, b) => (b.chain.length > longest.length ? b.chain : longest), before),
      };
    }
    default:
      throw new Error(`plan node ${node.kind} is not expected in a query without @defer`);
  }
}

describe("the gateway's plan of the shared-plan query", () => {
  const { fetches, chain } = fetchesOf(planOf(SHARED_PLAN).node);
  const rounds = chain.length;
  const bySubgraph = (service: string) => fetches.filter((f) => f.service === service).length;

  it('makes 3 sequential rounds of fetches: client-records, then vouchers, then providers', () => {
    console.log(
      'shared-plan query plan',
      fetches.map((f) => `${f.after.length + 1}: ${f.service} ${f.path || '(root)'}`),
    );
    expect(rounds).toBe(3);
    expect(chain.map((f) => f.service)).toEqual(['client-records', 'vouchers', 'providers']);
    expect(fetches.length).toBe(8);
    expect({ clientRecords: bySubgraph('client-records'), vouchers: bySubgraph('vouchers'), providers: bySubgraph('providers') }).toEqual({
      clientRecords: 1,
      vouchers: 3,
      providers: 4,
    });
  });

  it("fetches the budget in the second round: its @requires are the first round's fields", () => {
    const budget = fetches.find((f) => f.service === 'vouchers' && f.path === 'client.currentPlan');
    expect(budget?.after.map((f) => f.service)).toEqual(['client-records']);
  });

  it('waits for vouchers only where an answer of the vouchers subgraph is needed: orders, and the voucher value offerings price against', () => {
    const third = fetches.filter((f) => f.after.length === 2).map((f) => `${f.service} ${f.path}`);
    expect(third.sort()).toEqual(['providers client.currentPlan.services.@', 'providers client.currentPlan.services.@.orders.@.provider']);
  });
});
