/** What every request carries through the gateway once authenticated. */
import type { BaseContext } from '@apollo/server';
import type { ClientDataRead } from '../lib/audit.js';
import type { Viewer } from '../lib/viewer.js';

export interface GatewayContext extends BaseContext {
  viewer: Viewer;
  /** Identifies the request in the audit log and in logs. */
  requestId: string;
  /** Client-data reads the subgraphs reported for this operation (gateway/audit). */
  auditReads: ClientDataRead[];
}
