/**
 * The whole stack in one process for tests and benchmarks: both stand-ins, the three
 * subgraphs (the catalogue on PGlite, or on Postgres when asked) and the gateway, each on a
 * free port and talking real HTTP. Tests count the stand-ins' requests through `systems`.
 */
import { randomBytes } from 'node:crypto';
import { DevIssuer, authFromDevIssuer, type TokenClaims } from '../gateway/auth/index.js';
import { startGateway, type RunningGateway } from '../gateway/server.js';
import type { RunningSubgraph } from '../lib/subgraph-server.js';
import { getWorld, worldOptionsFromEnv } from '../seed/world.js';
import type { RunningStandIn, FaultOptions } from '../systems/http.js';
import { startClientRecordSystem } from '../systems/client-record-system/server.js';
import { startVoucherSystem } from '../systems/voucher-system/server.js';
import { startClientRecordsSubgraph } from '../subgraphs/client-records/server.js';
import { startVouchersSubgraph } from '../subgraphs/vouchers/server.js';
import { startProvidersSubgraph, type ProvidersSubgraphOptions, type RunningProvidersSubgraph } from '../subgraphs/providers/server.js';
import { startAuditSubgraph } from '../subgraphs/audit/server.js';
import type { AuditStore } from '../subgraphs/audit/store.js';

export interface Stack {
  gateway: RunningGateway;
  systems: { clientRecords: RunningStandIn; vouchers: RunningStandIn };
  subgraphs: { clientRecords: RunningSubgraph; vouchers: RunningSubgraph; providers: RunningProvidersSubgraph; audit: RunningSubgraph & { store: AuditStore } };
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
  /** The providers subgraph: PGlite on disk (to survive restartProviders) and its webhooks' settings. */
  providers?: Pick<ProvidersSubgraphOptions, 'dataDir' | 'webhooks'>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const signingSecret = new TextEncoder().encode(randomBytes(32).toString('hex'));
  const issuer = await DevIssuer.ephemeral();
  // One world for both systems and the catalogue: SEED_SCALE/SEED as everywhere else.
  const world = getWorld(worldOptionsFromEnv());
  const clientRecordSystem = await startClientRecordSystem({ ...options.faults, world });
  const voucherSystem = await startVoucherSystem({ ...options.faults, world });
  const providerOptions = { signingSecret, voucherSystemUrl: voucherSystem.url, clientRecordSystemUrl: clientRecordSystem.url, databaseUrl: options.databaseUrl, schema: options.databaseSchema, ...options.providers };
  const [providers, audit] = await Promise.all([
    startProvidersSubgraph(providerOptions),
    startAuditSubgraph({ signingSecret, databaseUrl: options.databaseUrl, schema: options.databaseSchema && `${options.databaseSchema}_audit` }),
  ]);
  // Orders read the catalogue through the providers subgraph, and both write paths record
  // providers' webhook events there: they start after it.
  const [clientRecords, vouchers] = await Promise.all([
    startClientRecordsSubgraph({ clientRecordSystemUrl: clientRecordSystem.url, voucherSystemUrl: voucherSystem.url, providersUrl: providers.url, signingSecret }),
    startVouchersSubgraph({ voucherSystemUrl: voucherSystem.url, clientRecordSystemUrl: clientRecordSystem.url, providersUrl: providers.url, signingSecret }),
  ]);
  const subgraphUrls = { 'client-records': clientRecords.url, vouchers: vouchers.url, providers: providers.url, audit: audit.url };
  const gateway = await startGateway({ auth: authFromDevIssuer(issuer), signingSecret, redisUrl: options.redisUrl, subgraphUrls });
  const subgraphs = { clientRecords, vouchers, providers, audit };
  return {
    gateway,
    systems: { clientRecords: clientRecordSystem, vouchers: voucherSystem },
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
    async restartProviders(changes = {}) {
      const { port } = subgraphs.providers;
      await subgraphs.providers.close();
      subgraphs.providers = await startProvidersSubgraph({ ...providerOptions, ...changes, port });
      return subgraphs.providers;
    },
    async close() {
      await gateway.close();
      await Promise.all([clientRecords.close(), vouchers.close(), subgraphs.providers.close(), audit.close()]);
      await Promise.all([clientRecordSystem.close(), voucherSystem.close()]);
    },
  };
}
