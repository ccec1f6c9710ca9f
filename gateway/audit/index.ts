/**
 * Audit: every read or change of a client's data is written to the append-only audit log
 * before the answer leaves, or the client data is withheld (fail closed). Why and how: plugin.ts.
 */
export { auditPlugin, auditUnavailableMessage } from './plugin.js';
export { gatherAuditNotes, type SubgraphAnswer } from './gather.js';
export { mergeReads, mergeSubjectWrites } from './merge.js';
export { expandFetchPath, locateRead, reachAt, reachedReads, type FetchPlace, type LocatedRead } from './reach.js';
export { httpAuditSink, type AuditSink } from './sink.js';
