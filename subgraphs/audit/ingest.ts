/**
 * The audit's only way in: POST /audit/entries with a batch the gateway signed
 * (lib/audit-ingest.ts). Anything unsigned, expired or malformed is refused and nothing is
 * written; a batch is appended whole or not at all (one INSERT).
 */
import express, { type Express } from 'express';
import { AUDIT_INGEST_PATH, verifyAuditBatch } from '../../lib/audit-ingest.js';
import { createLogger } from '../../lib/log.js';
import type { AuditStore } from './store.js';

const log = createLogger('audit');

export function mountIngest(app: Express, store: AuditStore, secret: Uint8Array): void {
  app.post(AUDIT_INGEST_PATH, express.text({ type: 'application/jwt', limit: '512kb' }), async (req, res) => {
    const entries = typeof req.body === 'string' ? await verifyAuditBatch(req.body, secret) : null;
    if (!entries) {
      log.warn('refused an audit batch without a valid gateway signature');
      res.status(401).json({ error: 'a batch signed by the gateway is required' });
      return;
    }
    try {
      await store.append(entries);
      res.status(204).end();
    } catch (error) {
      log.error({ err: (error as Error).message, entries: entries.length }, 'could not append audit entries');
      res.status(503).json({ error: 'the audit store is unavailable' });
    }
  });
}
