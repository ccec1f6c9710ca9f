/**
 * Documents and requests the graph does not serve (docs/contract.md, "Errors"): each gets HTTP 400
 * (or Apollo's 405 for a GET of a mutation) and a contract code, never a 500, and no message
 * shows internals or repeats more than a bounded stretch of the caller's input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_ERROR_CODES, ERROR_CODES, MAX_ECHO } from '../lib/errors.js';
import { startStack, type Stack } from './stack.js';
import { claims } from './support/index.js';

let stack: Stack;
let token: string;
beforeAll(async () => {
  stack = await startStack();
  token = await stack.token(claims.caseWorker());
});
afterAll(async () => stack?.close());

const CONTRACT_CODES: readonly string[] = [...ERROR_CODES, ...DOCUMENT_ERROR_CODES];
/** What a message may never show: the systems' addresses, stack frames, SQL. */
const INTERNALS = /https?:\/\/|127\.0\.0\.1|localhost|\bat \S+ \(|node_modules|\.ts:\d|select |insert |INVALID_GRAPHQL/i;

async function post(body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

function expectRefused(res: { status: number; body: any }, message?: RegExp) {
  expect(res.status).toBe(400);
  expect(res.body.data ?? null).toBeNull();
  expect(res.body.errors.length).toBeGreaterThan(0);
  for (const e of res.body.errors) {
    expect(CONTRACT_CODES).toContain(e.extensions?.code);
    expect(e.message).not.toMatch(INTERNALS);
    expect(e.extensions).not.toHaveProperty('stacktrace');
  }
  if (message) expect(res.body.errors[0].message).toMatch(message);
}

describe('documents the graph does not serve', () => {
  it('a subscription: 400 and a validation error, not a 500', async () => {
    const res = await post({ query: 'subscription { serviceTypes { code } }' });
    expectRefused(res, /does not serve subscription operations/);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('an operation name the document does not hold: 400 BAD_USER_INPUT naming what it holds', async () => {
    const res = await post({ query: 'query Types { serviceTypes { code } }', operationName: 'Nope' });
    expectRefused(res);
    expect(res.body.errors[0]).toMatchObject({
      message: 'the document has no operation named "Nope"; it holds "Types"',
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'operationName' },
    });
  });

  it('several operations and none named: 400 BAD_USER_INPUT', async () => {
    const res = await post({ query: 'query A { serviceTypes { code } } query B { me { role } }' });
    expectRefused(res);
    expect(res.body.errors[0]).toMatchObject({
      message: 'the document holds 2 operations: name the one to run in operationName; it holds "A", "B"',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    // Named, one of them runs.
    const picked = await post({ query: 'query A { serviceTypes { code } } query B { me { role } }', operationName: 'B' });
    expect(picked.status).toBe(200);
    expect(picked.body.data).toEqual({ me: { role: 'CASE_WORKER' } });
  });

  it.each([
    ['a syntax error', { query: '{ serviceTypes { code' }],
    ['an unknown field', { query: '{ nope }' }],
    ['a mutation the graph does not have', { query: 'mutation { launchRockets }' }],
    ['two anonymous operations', { query: '{ serviceTypes { code } } { me { role } }' }],
    ['only a fragment', { query: 'fragment F on Query { me { role } }' }],
    ['an empty query', { query: '' }],
    ['a query that is not a string', { query: 42 }],
    ['variables that are not an object', { query: '{ me { role } }', variables: 'x' }],
    ['extensions that are not an object', { query: '{ me { role } }', extensions: 'x' }],
    ['an operationName that is not a string', { query: '{ me { role } }', operationName: 7 }],
    ['a variable of the wrong type', { query: 'query($n: Int) { providers(first: $n) { totalCount } }', variables: { n: 'many' } }],
    ['an unknown persisted-query version', { extensions: { persistedQuery: { version: 2, sha256Hash: 'abc' } } }],
  ])('%s: 400 with a contract code', async (_what, body) => {
    expectRefused(await post(body));
  });
});

describe('what an error repeats of the input is bounded', () => {
  const long = 'x'.repeat(60_000);
  const maxRun = (message: string) => Math.max(...message.split(/[\s"']/).map((w) => w.length));

  it('NOT_FOUND does not echo a 60 000-character id in full', async () => {
    const res = await post({ query: 'query($id: ID!) { client(id: $id) { firstName } }', variables: { id: long } });
    expect(res.status).toBe(200);
    const error = res.body.errors[0];
    expect(['NOT_FOUND', 'BAD_USER_INPUT', 'FORBIDDEN']).toContain(error.extensions.code);
    expect(error.message.length).toBeLessThan(300);
    expect(maxRun(error.message)).toBeLessThanOrEqual(MAX_ECHO + 1);
    expect(JSON.stringify(res.body).length).toBeLessThan(2_000);
  });

  it('nor a validation error a variable value, nor an operation name', async () => {
    const wrongType = await post({ query: 'query($n: Int) { providers(first: $n) { totalCount } }', variables: { n: long } });
    expectRefused(wrongType);
    expect(JSON.stringify(wrongType.body).length).toBeLessThan(2_000);
    expect(wrongType.body.errors[0].message).toContain('x'.repeat(MAX_ECHO) + '…');

    const name = `Op${'y'.repeat(5_000)}`;
    const unknown = await post({ query: 'query A { me { role } }', operationName: name });
    expectRefused(unknown);
    expect(JSON.stringify(unknown.body).length).toBeLessThan(1_000);
  });
});
