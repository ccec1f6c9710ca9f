/** What the audit resolvers pass around. */
export type { AccessLogEntryRow as AccessLogEntryModel, WriteLogEntryRow as WriteLogEntryModel } from './store.js';
/** A client as this subgraph knows it: by id only. */
export interface ClientRef {
  id: string;
}
