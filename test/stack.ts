/**
 * The whole stack in one process for tests and benchmarks: scripts/stack.ts (the wiring `npm
 * start` uses too) with free ports, a dev issuer and secrets of its own, and the catalogue on
 * PGlite (or on Postgres when asked); plus what tests need on top — tokens, a query helper,
 * a direct look into the systems. Tests count the stand-ins' requests through `systems`.
 */
import { randomBytes } from 'node:crypto';
import { DevIssuer, authFromDevIssuer, type TokenClaims } from '../gateway/auth/index.js';
import type { RunningGateway } from '../gateway/server.js';
import type { PersistedQueryBounds } from '../gateway/cache/index.js';
import type { RateLimitOptions } from '../gateway/rate-limit/index.js';
import type { RunningSubgraph } from '../lib/subgraph-server.js';
import type { FaultOptions } from '../systems/http.js';
import type { SecuredStandIn } from '../systems/oauth.js';
import { ephemeralSystemCredentials, type SystemCredentials } from '../lib/system-credentials.js';
import { smartTokenRequests } from '../lib/smart-backend.js';
import { AccessTokens, authorizedFetch } from '../lib/system-auth.js';
import { voucherTokenRequests } from '../lib/voucher-client.js';
import { startStack as startDevelopmentStack } from '../scripts/stack.js';
import type { VouchersSubgraphOptions } from '../subgraphs/vouchers/server.js';
import type { ProvidersSubgraphOptions, RunningProvidersSubgraph } from '../subgraphs/providers/server.js';
import type { AuditStore } from '../subgraphs/audit/store.js';

export interface Stack {
  gateway: RunningGateway;
  systems: { clientRecords: SecuredStandIn; vouchers: SecuredStandIn };
  /** The clients the stand-ins registered (made for this stack), for tests that call a system directly. */
  systemCredentials: SystemCredentials;
  /** fetch to a stand-in as the registered client (with its token): a test looking into a system directly. */
  systemFetch(system: 'clientRecords' | 'vouchers', path: string, init?: RequestInit): Promise<Response>;
  subgraphs: {
    clientRecords: RunningSubgraph;
    vouchers: RunningSubgraph;
    providers: RunningProvidersSubgraph;
    audit: RunningSubgraph & { store: AuditStore };
  };
  issuer: DevIssuer;
  /** The secret the gateway signs viewer headers with, for a second gateway in tests. */
  signingSecret: Uint8Array;
  subgraphUrls: Record<'client-records' | 'vouchers' | 'providers' | 'audit', string>;
  token(claims: TokenClaims): Promise<string>;
  /** POST a GraphQL operation to the gateway, as the holder of `token` (or anonymously). */
  query<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResponse<T>>;
  /**
   * Closes the providers subgraph and opens a new one on the same port and database (e.g. a
   * PGlite data folder, or the same Postgres schema), with these options changed: a restart of
   * the process that sends webhooks.
   */
  restartProviders(changes?: Partial<Pick<ProvidersSubgraphOptions, 'webhooks'>>): Promise<RunningProvidersSubgraph>;
  close(): Promise<void>;
}

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface StackOptions {
  faults?: FaultOptions;
  /** Postgres for the catalogue (with a schema of its own); PGlite in memory when absent. */
  databaseUrl?: string;
  databaseSchema?: string;
  /** Redis for the gateway's shared cache; in memory when absent. */
  redisUrl?: string;
  /** The gateway's per-caller rate limits; TEST_RATE_LIMITS when absent. */
  rateLimits?: RateLimitOptions;
  /** The gateway's bounds on persisted queries; the production defaults when absent. */
  persistedQueries?: Partial<PersistedQueryBounds>;
  /** What the subgraphs present to the systems instead of the registered clients (tests of misconfiguration). */
  subgraphCredentials?: Partial<SystemCredentials>;
  /** The providers subgraph: PGlite on disk (to survive restartProviders) and its webhooks' settings. */
  providers?: Pick<ProvidersSubgraphOptions, 'dataDir' | 'webhooks'>;
  /** The gateway's time for one subgraph fetch (8 s when absent). */
  subgraphTimeoutMs?: number;
  /** The vouchers subgraph's spending reports at once and waiting, per role (its defaults when absent). */
  reportGate?: VouchersSubgraphOptions['reportGate'];
}

/**
 * Rate limits of the test stacks' gateways: far above any real caller. Why: the suites exercise
 * the graph, not the limiter (test/rate-limit.int.test.ts does), and one token makes hundreds
 * of requests within seconds there (write-matrix, query-cache, graceful-stop), which the
 * production defaults (a case worker 120 a minute) rightly refuse.
 */
export const TEST_RATE_LIMITS: RateLimitOptions = {
  perRole: { CLIENT: 1_000_000, CASE_WORKER: 1_000_000, PROVIDER: 1_000_000, ANALYST: 1_000_000, ADMIN: 1_000_000 },
};

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const signingSecret = new TextEncoder().encode(randomBytes(32).toString('hex'));
  const issuer = await DevIssuer.ephemeral();
  // Clients made for this stack, registered with both stand-ins and used by every subgraph.
  const credentials = await ephemeralSystemCredentials();
  // One world for both systems and the catalogue: SEED_SCALE/SEED as everywhere else.
  const stack = await startDevelopmentStack({
    signingSecret,
    auth: authFromDevIssuer(issuer),
    systemCredentials: credentials,
    subgraphCredentials: options.subgraphCredentials,
    faults: options.faults,
    databaseUrl: options.databaseUrl,
    providers: { schema: options.databaseSchema, ...options.providers },
    audit: { schema: options.databaseSchema && `${options.databaseSchema}_audit` },
    redisUrl: options.redisUrl,
    rateLimits: options.rateLimits ?? TEST_RATE_LIMITS,
    persistedQueries: options.persistedQueries,
    subgraphTimeoutMs: options.subgraphTimeoutMs,
    reportGate: options.reportGate,
  });
  const { gateway, subgraphs, subgraphUrls } = stack;
  // The test stack always starts both stand-ins (it names no existing system).
  const clientRecordSystem = stack.systems.clientRecords!;
  const voucherSystem = stack.systems.vouchers!;
  // Plain fetch with the registered clients' tokens (no upstream policy: a test's look is not a subgraph's call).
  const tokens = (
    system: 'client-record-system' | 'voucher-system',
    tokenRequest: ConstructorParameters<typeof AccessTokens>[0]['tokenRequest'],
  ) => new AccessTokens({ system, clientId: credentials.voucherSystem.clientId, configuredBy: 'test/stack.ts', fetch, tokenRequest });
  const direct = {
    vouchers: authorizedFetch(tokens('voucher-system', voucherTokenRequests(voucherSystem.url, credentials.voucherSystem)), fetch),
    clientRecords: authorizedFetch(
      tokens(
        'client-record-system',
        smartTokenRequests(
          'client-record-system',
          fetch,
          new URL(`${clientRecordSystem.url}/`),
          credentials.clientRecordSystem,
          'test/stack.ts',
        ),
      ),
      fetch,
    ),
  };
  return {
    gateway,
    systems: { clientRecords: clientRecordSystem, vouchers: voucherSystem },
    systemCredentials: credentials,
    systemFetch: (system, path, init) => direct[system](`${(system === 'vouchers' ? voucherSystem : clientRecordSystem).url}${path}`, init),
    subgraphs,
    issuer,
    signingSecret,
    subgraphUrls,
    token: (claims) => issuer.sign(claims),
    async query(query, variables, token) {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    restartProviders: (changes) => stack.restartProviders(changes),
    close: () => stack.close(),
  };
}
