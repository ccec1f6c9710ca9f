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
import { startProvidersSubgraph } from '../subgraphs/providers/server.js';
import { startAuditSubgraph } from '../subgraphs/audit/server.js';
import type { AuditStore } from '../subgraphs/audit/store.js';

export interface Stack {
  gateway: RunningGateway;
  systems: { clientRecords: RunningStandIn; vouchers: RunningStandIn };
  subgraphs: { clientRecords: RunningSubgraph; vouchers: RunningSubgraph; providers: RunningSubgraph; audit: RunningSubgraph & { store: AuditStore } };
  issuer: DevIssuer;
  /** The secret the gateway signs viewer headers with, for a second gateway in tests. */
  signingSecret: Uint8Array;
  subgraphUrls: Record<'client-records' | 'vouchers' | 'providers' | 'audit', string>;
  token(claims: TokenClaims): Promise<string>;
  /** POST a GraphQL operation to the gateway, as the holder of `token` (or anonymously). */
  query<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResponse<T>>;
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
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const signingSecret = new TextEncoder().encode(randomBytes(32).toString('hex'));
  const issuer = await DevIssuer.ephemeral();
  // One world for both systems and the catalogue: SEED_SCALE/SEED as everywhere else.
  const world = getWorld(worldOptionsFromEnv());
  const clientRecordSystem = await startClientRecordSystem({ ...options.faults, world });
  const voucherSystem = await startVoucherSystem({ ...options.faults, world });
  const [clientRecords, providers, audit] = await Promise.all([
    startClientRecordsSubgraph({ clientRecordSystemUrl: clientRecordSystem.url, voucherSystemUrl: voucherSystem.url, signingSecret }),
    startProvidersSubgraph({ signingSecret, databaseUrl: options.databaseUrl, schema: options.databaseSchema }),
    startAuditSubgraph({ signingSecret, databaseUrl: options.databaseUrl, schema: options.databaseSchema && `${options.databaseSchema}_audit` }),
  ]);
  // Orders read the catalogue through the providers subgraph: it starts after it.
  const vouchers = await startVouchersSubgraph({ voucherSystemUrl: voucherSystem.url, clientRecordSystemUrl: clientRecordSystem.url, providersUrl: providers.url, signingSecret });
  const subgraphUrls = { 'client-records': clientRecords.url, vouchers: vouchers.url, providers: providers.url, audit: audit.url };
  const gateway = await startGateway({ auth: authFromDevIssuer(issuer), signingSecret, redisUrl: options.redisUrl, subgraphUrls });
  return {
    gateway,
    systems: { clientRecords: clientRecordSystem, vouchers: voucherSystem },
    subgraphs: { clientRecords, vouchers, providers, audit },
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
    async close() {
      await gateway.close();
      await Promise.all([clientRecords.close(), vouchers.close(), providers.close(), audit.close()]);
      await Promise.all([clientRecordSystem.close(), voucherSystem.close()]);
    },
  };
}
