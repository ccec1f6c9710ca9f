/**
 * The gateway's fetch of one subgraph: @apollo/gateway's RemoteGraphQLDataSource, with
 *
 * - the viewer's signed header on every fetch (gateway/signing), made with the exact body;
 * - a bound on every fetch (`timeoutMs`): a subgraph that hangs must not hold the whole answer;
 * - the fetch cut when its caller has gone (GatewayContext.signal): the subgraph then stops
 *   its own calls to its system (lib/caller-gone.ts);
 * - each answer's audit notes handed to the audit (gateway/audit gatherAuditNotes);
 * - a subgraph that cannot be reached turned into UPSTREAM_UNAVAILABLE naming the system behind
 *   it (systems.ts), instead of a bare network error; its reason goes to the log only;
 * - a subgraph's 400 passed on as the caller's bad input, not taken for an outage.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLRequest, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import { graphqlError } from '../../lib/errors.js';
import { REQUEST_ID_HEADER } from '../../lib/request-id.js';
import { createLogger } from '../../lib/log.js';
import type { SubgraphName } from '../../lib/subgraphs.js';
import type { Viewer } from '../../lib/viewer.js';
import { gatherAuditNotes } from '../audit/index.js';
import type { GatewayContext } from '../context.js';
import type { FetchSigner } from '../signing/index.js';
import type { KeepAliveFetch } from './keep-alive.js';
import { SYSTEM_OF_SUBGRAPH } from './systems.js';

/**
 * Whose fetch is under way, for the fetcher: the viewer to sign for and the signal that aborts
 * when the fetch's incoming request is gone. Why not pass them in willSendRequest: the fetcher
 * sees only the URL and the serialised request, made after it.
 */
const operationOfFetch = new AsyncLocalStorage<{ viewer?: Viewer; signal?: AbortSignal }>();

const log = createLogger('gateway-subgraphs');
/** Marks an error made from a subgraph's answer, to be passed on as it is. */
const PASSED_ON = 'passedOnFromSubgraph';

export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly name: string,
    url: string,
    sign: FetchSigner,
    timeoutMs: number,
    /** The HTTP client, shared by the gateway's data sources (keep-alive.ts); the global fetch when absent. */
    httpFetch: KeepAliveFetch = fetch as unknown as KeepAliveFetch,
  ) {
    super({
      url,
      fetcher: (async (input: string, init: RequestInit & { headers: Record<string, string>; body: string }) => {
        const operation = operationOfFetch.getStore();
        const headers = { ...init.headers, ...(await sign(operation?.viewer, name as SubgraphName, init.body)) };
        const caller = operation?.signal;
        const signal = caller ? AbortSignal.any([AbortSignal.timeout(timeoutMs), caller]) : AbortSignal.timeout(timeoutMs);
        return httpFetch(input, { ...init, headers, signal });
      }) as unknown as RemoteGraphQLDataSource['fetcher'],
    });
  }

  override process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource['process']> {
    const { viewer, signal } = options.context as Partial<GatewayContext>;
    return operationOfFetch.run({ viewer, signal }, () => super.process(options));
  }

  /** The operation's request id goes along, so the subgraph's logs name it too (gateway/telemetry). */
  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const requestId = 'context' in options ? (options.context as Partial<GatewayContext>).requestId : undefined;
    if (requestId) options.request.http?.headers.set(REQUEST_ID_HEADER, requestId);
  }

  /** Hands the answer's audit notes, with where the answer goes, to the audit (gateway/audit). */
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
    gatherAuditNotes(context as Partial<GatewayContext>, {
      response: { data: response.data, extensions: response.extensions as Record<string, unknown> | undefined },
      variables: request.variables,
      pathInIncomingRequest,
    });
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
      const body = (await this.parseBody(response).catch(() => null)) as
        { errors?: { message?: unknown; extensions?: Record<string, unknown> }[] } | string | null;
      const first = typeof body === 'object' && body ? body.errors?.find((e) => typeof e?.message === 'string') : undefined;
      if (first) {
        const argumentName = first.extensions?.argumentName;
        return graphqlError(
          'BAD_USER_INPUT',
          String(first.message),
          typeof argumentName === 'string' ? { argumentName, [PASSED_ON]: true } : { [PASSED_ON]: true },
        );
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
    throw graphqlError('UPSTREAM_UNAVAILABLE', `${system} is unavailable (${this.name} did not answer)`, {
      system,
      serviceName: this.name,
    });
  }
}
