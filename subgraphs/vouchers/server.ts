/**
 * Starts the vouchers subgraph on the shared subgraph server (signed viewer header required,
 * UpstreamError → UPSTREAM_UNAVAILABLE with system `voucher-system`). Each request gets a fresh
 * context: the verified viewer and its own DataLoaders over one typed voucher-system client.
 */
import { startSubgraph, type RunningSubgraph } from '../../lib/subgraph-server.js';
import { policyFromEnv, type UpstreamPolicy } from '../../lib/upstream.js';
import { createContext, type Context } from './context.js';
import { resolvers } from './resolvers.js';
import { createVoucherClient } from './voucher-client.js';


export interface VouchersSubgraphOptions {
  port?: number;
  host?: string;
  /** Base URL of the voucher system's API, e.g. http://localhost:4102. */
  voucherSystemUrl: string;
  signingSecret: Uint8Array;
  /** Timeouts and retries towards the voucher system; from the environment by default. */
  upstreamPolicy?: UpstreamPolicy;
}

export async function startVouchersSubgraph(options: VouchersSubgraphOptions): Promise<RunningSubgraph> {
  const voucherSystem = createVoucherClient(options.voucherSystemUrl, options.upstreamPolicy ?? policyFromEnv());
  return startSubgraph<Context>({
    name: 'vouchers',
    resolvers,
    port: options.port,
    host: options.host,
    signingSecret: options.signingSecret,
    context: (viewer, request) => createContext(viewer, voucherSystem, request.requestId, request.audit),
  });
}
