/**
 * The per-request context of the vouchers subgraph: the verified viewer, the access policy for
 * them (which also notes the audit), a fresh set of DataLoaders (a cache that lives exactly one
 * request) and the system client for paged reads.
 */
import type { AuditTrail } from '../../lib/audit.js';
import type { Locatable } from '../../lib/audit-paths.js';
import type { Viewer } from '../../lib/viewer.js';
import type { FhirClient } from '../../lib/fhir-client.js';
import type { CatalogueClient } from './catalogue.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { VoucherClient } from '../../lib/voucher-client.js';
import type { ProviderEvents } from '../../lib/provider-events.js';
import { VoucherPolicy } from './policy.js';
import type { ReportGate } from './report-gate.js';

export interface Context extends Locatable<Context> {
  viewer: Viewer;
  /** Who sees and writes what (policy.ts): every record passes through it. */
  policy: VoucherPolicy;
  loaders: Loaders;
  voucherSystem: VoucherClient;
  /** The client-record system: orders are checked against the plan and name their provider in it. */
  fhir: FhirClient;
  /** The provider catalogue (through the providers subgraph): an order's offering, price and provider. */
  catalogue: CatalogueClient;
  /** Providers' webhooks: the writes record their events (ORDER_REQUESTED, …) with the providers subgraph. */
  providerEvents: ProviderEvents;
  requestId: string;
  /** Client-data reads the policy lets through, for the gateway's audit (lib/audit.ts). */
  audit: AuditTrail;
  /** Aborts when the gateway closed the request: heavy reads (reports) stop their calls to the system. */
  signal?: AbortSignal;
  /** Spending reports wait their turn here, per party (report-gate.ts). */
  reports: ReportGate;
}

export function createContext(
  viewer: Viewer,
  clients: {
    voucherSystem: VoucherClient;
    fhir: FhirClient;
    catalogue: CatalogueClient;
    providerEvents: ProviderEvents;
    reports: ReportGate;
  },
  requestId: string,
  audit: AuditTrail,
  signal?: AbortSignal,
): Context {
  return {
    viewer,
    policy: new VoucherPolicy(viewer, audit),
    loaders: createLoaders(clients.voucherSystem),
    ...clients,
    requestId,
    audit,
    signal,
    locatedIn,
  };
}

/** The context as a resolver at one place of the answer sees it: its notes made there (lib/audit-paths.ts). */
function locatedIn(this: Context, audit: AuditTrail): Context {
  return { ...this, audit, policy: this.policy.notingIn(audit) };
}
