/** What every request carries through the gateway once authenticated. */
import type { BaseContext } from '@apollo/server';
import type { SubjectWrite } from '../lib/audit.js';
import type { LocatedRead } from './audit/reach.js';
import type { OperationRecord } from './telemetry/index.js';
import type { Viewer } from '../lib/viewer.js';

export interface GatewayContext extends BaseContext {
  viewer: Viewer;
  /**
   * Identifies the request in the x-request-id header, the logs and the audit log (gateway/telemetry):
   * the caller's own when sane, so it may repeat across requests. Nothing is keyed on it alone —
   * the audit log refuses replays by its own batch id (subgraphs/audit/db/migrations.ts).
   */
  requestId: string;
  /** What the operation's log line says, filled in as it runs (gateway/telemetry); absent outside the HTTP server. */
  requestLog?: OperationRecord;
  /** Client-data reads the subgraphs reported for this operation, with where they were read (gateway/audit). */
  auditReads: LocatedRead[];
  /** Writes that changed no client's data (a provider's offering, a unit cost), for the audit too. */
  subjectWrites?: SubjectWrite[];
  /** Aborts when the caller disconnects before its answer: the subgraph fetches under way are cut (gateway/subgraph-fetch). */
  signal?: AbortSignal;
}
