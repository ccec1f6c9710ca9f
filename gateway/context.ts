/** What every request carries through the gateway once authenticated. */
import type { BaseContext } from '@apollo/server';
import type { SubjectWrite } from '../lib/audit.js';
import type { LocatedRead } from './audit/reach.js';
import type { Viewer } from '../lib/viewer.js';

export interface GatewayContext extends BaseContext {
  viewer: Viewer;
  /**
   * Identifies the request in the audit log and in logs. Unique per operation: the audit log
   * takes one entry per request and client and refuses a second (a replayed batch), so a reused
   * id — say, a caller's own x-request-id — would withhold the answer (fail closed), never skip its audit.
   */
  requestId: string;
  /** Client-data reads the subgraphs reported for this operation, with where they were read (gateway/audit). */
  auditReads: LocatedRead[];
  /** Writes that changed no client's data (a provider's offering, a unit cost), for the audit too. */
  subjectWrites?: SubjectWrite[];
  /** Aborts when the caller disconnects before its answer: the subgraph fetches under way are cut (gateway/signing). */
  signal?: AbortSignal;
}
