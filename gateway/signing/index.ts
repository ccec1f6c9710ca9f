/**
 * Subgraph requests carry the verified viewer in a signed header (lib/viewer.ts), so the
 * subgraphs can trust who is asking without re-verifying user tokens — and refuse anyone who
 * calls them directly. Each fetch is signed on its own, for its subgraph and its exact body, so a
 * header seen on the way is good for nothing else.
 *
 * Also where a subgraph that cannot be reached becomes UPSTREAM_UNAVAILABLE naming the system
 * behind it, instead of a bare network error.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLRequest, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { readsFromExtensions, subjectWritesFromExtensions } from '../../lib/audit.js';
import { placesFromExtensions } from '../../lib/audit-paths.js';
import { GraphQLError } from 'graphql';
import { graphqlError, type SystemName } from '../../lib/errors.js';
import { createLogger } from '../../lib/log.js';
import type { SubgraphName } from '../../lib/subgraphs.js';
import { VIEWER_HEADER, signViewer, type Viewer } from '../../lib/viewer.js';
import { locateRead } from '../audit/reach.js';
import type { GatewayContext } from '../context.js';

/** Which existing system each subgraph fronts: a client cares that the data's source is down. */
export const SYSTEM_OF_SUBGRAPH: Record<string, SystemName> = {
  'client-records': 'client-record-system',
  vouchers: 'voucher-system',
  providers: 'provider-catalogue',
  // The audit log is a system of its own to a caller (CONTRACT.md), though it shares PostgreSQL with the catalogue.
  audit: 'audit-log',
};

/**
 * The viewer of the fetch under way. Why not sign in willSendRequest: the exact body is made
 * after it (RemoteGraphQLDataSource serialises the request just before the fetch), and the
 * header must hash those bytes — so the fetcher signs, and learns whose fetch it is from here.
 */
const viewerOfFetch = new AsyncLocalStorage<Viewer>();
/** Likewise, the signal that aborts when the fetch's incoming request is gone (GatewayContext.signal). */
const callerOfFetch = new AsyncLocalStorage<AbortSignal>();

const log = createLogger('gateway-subgraphs');
/** Marks an error made from a subgraph's answer, to be passed on as it is. */
const PASSED_ON = 'passedOnFromSubgraph';

export class SignedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly name: string,
    url: string,
    secret: Uint8Array,
    timeoutMs: number,
  ) {
    super({
      url,
      fetcher: (async (input: string, init: RequestInit & { headers: Record<string, string>; body: string }) => {
        const viewer = viewerOfFetch.getStore();
        // No viewer, no header: subgraphs refuse it.
        const headers = viewer ? { ...init.headers, [VIEWER_HEADER]: await signViewer(viewer, secret, { audience: name as SubgraphName, body: init.body }) } : init.headers;
        // A subgraph that hangs must not hold the whole answer: bound every fetch. And when the
        // caller has gone, cut it: the subgraph then stops its own calls (lib/caller-gone.ts).
        const caller = callerOfFetch.getStore();
        const signal = caller ? AbortSignal.any([AbortSignal.timeout(timeoutMs), caller]) : AbortSignal.timeout(timeoutMs);
        return fetch(input, { ...init, headers, signal });
      }) as unknown as RemoteGraphQLDataSource['fetcher'],
    });
  }

  override process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource['process']> {
    const { viewer, signal } = options.context as Partial<GatewayContext>;
    const run = () => (signal ? callerOfFetch.run(signal, () => super.process(options)) : super.process(options));
    return viewer ? viewerOfFetch.run(viewer, run) : run();
  }

  /**
   * Gathers the client-data reads the subgraph reports, for the audit (gateway/audit), with
   * where each was read: the places in this answer, and where this answer goes in the
   * gateway's (the fetch's path), so the audit keeps only what reaches the caller.
   */
  override async didReceiveResponse({
    response,
    request,
    context,
    pathInIncomingRequest,
  }: {
    response: GatewayGraphQLResponse;
    request: GatewayGraphQLRequest;
    context: GatewayContext;
    pathInIncomingRequest?: (string | number)[];
  }): Promise<GatewayGraphQLResponse> {
    const reads = readsFromExtensions(response.extensions as Record<string, unknown> | undefined);
    if (reads.length) {
      const places = placesFromExtensions(response.extensions as Record<string, unknown> | undefined);
      const representations = request.variables?.representations;
      const fetch = { path: pathInIncomingRequest ?? [], entities: Array.isArray(representations) ? representations.length : null };
      (context as Partial<GatewayContext>).auditReads?.push(...reads.map((read) => locateRead(read, places.get(read.clientId), fetch, response.data)));
    }
    const writes = subjectWritesFromExtensions(response.extensions as Record<string, unknown> | undefined);
    if (writes.length) ((context as Partial<GatewayContext>).subjectWrites ??= []).push(...writes);
    return response;
  }

  /**
   * A subgraph's 400 is the caller's input refused there — a Date or Decimal its scalar
   * rejects (the gateway's own schema does not parse custom scalars), a value out of range —
   * not an outage: passed on as BAD_USER_INPUT with the subgraph's own message (bounded).
   * Anything else that is not a GraphQL answer stays the default, and becomes an outage below.
   */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    if (response.status === 400) {
      const body = (await this.parseBody(response).catch(() => null)) as { errors?: { message?: unknown; extensions?: Record<string, unknown> }[] } | string | null;
      const first = typeof body === 'object' && body ? body.errors?.find((e) => typeof e?.message === 'string') : undefined;
      if (first) {
        const argumentName = first.extensions?.argumentName;
        return graphqlError('BAD_USER_INPUT', String(first.message), typeof argumentName === 'string' ? { argumentName, [PASSED_ON]: true } : { [PASSED_ON]: true });
      }
    }
    return super.errorFromResponse(response);
  }

  override didEncounterError(error: Error): never {
    if (error instanceof GraphQLError && error.extensions[PASSED_ON]) {
      delete error.extensions[PASSED_ON];
      throw error;
    }
    const system = SYSTEM_OF_SUBGRAPH[this.name] ?? 'provider-catalogue';
    // Why the reason is logged, not returned: it names internal URLs and network errors.
    log.warn({ subgraph: this.name, reason: error.message.slice(0, 200) }, 'subgraph did not answer');
    throw graphqlError('UPSTREAM_UNAVAILABLE', `${system} is unavailable (${this.name} did not answer)`, { system, serviceName: this.name });
  }
}
