/**
 * Starts the vouchers subgraph on the shared subgraph server (signed viewer header required,
 * UpstreamError → UPSTREAM_UNAVAILABLE with system `voucher-system`). Each request gets a fresh
 * context: the verified viewer and its own DataLoaders over one typed voucher-system client.
 */
import { startSubgraph, type RunningSubgraph } from '../../lib/subgraph-server.js';
import { policyFromEnv, type RetryPolicy } from '../../lib/upstream.js';
import { createContext, type Context } from './context.js';
import { resolvers } from './resolvers.js';
import { createVoucherClient } from '../../lib/voucher-client.js';
import { FhirClient } from '../../lib/fhir-client.js';
import type { SystemCredentials } from '../../lib/system-credentials.js';
import { createCatalogueClient } from './catalogue.js';
import { createProviderEvents } from '../../lib/provider-events.js';
import { DEFAULT_REPORT_GATE, createReportGate, type ReportGateOptions } from './report-gate.js';
import { startReportingModel } from './reporting-model.js';

const definedOnly = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

export interface VouchersSubgraphOptions {
  port?: number;
  host?: string;
  /** Base URL of the voucher system's API, e.g. http://localhost:4102. */
  voucherSystemUrl: string;
  /** FHIR base of the client-record system (orders are checked against the plan there); CLIENT_RECORD_SYSTEM_URL or the stand-in by default. */
  clientRecordSystemUrl?: string;
  /** The providers subgraph (the catalogue's API, and providers' webhooks); PROVIDERS_URL or http://localhost:4003/graphql by default. */
  providersUrl?: string;
  signingSecret: Uint8Array;
  /** Who this subgraph is to the existing systems (lib/system-credentials.ts): every call to them is authenticated. */
  systemCredentials: SystemCredentials;
  /** Timeouts and retries towards the voucher system; from the environment by default. */
  retryPolicy?: RetryPolicy;
  /** Spending reports at once and waiting, per role (report-gate.ts); REPORT_CONCURRENCY_PER_ROLE, REPORT_QUEUE_PER_ROLE. */
  reportGate?: Partial<ReportGateOptions>;
}

export async function startVouchersSubgraph(options: VouchersSubgraphOptions): Promise<RunningSubgraph> {
  const policy = options.retryPolicy ?? policyFromEnv();
  const providersUrl = options.providersUrl ?? process.env.PROVIDERS_URL ?? 'http://localhost:4003/graphql';
  const clients = {
    voucherSystem: createVoucherClient(options.voucherSystemUrl, policy, options.systemCredentials.voucherSystem),
    fhir: new FhirClient({
      baseUrl: options.clientRecordSystemUrl ?? process.env.CLIENT_RECORD_SYSTEM_URL ?? 'http://localhost:4101/fhir',
      policy,
      credentials: options.systemCredentials.clientRecordSystem,
    }),
    catalogue: createCatalogueClient(providersUrl, options.signingSecret, policy),
    // The writes tell providers' systems of orders and payments through the providers subgraph's webhooks.
    providerEvents: createProviderEvents(providersUrl, options.signingSecret, { timeoutMs: policy.timeoutMs }),
    reports: createReportGate({ ...DEFAULT_REPORT_GATE, ...definedOnly(options.reportGate ?? {}) }),
  };
  // The spending report's read model follows the system's change feed from the start
  // (reporting-model.ts): built while the server starts, and waited for (within a bound) before
  // the subgraph says it is ready, so the first report is answered from it at once.
  const model = startReportingModel(clients.voucherSystem);
  const subgraph = await startSubgraph<Context>({
    name: 'vouchers',
    resolvers,
    port: options.port,
    host: options.host,
    signingSecret: options.signingSecret,
    // The catalogue is vouched for by the providers subgraph, not from here.
    checks: {
      'voucher-system': () => clients.voucherSystem.voucher('readiness-probe'),
      'client-record-system': () => clients.fhir.read('Patient', 'readiness-probe'),
    },
    context: (viewer, request) => createContext(viewer, clients, request.requestId, request.audit, request.signal),
  });
  await model;
  return subgraph;
}
