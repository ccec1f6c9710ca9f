/** Starts the audit subgraph alone: AUDIT_PORT (4004), DATABASE_URL or AUDIT_DATA_DIR. */
import { stopOnSignals } from '../../lib/graceful-stop.js';
import { createLogger } from '../../lib/log.js';
import { signingSecret } from '../../lib/viewer.js';
import { startAuditSubgraph } from './server.js';

const audit = await startAuditSubgraph({
  port: Number(process.env.AUDIT_PORT ?? 4004),
  host: process.env.HOST ?? '127.0.0.1',
  signingSecret: signingSecret(),
  databaseUrl: process.env.DATABASE_URL || undefined,
  dataDir: process.env.AUDIT_DATA_DIR || undefined,
});
console.log(`audit subgraph (${audit.store.database.kind}) at ${audit.url}`);
stopOnSignals(audit.close, createLogger('audit'));
