/**
 * Where audit entries go: the audit subgraph's ingest endpoint, in signed batches
 * (lib/audit-ingest.ts). A sink that throws — an answer other than 204, no answer within
 * `timeoutMs` — is a batch not written, and the plugin then withholds the client data (plugin.ts).
 */
import { AUDIT_INGEST_PATH, signAuditBatch, type AuditEntry } from '../../lib/audit-ingest.js';

export interface AuditSink {
  append(entries: AuditEntry[]): Promise<void>;
}

/** Posts signed batches to the audit subgraph's ingest endpoint. */
export function httpAuditSink(auditSubgraphUrl: string, secret: Uint8Array, timeoutMs = 3000): AuditSink {
  const url = new URL(AUDIT_INGEST_PATH, auditSubgraphUrl);
  return {
    async append(entries) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/jwt' },
        body: await signAuditBatch(entries, secret),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.status !== 204) throw new Error(`audit store answered ${response.status}`);
    },
  };
}
