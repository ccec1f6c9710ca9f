/**
 * Starts the client-records subgraph: the SDL of schema/client-records.graphql, the resolvers,
 * and one FHIR client of the client-record system shared by all requests (DataLoaders are per
 * request, in the context). Authentication of the gateway's signed viewer is lib/subgraph-server.ts's.
 */
import { policyFromEnv, type RetryPolicy } from '../../lib/upstream.js';
import { createVoucherClient } from '../../lib/voucher-client.js';
import { startSubgraph, type RunningSubgraph } from '../../lib/subgraph-server.js';
import { createContext, type Context } from './context.js';
import { FhirClient } from '../../lib/fhir-client.js';
import type { SystemCredentials } from '../../lib/system-credentials.js';
import { resolvers } from './resolvers.js';
import { createProviderEvents } from '../../lib/provider-events.js';

export interface ClientRecordsSubgraphOptions {
  port?: number;
  host?: string;
  /** FHIR base of the client-record system, e.g. http://localhost:4101/fhir. */
  clientRecordSystemUrl: string;
  /** The voucher system's API, e.g. http://localhost:4102: approving a plan grants its balance voucher there. */
  voucherSystemUrl?: string;
  /** The providers subgraph: plan changes are recorded there for providers' webhooks. PROVIDERS_URL or http://localhost:4003/graphql by default. */
  providersUrl?: string;
  signingSecret: Uint8Array;
  /** Who this subgraph is to the existing systems (lib/system-credentials.ts): every call to them is authenticated. */
  systemCredentials: SystemCredentials;
  /** Timeouts and retries toward the system; UPSTREAM_* environment variables otherwise. */
  retryPolicy?: RetryPolicy;
}

export async function startClientRecordsSubgraph(options: ClientRecordsSubgraphOptions): Promise<RunningSubgraph> {
  const fhir = new FhirClient({
    baseUrl: options.clientRecordSystemUrl,
    policy: options.retryPolicy,
    credentials: options.systemCredentials.clientRecordSystem,
  });
  const policy = options.retryPolicy ?? policyFromEnv();
  const voucherSystem = createVoucherClient(
    options.voucherSystemUrl ?? process.env.VOUCHER_SYSTEM_URL ?? 'http://localhost:4102',
    policy,
    options.systemCredentials.voucherSystem,
  );
  const providerEvents = createProviderEvents(
    options.providersUrl ?? process.env.PROVIDERS_URL ?? 'http://localhost:4003/graphql',
    options.signingSecret,
    { timeoutMs: policy.timeoutMs },
  );
  return startSubgraph<Context>({
    name: 'client-records',
    resolvers,
    port: options.port,
    host: options.host,
    signingSecret: options.signingSecret,
    // Ready when its systems answer: a read of a record that is not there (an answer, not data).
    // Through the clients, so an open circuit reads as down.
    checks: {
      'client-record-system': () => fhir.read('Patient', 'readiness-probe'),
      'voucher-system': () => voucherSystem.voucher('readiness-probe'), // approving a plan grants its voucher
    },
    context: (viewer, request) => createContext(viewer, fhir, voucherSystem, request.requestId, request.audit, providerEvents),
  });
}
