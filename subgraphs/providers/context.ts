/**
 * The per-request context of the providers subgraph: the verified viewer, the catalogue and a
 * fresh set of loaders. Why a factory here: lib/subgraph-server.ts calls it once per request
 * after verifying the gateway's signature, so nothing is resolved without a viewer.
 */
import type { AuditTrail } from '../../lib/audit.js';
import type { FhirClient } from '../../lib/fhir-client.js';
import type { Viewer } from '../../lib/viewer.js';
import type { VoucherClient } from '../../lib/voucher-client.js';
import type { CatalogueCache } from './catalogue-cache.js';
import type { Catalogue } from './db/catalogue.js';
import { createLoaders, type Loaders } from './loaders.js';
import { ProviderPolicy } from './policy.js';
import type { WebhookSettings } from './webhooks/index.js';

export interface Context {
  viewer: Viewer;
  /** Who sees and writes what (policy.ts): every provider passes through it. */
  policy: ProviderPolicy;
  db: Catalogue['db'];
  /** The catalogue held in this process (catalogue-cache.ts): reads go through it, writes through its `write`. */
  cache: CatalogueCache;
  loaders: Loaders;
  requestId: string;
  /** Client-data reads the policy lets through, for the gateway's audit (lib/audit.ts). */
  audit: AuditTrail;
  /** The voucher system's provider register: an approved provider is registered there to be paid. */
  voucherSystem: VoucherClient;
  /** The client-record system: an approved provider is an Organization there, so plans can name it as a performer. */
  clientRecordSystem: FhirClient;
  /** The webhooks' settings and sender (webhooks/index.ts). */
  webhooks: WebhookSettings;
}

/** The clients of the systems the catalogue's writes reach, shared by every request. */
export interface SystemClients {
  voucherSystem: VoucherClient;
  clientRecordSystem: FhirClient;
}

export function createContext(
  catalogue: Catalogue,
  cache: CatalogueCache,
  viewer: Viewer,
  requestId: string,
  audit: AuditTrail,
  webhooks: WebhookSettings,
  systems: SystemClients,
): Context {
  return {
    viewer,
    policy: new ProviderPolicy(viewer),
    db: catalogue.db,
    cache,
    loaders: createLoaders(catalogue.db, cache),
    requestId,
    audit,
    webhooks,
    ...systems,
  };
}
