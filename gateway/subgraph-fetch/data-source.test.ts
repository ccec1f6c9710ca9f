/**
 * The subgraph fetch on its own, without a gateway: the data source's `process` called as
 * @apollo/gateway calls it for one fetch of a query plan, against a small subgraph over real
 * HTTP (and a port where nothing listens). It signs each fetch for the subgraph and the exact
 * body, hands the answer's audit notes to the operation's context, passes a subgraph's 400 on
 * as bad input, turns a subgraph that does not answer into UPSTREAM_UNAVAILABLE naming its
 * system (never the URL), and cuts the fetch when the caller has gone.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_EXTENSION } from '../../lib/audit.js';
import { AUDIT_PLACES_EXTENSION } from '../../lib/audit-paths.js';
import { ReplayGuard } from '../../lib/replay-guard.js';
import { VIEWER_HEADER, verifyViewer } from '../../lib/viewer.js';
import type { GatewayContext } from '../context.js';
import { gatewayContext, viewerOf } from '../plugin-harness.js';
import { viewerSigner } from '../signing/index.js';
import { SubgraphDataSource } from './index.js';

const secret = new TextEncoder().encode('a-test-secret-of-at-least-32-bytes!!');
/** What the subgraph answers next, and what it received last. */
let answer: (res: http.ServerResponse) => void = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}');
let last: { headers: http.IncomingHttpHeaders; body: Buffer } | null = null;
const hanging: http.ServerResponse[] = [];
let subgraph: http.Server;
let url: string;
let closedUrl: string;

beforeAll(async () => {
  subgraph = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    last = { headers: req.headers, body: Buffer.concat(chunks) };
    answer(res);
  });
  await new Promise<void>((resolve) => subgraph.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(subgraph.address() as AddressInfo).port}/graphql`;
  // A port that was free a moment ago: nothing answers there.
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/graphql`;
  await new Promise((resolve) => probe.close(resolve));
});
afterAll(async () => {
  for (const res of hanging) res.destroy();
  // Keep-alive connections would hold close() for seconds.
  subgraph.closeAllConnections();
  await new Promise((resolve) => subgraph.close(resolve));
});

const json =
  (body: unknown, status = 200) =>
  (res: http.ServerResponse) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/** One fetch of a query plan, as @apollo/gateway makes it. */
function fetchFrom(
  source: SubgraphDataSource,
  context: GatewayContext,
  request: { query: string; variables?: Record<string, unknown> },
  pathInIncomingRequest?: (string | number)[],
) {
  return source.process({
    // GraphQLDataSourceRequestKind.INCOMING_OPERATION (the enum is not exported from the package's entry).
    kind: 'incoming operation' as Extract<GraphQLDataSourceProcessOptions['kind'], `incoming${string}`>,
    request,
    context,
    incomingRequestContext: { context } as never,
    pathInIncomingRequest: pathInIncomingRequest as never,
  });
}

describe('SubgraphDataSource', () => {
  it('signs each fetch for its subgraph and its exact body; the subgraph verifies it once', async () => {
    answer = json({ data: { me: { role: 'CASE_WORKER' } } });
    const source = new SubgraphDataSource('client-records', url, viewerSigner(secret), 10_000);
    const response = await fetchFrom(source, gatewayContext(viewerOf('CASE_WORKER', 'cw-0001')), { query: '{ me { role } }' });
    expect(response.data).toEqual({ me: { role: 'CASE_WORKER' } });
    const token = String(last!.headers[VIEWER_HEADER]);
    const replays = new ReplayGuard(60_000);
    expect(await verifyViewer(token, secret, { audience: 'client-records', body: last!.body, replays })).toEqual({
      viewer: expect.objectContaining({ subject: 'cw-0001', role: 'CASE_WORKER', municipalityCode: '205' }),
    });
    // Good for nothing else: another subgraph, another body, or again.
    expect(await verifyViewer(token, secret, { audience: 'vouchers', body: last!.body, replays: new ReplayGuard(60_000) })).toMatchObject({
      refused: 'invalid',
    });
    expect(
      await verifyViewer(token, secret, {
        audience: 'client-records',
        body: Buffer.from('{"query":"{ other }"}'),
        replays: new ReplayGuard(60_000),
      }),
    ).toMatchObject({ refused: 'body' });
    expect(await verifyViewer(token, secret, { audience: 'client-records', body: last!.body, replays })).toMatchObject({
      refused: 'replayed',
    });
  });

  it('sends no viewer header without a viewer', async () => {
    answer = json({ data: {} });
    const source = new SubgraphDataSource('providers', url, viewerSigner(secret), 10_000);
    await fetchFrom(source, { requestId: 'r', auditReads: [] } as unknown as GatewayContext, { query: '{ serviceTypes { code } }' });
    expect(last!.headers[VIEWER_HEADER]).toBeUndefined();
  });

  it('gathers the answer’s audit notes into the context, located where the fetch’s answer goes', async () => {
    answer = json({
      data: { _entities: [{ firstName: 'Aino' }] },
      extensions: {
        [AUDIT_EXTENSION]: [
          { clientId: 'cl-00001', municipalityCode: '205', kinds: ['Client'] },
          { subject: 'Provider/pr-1', written: ['setOffering ServiceOffering/so-1'] },
        ],
        [AUDIT_PLACES_EXTENSION]: { 'cl-00001': { Client: [['_entities', 0, 'firstName']] } },
      },
    });
    const context = gatewayContext(viewerOf('CASE_WORKER'));
    const source = new SubgraphDataSource('client-records', url, viewerSigner(secret), 10_000);
    await fetchFrom(
      source,
      context,
      {
        query: 'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Client { firstName } } }',
        variables: { representations: [{ __typename: 'Client', id: 'cl-00001' }] },
      },
      ['orders', '@', 'client'],
    );
    expect(context.auditReads).toEqual([
      {
        clientId: 'cl-00001',
        municipalityCode: '205',
        kinds: ['Client'],
        written: [],
        at: { fetch: { path: ['orders', '@', 'client'], entities: 1 }, seenAt: { Client: [['_entities', 0, 'firstName']] } },
      },
    ]);
    expect(context.subjectWrites).toEqual([{ subject: 'Provider/pr-1', written: ['setOffering ServiceOffering/so-1'] }]);
  });

  it('passes a subgraph’s 400 on as the caller’s bad input, with its argument', async () => {
    answer = json(
      { errors: [{ message: 'from: not a date (YYYY-MM-DD)', extensions: { code: 'BAD_USER_INPUT', argumentName: 'from' } }] },
      400,
    );
    const source = new SubgraphDataSource('vouchers', url, viewerSigner(secret), 10_000);
    const error = await fetchFrom(source, gatewayContext(), { query: '{ x }' }).then(
      () => null,
      (e: unknown) => e as GraphQLError,
    );
    expect(error).toBeInstanceOf(GraphQLError);
    expect([error!.message, error!.extensions]).toEqual([
      'from: not a date (YYYY-MM-DD)',
      { code: 'BAD_USER_INPUT', argumentName: 'from' },
    ]);
  });

  it('turns a subgraph that does not answer into UPSTREAM_UNAVAILABLE naming its system, never its address', async () => {
    for (const [name, system] of [
      ['vouchers', 'voucher-system'],
      ['audit', 'audit-log'],
    ] as const) {
      const source = new SubgraphDataSource(name, closedUrl, viewerSigner(secret), 10_000);
      const error = await fetchFrom(source, gatewayContext(), { query: '{ x }' }).then(
        () => null,
        (e: unknown) => e as GraphQLError,
      );
      expect([error!.message, error!.extensions]).toEqual([
        `${system} is unavailable (${name} did not answer)`,
        { code: 'UPSTREAM_UNAVAILABLE', system, serviceName: name },
      ]);
      expect(error!.message).not.toContain('127.0.0.1');
    }
  });

  it('bounds a fetch that hangs, and cuts it when the caller has gone', async () => {
    answer = (res) => void hanging.push(res);
    const bounded = new SubgraphDataSource('client-records', url, viewerSigner(secret), 150);
    let started = Date.now();
    await expect(fetchFrom(bounded, gatewayContext(), { query: '{ x }' })).rejects.toMatchObject({
      extensions: { code: 'UPSTREAM_UNAVAILABLE', system: 'client-record-system' },
    });
    expect(Date.now() - started).toBeLessThan(5000);
    const gone = new AbortController();
    const patient = new SubgraphDataSource('client-records', url, viewerSigner(secret), 30_000);
    started = Date.now();
    setTimeout(() => gone.abort(), 100);
    await expect(fetchFrom(patient, gatewayContext(undefined, { signal: gone.signal }), { query: '{ x }' })).rejects.toMatchObject({
      extensions: { code: 'UPSTREAM_UNAVAILABLE' },
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
