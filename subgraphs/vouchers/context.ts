/**
 * The per-request context of the vouchers subgraph: the verified viewer, a fresh set of
 * DataLoaders (a cache that lives exactly one request) and the system client for paged reads.
 */
import type { AuditTrail } from '../../lib/audit.js';
import type { Viewer } from '../../lib/viewer.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { VoucherClient } from './voucher-client.js';

export interface Context {
  viewer: Viewer;
  loaders: Loaders;
  voucherSystem: VoucherClient;
  requestId: string;
  /** Client-data reads the policy lets through, for the gateway's audit (lib/audit.ts). */
  audit: AuditTrail;
}

export function createContext(viewer: Viewer, voucherSystem: VoucherClient, requestId: string, audit: AuditTrail): Context {
  return { viewer, loaders: createLoaders(voucherSystem), voucherSystem, requestId, audit };
}
