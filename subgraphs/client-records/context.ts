/**
 * The per-request context of the client-records resolvers: the verified viewer, the access
 * policy for them (which also notes the audit), fresh DataLoaders (a cache never outlives a request, so one viewer never
 * sees another's cached data) and the shared FHIR client.
 */
import type { AuditTrail } from '../../lib/audit.js';
import type { Locatable } from '../../lib/audit-paths.js';
import type { Viewer } from '../../lib/viewer.js';
import type { FhirClient } from '../../lib/fhir-client.js';
import type { VoucherClient } from '../../lib/voucher-client.js';
import { NO_PROVIDER_EVENTS, type ProviderEvents } from '../../lib/provider-events.js';
import { createLoaders, type Loaders } from './loaders.js';
import { ClientRecordsPolicy } from './policy.js';

export interface Context extends Locatable<Context> {
  viewer: Viewer;
  policy: ClientRecordsPolicy;
  loaders: Loaders;
  client: FhirClient;
  /** The voucher system, for the plan writes that grant and adjust the plan's balance voucher. */
  voucherSystem: VoucherClient;
  /** Providers' webhooks: plan changes and revocations are recorded with the providers subgraph. */
  providerEvents: ProviderEvents;
  requestId: string;
  /** Client-data reads the policy lets through, for the gateway's audit (lib/audit.ts). */
  audit: AuditTrail;
}

export function createContext(
  viewer: Viewer,
  client: FhirClient,
  voucherSystem: VoucherClient,
  requestId: string,
  audit: AuditTrail,
  providerEvents: ProviderEvents = NO_PROVIDER_EVENTS,
): Context {
  const loaders = createLoaders(client);
  // The policy reads what it decides on through the same batched loaders, and notes allowed reads in `audit`.
  const policy = new ClientRecordsPolicy(
    viewer,
    {
      plansOfClient: (id) => loaders.plansByClientId.load(id),
      client: (id) => loaders.clientById.load(id),
      plan: (id) => loaders.planById.load(id),
      planOfService: (id) => loaders.planByServiceId.load(id),
      caseWorker: (id) => loaders.caseWorkerById.load(id),
    },
    audit,
  );
  return { viewer, policy, loaders, client, voucherSystem, providerEvents, requestId, audit, locatedIn };
}

/** The context as a resolver at one place of the answer sees it: its notes made there (lib/audit-paths.ts). */
function locatedIn(this: Context, audit: AuditTrail): Context {
  return { ...this, audit, policy: this.policy.notingIn(audit) };
}
