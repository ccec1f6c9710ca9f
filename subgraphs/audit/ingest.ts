/**
 * The audit's only way in: POST /audit/entries with a batch the gateway signed
 * (lib/audit-ingest.ts). Anything unsigned, expired or malformed is refused and nothing is
 * written; a batch is appended whole or not at all (one transaction). A batch whose entries are
 * in the log already — a replay of a captured batch — stores nothing and is answered 409.
 * A batch may carry the entries of many requests (the gateway's group commit, gateway/audit/sink.ts):
 * each entry names its own request, and the 204 tells every one of them it is stored.
 */
import express, { type Express } from 'express';
import { AUDIT_INGEST_PATH, verifyAuditBatch } from '../../lib/audit-ingest.js';
import { createLogger } from '../../lib/log.js';
import { AuditReplayError, type AuditStore } from './store.js';

const log = createLogger('audit');

export function mountIngest(app: Express, store: AuditStore, secret: Uint8Array): void {
  app.post(AUDIT_INGEST_PATH, express.text({ type: 'application/jwt', limit: '512kb' }), async (req, res) => {
    const batch = typeof req.body === 'string' ? await verifyAuditBatch(req.body, secret) : null;
    if (!batch) {
      log.warn('refused an audit batch without a valid gateway signature');
      res.status(401).json({ error: 'a batch signed by the gateway is required' });
      return;
    }
    try {
      await store.append(batch.entries, batch.batchId);
      res.status(204).end();
    } catch (error) {
      if (error instanceof AuditReplayError) {
        // Only the gateway signs batches, and it sends each once: a repeat is someone replaying one.
        log.warn({ batchId: batch.batchId, entries: batch.entries.length }, 'refused a replayed audit batch: nothing stored');
        res.status(409).json({ error: 'these entries are in the log already' });
        return;
      }
      log.error({ err: (error as Error).message, entries: batch.entries.length }, 'could not append audit entries');
      res.status(503).json({ error: 'the audit store is unavailable' });
    }
  });
}
