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
 * - a subgraph's 400 passed on as the caller's bad input, not taken for an outage;
 * - the fetches of one round of the plan to this subgraph sent as one request, each entity's
 *   representation once (batching.ts).
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
import { mergeFetches, type FetchAnswer } from './batching.js';

/**
 * Whose fetch is under way, for the fetcher: the viewer to sign for and the signal that aborts
 * when the fetch's incoming request is gone (the fetcher sees only the URL and the serialised
 * request); and whether it is a merged round, whose answer is gathered part by part.
 */
const operationOfFetch = new AsyncLocalStorage<{ viewer?: Viewer; signal?: AbortSignal; merged?: boolean }>();

type ProcessOptions = GraphQLDataSourceProcessOptions<GatewayContext>;
/** GraphQLDataSourceRequestKind.INCOMING_OPERATION (the enum is not exported from the package's entry). */
const INCOMING_OPERATION = 'incoming operation';
type Answer = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;
interface Queued {
  options: ProcessOptions;
  resolve(answer: Answer): void;
  reject(error: unknown): void;
}

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

  /** Fetches of an operation waiting for the end of this turn of the event loop, by the operation's context. */
  private readonly round = new WeakMap<object, Queued[]>();

  /**
   * A fetch of an operation's plan waits for the rest of its round: the gateway starts all the
   * fetches of a round in one turn of the event loop (a Parallel node's children at once), so
   * what has arrived by the next turn is the round. One setImmediate per round and subgraph.
   */
  override process(options: ProcessOptions): Promise<Answer> {
    const context = options.kind === INCOMING_OPERATION ? (options.context as object | undefined) : undefined;
    if (!context) return this.processOne(options);
    let queue = this.round.get(context);
    if (!queue) {
      this.round.set(context, (queue = []));
      setImmediate(() => this.sendRound(context));
    }
    return new Promise<Answer>((resolve, reject) => queue.push({ options, resolve, reject }));
  }

  private sendRound(context: object): void {
    const queue = this.round.get(context)!;
    this.round.delete(context);
    const merged = mergeFetches(queue.map((q) => q.options.request as { query: string; variables?: Record<string, unknown> }));
    if (!merged) {
      for (const q of queue) this.processOne(q.options).then(q.resolve, q.reject);
      return;
    }
    const first = queue[0].options;
    const request = { ...merged.request, http: undefined } as ProcessOptions['request'];
    this.processOne({ ...first, request } as ProcessOptions, true).then(
      (answer) => {
        const parts = merged.split(answer as FetchAnswer);
        queue.forEach((q, i) => {
          // Each fetch's audit notes as if it had been sent alone: its representations, its place in the answer.
          gatherAuditNotes(context as Partial<GatewayContext>, {
            response: parts[i],
            variables: q.options.request.variables,
            pathInIncomingRequest: 'pathInIncomingRequest' in q.options ? q.options.pathInIncomingRequest : undefined,
          });
          q.resolve(parts[i] as Answer);
        });
      },
      (error: unknown) => {
        // The caller's input refused (a 400): sent one by one, so only the fetch it concerns fails.
        if (error instanceof GraphQLError && error.extensions.code === 'BAD_USER_INPUT' && queue.length > 1) {
          for (const q of queue) this.processOne(q.options).then(q.resolve, q.reject);
          return;
        }
        for (const q of queue) q.reject(error);
      },
    );
  }

  /**
   * One request to the subgraph: what RemoteGraphQLDataSource's process does for our fetches,
   * without what they never use (persisted queries to subgraphs, a node-fetch Headers and
   * Request built for every fetch only to be handed to didEncounterError, which reads neither).
   */
  private processOne(options: ProcessOptions, merged = false): Promise<Answer> {
    const context = options.context as Partial<GatewayContext>;
    const incoming = options.kind === INCOMING_OPERATION ? options : null;
    return operationOfFetch.run({ viewer: context.viewer, signal: context.signal, merged }, async () => {
      const { http: given, ...request } = options.request;
      if (!request.query) throw new Error('Missing query');
      const headers: Record<string, string> = {};
      for (const [name, value] of given?.headers ?? []) headers[name] = value;
      headers['content-type'] = 'application/json';
      // The operation's request id goes along, so the subgraph's logs name it too (gateway/telemetry).
      if (context.requestId) headers[REQUEST_ID_HEADER] = context.requestId;
      type FetcherResponse = Parameters<RemoteGraphQLDataSource['parseBody']>[0];
      let response: GatewayGraphQLResponse;
      try {
        const answer = await (this.fetcher as unknown as KeepAliveFetch)(this.url!, {
          method: 'POST',
          headers,
          body: JSON.stringify(request),
        });
        if (!answer.ok) throw await this.errorFromResponse(answer as unknown as FetcherResponse);
        const body = await this.parseBody(answer as unknown as FetcherResponse);
        if (typeof body !== 'object' || body === null)
          throw new Error(`Expected a JSON object, but received: ${String(body).slice(0, 80)}`);
        response = { ...(body as object), http: answer } as unknown as GatewayGraphQLResponse;
      } catch (error) {
        return this.didEncounterError(error as Error);
      }
      // Our subgraphs give no cache hints: their answers are not cacheable (as Apollo reads a missing header).
      const policy = incoming?.incomingRequestContext?.overallCachePolicy;
      if (policy && 'restrict' in policy) policy.restrict({ maxAge: 0 });
      return this.didReceiveResponse({
        response,
        request: options.request,
        context: context as GatewayContext,
        pathInIncomingRequest: incoming?.pathInIncomingRequest,
      });
    });
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
    // A merged round's answer is split first, and each fetch's part gathered (sendRound).
    if (operationOfFetch.getStore()?.merged) return response;
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
