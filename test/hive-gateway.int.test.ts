/**
 * Hive Gateway serving our supergraph (hive/): the Rust query planner over a real stack's
 * subgraphs, with the caller's token verified by our verifier and the viewer signed for each
 * subgraph fetch by hive/viewer-signing.ts. The subgraphs refuse anything unsigned, so every
 * answer here proves the signing; the two-viewer test proves that Hive's merging of identical
 * concurrent subgraph fetches never hands one viewer's answer to another.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFromDevIssuer } from '../gateway/auth/index.js';
import { startHiveGateway, type RunningHiveGateway } from '../hive/gateway.js';
import { SHARED_PLAN } from './queries.js';
import { startStack, type Stack } from './stack.js';
import { claims } from './support/index.js';

let stack: Stack;
let hive: RunningHiveGateway;

beforeAll(async () => {
  stack = await startStack();
  hive = await startHiveGateway({
    auth: authFromDevIssuer(stack.issuer),
    signingSecret: stack.signingSecret,
    subgraphUrls: stack.subgraphUrls,
  });
}, 120_000);

afterAll(async () => {
  await hive?.close();
  await stack?.close();
});

async function viaHive(query: string, variables: Record<string, unknown>, token?: string) {
  const res = await fetch(hive.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...((await res.json()) as { data?: any; errors?: { message: string; extensions?: any }[] }) };
}

describe('Hive Gateway (Rust planner) over our subgraphs', () => {
  it('answers the case worker’s shared plan with the same data as our gateway', async () => {
    const token = await stack.token(claims.caseWorker('205'));
    const ours = await stack.query(SHARED_PLAN, { id: 'cl-00002' }, token);
    const theirs = await viaHive(SHARED_PLAN, { id: 'cl-00002' }, token);
    expect(ours.errors).toBeUndefined();
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data.client.currentPlan.services.length).toBeGreaterThanOrEqual(30);
    expect(theirs.data).toEqual(ours.data);
  });

  it('refuses a request without a valid token, as our gateway does', async () => {
    const anonymous = await viaHive('{ serviceTypes { code } }', {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(anonymous.data ?? null).toBeNull();
  });

  it('never merges two viewers’ identical concurrent subgraph requests', async () => {
    const [kajaani, vaasa] = await Promise.all([
      stack.token(claims.caseWorker('205', 'cw-0001')),
      stack.token(claims.caseWorker('905', 'cw-vaasa')),
    ]);
    // The same query text and variables from both: identical subgraph request bodies, sent at once.
    const query = 'query Client($id: ID!) { client(id: $id) { id firstName municipality { code } } }';
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => viaHive(query, { id: 'cl-00002' }, i % 2 ? vaasa : kajaani).then((a) => ({ i, a }))),
    );
    for (const { i, a } of answers) {
      if (i % 2) expect(a.data?.client ?? null, `Vaasa's case worker, request ${i}`).toBeNull();
      else expect(a.data?.client, `Kajaani's case worker, request ${i}`).toMatchObject({ id: 'cl-00002', municipality: { code: '205' } });
    }
  });
});
