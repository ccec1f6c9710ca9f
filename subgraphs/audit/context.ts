/** The per-request context of the audit subgraph. */
import type { AuditTrail } from '../../lib/audit.js';
import type { Viewer } from '../../lib/viewer.js';
import { AuditPolicy } from './policy.js';
import type { AuditStore } from './store.js';

export interface Context {
  viewer: Viewer;
  policy: AuditPolicy;
  store: AuditStore;
  requestId: string;
  audit: AuditTrail;
}

export function createContext(viewer: Viewer, store: AuditStore, requestId: string, audit: AuditTrail): Context {
  return { viewer, policy: new AuditPolicy(viewer, store), store, requestId, audit };
}
