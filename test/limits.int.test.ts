/**
 * Operation limits through the running gateway (gateway/limits): operations too deep, too
 * aliased, too costly or too long are refused with OPERATION_TOO_COMPLEX before any subgraph is
 * called; oversized bodies and batches get GraphQL-shaped errors; introspection needs a token;
 * CSRF prevention is on; and every party's real queries pass.
 *
 * "No subgraph is called" is proved on a second gateway whose subgraphs (and audit sink) are a
 * tripwire that counts every request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authFromDevIssuer } from '../gateway/auth/index.js';
import { startGateway, type RunningGateway } from '../gateway/server.js';
import { DEFAULT_LIMITS } from '../gateway/limits/index.js';
import { ASSIGNED_ORDERS, PROVIDERS, SHARED_PLAN, SPENDING } from './queries.js';
import { startStack, type Stack } from './stack.js';
import { claims } from './support/index.js';

let stack: Stack;
let guarded: RunningGateway;
let tripwire: http.Server;
let tripped = 0;
let admin: string;

beforeAll(async () => {
  stack = await startStack();
  admin = await stack.token(claims.admin());
  tripwire = http.createServer((req, res) => {
    tripped++;
    req.resume();
    res.writeHead(500, { 'content-type': 'application/json' }).end('{"errors":[{"message":"tripwire"}]}');
  });
  await new Promise<void>((resolve) => tripwire.listen(0, '127.0.0.1', resolve));
  const trip = `http://127.0.0.1:${(tripwire.address() as AddressInfo).port}/graphql`;
  guarded = await startGateway({
    auth: authFromDevIssuer(stack.issuer),
    signingSecret: stack.signingSecret,
    subgraphUrls: { 'client-records': trip, vouchers: trip, providers: trip, audit: trip },
    auditSink: { append: async () => void tripped++ },
  });
});
afterAll(async () => {
  await guarded?.close();
  await new Promise((resolve) => tripwire?.close(resolve));
  await stack?.close();
});
beforeEach(() => {
  tripped = 0;
});

interface Answer {
  status: number;
  contentType: string | null;
  body: any;
}

async function post(
  url: string,
  body: unknown,
  { token = admin as string | null, headers = {} as Record<string, string>, raw = false } = {},
): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: raw ? (body as string) : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), body: JSON.parse(text) };
}

/** Sends `query` to the tripwire gateway and expects it refused as too complex, before any subgraph call. */
async function refused(query: string, variables?: Record<string, unknown>): Promise<string> {
  const res = await post(guarded.url, { query, variables });
  expect(res.status).toBe(400);
  expect(res.body.data ?? null).toBeNull();
  expect(res.body.errors).toHaveLength(1);
  expect(res.body.errors[0].extensions).toEqual({ code: 'OPERATION_TOO_COMPLEX' });
  expect(tripped).toBe(0);
  return res.body.errors[0].message;
}

describe('the tripwire gateway', () => {
  it('calls its subgraphs for an operation within the limits (so a zero count means something)', async () => {
    const res = await post(guarded.url, { query: '{ serviceTypes { code } }' });
    expect(res.body.errors?.length).toBeGreaterThan(0);
    expect(tripped).toBeGreaterThan(0);
  });
});

describe('operations too complex', () => {
  it('refuses depth 42 through client → currentPlan → client …', async () => {
    let inner = 'id';
    for (let i = 0; i < 20; i++) inner = `currentPlan { client { ${inner} } }`;
    const message = await refused(`{ client(id: "cl-00001") { ${inner} } }`);
    expect(message).toBe(`Operation too complex: depth 42 exceeds the limit of ${DEFAULT_LIMITS.maxDepth}.`);
  });

  it('refuses depth hidden in fragments', async () => {
    const fragments = ['fragment F0 on Client { id }'];
    for (let i = 1; i <= 20; i++) fragments.push(`fragment F${i} on Client { currentPlan { client { ...F${i - 1} } } }`);
    const message = await refused(`query Deep { client(id: "cl-00001") { ...F20 } } ${fragments.join(' ')}`);
    expect(message).toContain('depth 42 exceeds the limit of 15');
  });

  it('refuses thousands of aliases: by their tokens when written out', async () => {
    const aliases = Array.from({ length: 3000 }, (_, i) => `a${i}: __typename`).join(' ');
    expect(await refused(`{ ${aliases} }`)).toBe(
      `Operation too complex: tokens exceed the limit of ${DEFAULT_LIMITS.maxTokens} (parsing stopped there).`,
    );
  });

  it('refuses thousands of aliases: by their count when fragments multiply them', async () => {
    // Each fragment spreads the previous one twice beside two aliases: 2^13 − 2 = 8190 aliased fields.
    const bomb = ['fragment B0 on Viewer { role }'];
    for (let i = 1; i <= 12; i++) bomb.push(`fragment B${i} on Viewer { a${i}: role ...B${i - 1} b${i}: role ...B${i - 1} }`);
    expect(await refused(`{ me { ...B12 } } ${bomb.join(' ')}`)).toBe('Operation too complex: aliases 8190 exceeds the limit of 30.');
  });

  it('refuses a few dozen aliases over the limit, naming the count', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `c${i}: client(id: "cl-00001") { id }`).join(' ');
    expect(await refused(`{ ${aliases} }`)).toBe('Operation too complex: aliases 40 exceeds the limit of 30.');
  });

  it('refuses a cost explosion of nested `first: 100` pages', async () => {
    const query = `query Explode($n: Int) { providers(first: 100) { edges { node {
      assignedOrders(first: $n) { edges { node { client { orders { deliveries { amount { amount } } } } } } } } } } }`;
    const message = await refused(query, { n: 100 });
    expect(message).toMatch(/^Operation too complex: cost \d+ exceeds the limit of 20000\.$/);
    expect(Number(/cost (\d+)/.exec(message)![1])).toBeGreaterThan(1_000_000);
  });

  it('measures `first` from the variables: the same operation with small pages passes', async () => {
    const query = `query Small($n: Int) { providers(first: 5) { edges { node { assignedOrders(first: $n) { edges { node { id } } } } } } }`;
    const res = await post(guarded.url, { query, variables: { n: 5 } });
    expect(res.body.errors?.map((e: any) => e.extensions?.code)).not.toContain('OPERATION_TOO_COMPLEX');
    expect(tripped).toBeGreaterThan(0);
  });

  it('refuses the same way on the real stack, with no data', async () => {
    let inner = 'id';
    for (let i = 0; i < 20; i++) inner = `currentPlan { client { ${inner} } }`;
    const res = await stack.query(`{ client(id: "cl-00002") { ${inner} } }`, {}, await stack.token(claims.caseWorker()));
    expect(res.status).toBe(400);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['OPERATION_TOO_COMPLEX']);
  });
});

describe('request size and batches', () => {
  it('answers a 2 MB body with 413 and a GraphQL-shaped JSON error, not an HTML page', async () => {
    const query = `{ serviceTypes { code } } # ${'x'.repeat(2 * 1024 * 1024)}`;
    const res = await post(guarded.url, { query });
    expect(res.status).toBe(413);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors).toEqual([
      {
        message: expect.stringMatching(/^the request body of \d+ bytes exceeds the limit of 102400 bytes$/),
        extensions: { code: 'BAD_USER_INPUT' },
      },
    ]);
    expect(tripped).toBe(0);
  });

  it('answers malformed JSON with 400 and a GraphQL-shaped JSON error', async () => {
    const res = await post(guarded.url, '{"query": "{ me { role } }"', { raw: true });
    expect(res.status).toBe(400);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(res.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });

  it('refuses a huge batch, and any batch, with a clear error and no data', async () => {
    for (const size of [1000, 2]) {
      const batch = Array.from({ length: size }, () => ({ query: '{ serviceTypes { code } }' }));
      const res = await post(guarded.url, batch);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        errors: [
          {
            message: `batched requests are not accepted (this one holds ${size} operations): send one operation per request`,
            extensions: { code: 'BAD_USER_INPUT' },
          },
        ],
      });
    }
    expect(tripped).toBe(0);
  });
});

describe('introspection', () => {
  const SCHEMA_TYPES = '{ __schema { types { name } } }';

  it('is refused without a token', async () => {
    const res = await post(stack.gateway.url, { query: SCHEMA_TYPES }, { token: null });
    expect(res.status).toBe(401);
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors.map((e: any) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('answers with a token', async () => {
    const client = await stack.token(claims.client());
    const res = await post(stack.gateway.url, { query: SCHEMA_TYPES }, { token: client });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.__schema.types.map((t: any) => t.name)).toEqual(expect.arrayContaining(['Client', 'ClientPlan', 'Provider']));
  });

  it('answers the standard introspection query that tooling sends, with a token', async () => {
    const res = await post(stack.gateway.url, { query: getIntrospectionQuery() });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.__schema.queryType.name).toBe('Query');
  });
});

describe('CSRF prevention', () => {
  it('refuses a simple GET without a preflight-forcing header, even with a valid token', async () => {
    const url = `${stack.gateway.url}?query=${encodeURIComponent('{ me { role } }')}`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as any;
    expect(body.data ?? null).toBeNull();
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(/Cross-Site Request Forgery/);
  });

  it('refuses a simple POST (text/plain, as an HTML form or a no-cors fetch sends)', async () => {
    const res = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ query: '{ me { role } }' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as any;
    expect(body.errors[0].message).toMatch(/Cross-Site Request Forgery/);
  });

  it('answers the same GET when it carries a preflight-forcing header', async () => {
    const url = `${stack.gateway.url}?query=${encodeURIComponent('{ me { role } }')}`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${admin}`, 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { me: { role: 'ADMIN' } } });
  });
});

describe("every party's real queries pass", () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);

  const cases: [string, () => Promise<string>, string, Record<string, unknown>][] = [
    ['case worker: SHARED_PLAN', () => stack.token(claims.caseWorker()), SHARED_PLAN, { id: 'cl-00002' }],
    ['client: SHARED_PLAN', () => stack.token(claims.client()), SHARED_PLAN, { id: 'cl-00001' }],
    [
      'provider polling: ASSIGNED_ORDERS, largest page',
      () => stack.token(claims.provider()),
      ASSIGNED_ORDERS,
      { first: 100, status: ['REQUESTED', 'ACCEPTED'], updatedSince: '2026-01-01T00:00:00Z' },
    ],
    ['client: PROVIDERS, largest page', () => stack.token(claims.client()), PROVIDERS, { first: 100, filter: { municipalityCode: '205' } }],
    [
      'analyst: SPENDING',
      () => stack.token(claims.analyst()),
      SPENDING,
      { from: '2026-01-01', to: '2026-10-31', groupBy: ['MUNICIPALITY', 'SERVICE_TYPE'] },
    ],
  ];
  // The README's examples, one per party, in its order.
  const readmeTokens = [
    () => stack.token(claims.caseWorker()),
    () => stack.token(claims.client()),
    () => stack.token(claims.provider()),
    () => stack.token(claims.analyst()),
    () => stack.token(claims.admin()),
  ];
  examples.slice(0, readmeTokens.length).forEach((query, i) => cases.push([`README example ${i + 1}`, readmeTokens[i], query, {}]));

  it.each(cases)('%s', async (_name, token, query, variables) => {
    const res = await stack.query(query, variables, await token());
    expect(res.errors).toBeUndefined();
    expect(res.status).toBe(200);
    expect(res.data).toBeTruthy();
  });
});
