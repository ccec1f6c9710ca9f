/**
 * Subgraph requests carry the verified viewer in a signed header (lib/viewer.ts), so the
 * subgraphs can trust who is asking without re-verifying user tokens — and refuse anyone who
 * calls them directly.
 *
 * Also where a subgraph that cannot be reached becomes UPSTREAM_UNAVAILABLE naming the system
 * behind it, instead of a bare network error.
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLRequest, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { readsFromExtensions, subjectWritesFromExtensions } from '../../lib/audit.js';
import { placesFromExtensions } from '../../lib/audit-paths.js';
import { GraphQLError } from 'graphql';
import { graphqlError, type SystemName } from '../../lib/errors.js';
import { createLogger } from '../../lib/log.js';
import { VIEWER_HEADER, signViewer } from '../../lib/viewer.js';
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
 * The signed header of a request, made once and shared by all its subgraph fetches (an
 * operation makes several). Signed again after half the header's 60 s life, so a long
 * operation never sends an expired one.
 */
const signedViewers = new WeakMap<object, { token: Promise<string>; at: number }>();
const RESIGN_AFTER_MS = 30_000;

function viewerHeader(context: GatewayContext, secret: Uint8Array): Promise<string> {
  const cached = signedViewers.get(context);
  if (cached && Date.now() - cached.at < RESIGN_AFTER_MS) return cached.token;
  const fresh = { token: signViewer(context.viewer, secret), at: Date.now() };
  signedViewers.set(context, fresh);
  return fresh.token;
}

const log = createLogger('gateway-subgraphs');
/** Marks an error made from a subgraph's answer, to be passed on as it is. */
const PASSED_ON = 'passedOnFromSubgraph';

export class SignedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly name: string,
    url: string,
    private readonly secret: Uint8Array,
    timeoutMs: number,
  ) {
    super({
      url,
      // A subgraph that hangs must not hold the whole answer: bound every fetch.
      fetcher: ((input: string, init: RequestInit) =>
        fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as unknown as RemoteGraphQLDataSource['fetcher'],
    });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    if (!(context as Partial<GatewayContext>).viewer) return; // no viewer, no header: subgraphs refuse it.
    request.http?.headers.set(VIEWER_HEADER, await viewerHeader(context as GatewayContext, this.secret));
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
