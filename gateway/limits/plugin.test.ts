/**
 * The limits plugin on its own, without a server: its hooks called through Apollo Server's
 * pipeline (plugin-harness.ts) with the gateway's API schema and parse options. An operation
 * over a limit is refused before execution — no subgraph would be called — with HTTP 400 and
 * OPERATION_TOO_COMPLEX naming each limit broken; one within the limits runs.
 */
import { describe, expect, it } from 'vitest';
import { ASSIGNED_ORDERS, SHARED_PLAN, SPENDING } from '../../test/queries.js';
import { runPipeline, type PipelineOptions } from '../plugin-harness.js';
import { DEFAULT_LIMITS, apolloLimitOptions, operationLimitsPlugin, resolveLimits } from './index.js';

const limits = resolveLimits({}, {});
const gateway: PipelineOptions = { plugins: [operationLimitsPlugin(limits)], ...apolloLimitOptions(limits) };

describe('operationLimitsPlugin', () => {
  it('lets the parties’ operations run', async () => {
    for (const [query, variables] of [
      [SHARED_PLAN, { id: 'cl-00001' }],
      [ASSIGNED_ORDERS, { first: 100 }],
      [SPENDING, { from: '2025-01-01', to: '2025-12-31', groupBy: ['MUNICIPALITY', 'SERVICE_TYPE'] }],
    ] as const) {
      const out = await runPipeline(gateway, { query, variables });
      expect(out.body.errors).toBeUndefined();
      expect(out.executed).toBe(true);
    }
  });

  it('refuses depth before execution, with 400 and the measured depth', async () => {
    let inner = 'id';
    for (let i = 0; i < 20; i++) inner = `currentPlan { client { ${inner} } }`;
    const out = await runPipeline(gateway, { query: `{ client(id: "cl-00001") { ${inner} } }` });
    expect(out.executed).toBe(false);
    expect(out.status).toBe(400);
    expect(out.body).toEqual({
      errors: [
        {
          message: `Operation too complex: depth 42 exceeds the limit of ${DEFAULT_LIMITS.maxDepth}.`,
          extensions: { code: 'OPERATION_TOO_COMPLEX' },
        },
      ],
    });
  });

  it('names every limit broken: aliases and reports together', async () => {
    const reports = Array.from(
      { length: 31 },
      (_, i) => `r${i}: spendingReport(from: "2025-01-01", to: "2025-01-31", groupBy: [MUNICIPALITY]) { total { amount } }`,
    ).join(' ');
    const out = await runPipeline(gateway, { query: `{ ${reports} }` });
    expect(out.status).toBe(400);
    const message = out.body.errors?.[0]?.message ?? '';
    expect(message).toMatch(/^Operation too complex: /);
    expect(message).toContain('aliases 31 exceeds the limit of 30');
    expect(message).toContain('reports 31 exceeds the limit of 1');
  });

  it('measures `first` from the variables', async () => {
    const query = `query Pages($n: Int) { providers(first: 100) { edges { node { assignedOrders(first: $n) { edges { node { client { orders { id } } } } } } } } }`;
    expect((await runPipeline(gateway, { query, variables: { n: 2 } })).body.errors).toBeUndefined();
    const refused = await runPipeline(gateway, { query, variables: { n: 100 } });
    expect(refused.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Operation too complex: cost \d+ exceeds the limit of 20000\.$/),
      extensions: { code: 'OPERATION_TOO_COMPLEX' },
    });
  });

  it('with the parse options, refuses too many tokens as too complex, not as a syntax error', async () => {
    const aliases = Array.from({ length: 3000 }, (_, i) => `a${i}: __typename`).join(' ');
    const out = await runPipeline(gateway, { query: `{ ${aliases} }` });
    expect(out.status).toBe(400);
    expect(out.body.errors).toEqual([
      {
        message: `Operation too complex: tokens exceed the limit of ${DEFAULT_LIMITS.maxTokens} (parsing stopped there).`,
        extensions: { code: 'OPERATION_TOO_COMPLEX' },
      },
    ]);
  });

  it('follows limits set lower, and leaves an unresolved operation to others', async () => {
    const strict: PipelineOptions = { plugins: [operationLimitsPlugin(resolveLimits({ maxDepth: 2 }, {}))] };
    expect((await runPipeline(strict, { query: '{ me { role } }' })).body.errors).toBeUndefined();
    expect((await runPipeline(strict, { query: '{ client(id: "x") { currentPlan { id } } }' })).body.errors?.[0]?.message).toBe(
      'Operation too complex: depth 3 exceeds the limit of 2.',
    );
    // No operation by that name: nothing to measure (gateway/documents refuses it).
    expect((await runPipeline(strict, { query: 'query A { me { role } }', operationName: 'B' })).executed).toBe(true);
  });
});
