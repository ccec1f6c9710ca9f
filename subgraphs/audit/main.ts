/**
 * Starts the audit subgraph alone: AUDIT_PORT (4004), DATABASE_URL (the log's owner, for the
 * migrations) with AUDIT_DATABASE_URL (the insert-and-select role it runs as), or AUDIT_DATA_DIR.
 */
import '../../lib/env-file.js'; // first: .env (development) before any module reads a setting
import { startTelemetry } from '../../lib/telemetry.js';
import { stopOnSignals } from '../../lib/graceful-stop.js';
import { createLogger } from '../../lib/log.js';
import { settingsOrExit } from '../../lib/settings.js';
import { signingSecret } from '../../lib/viewer.js';
import { startAuditSubgraph } from './server.js';

// Traces only when OTEL_TRACES_EXPORTER=otlp asks for them (lib/telemetry.ts); before any server starts.
startTelemetry('audit');

const settings = settingsOrExit('audit');
const audit = await startAuditSubgraph({
  port: settings.AUDIT_PORT,
  host: settings.HOST,
  signingSecret: signingSecret(),
  databaseUrl: settings.DATABASE_URL,
  appendDatabaseUrl: settings.AUDIT_DATABASE_URL,
  dataDir: settings.AUDIT_DATA_DIR,
});
console.log(`audit subgraph (${audit.store.database.kind}) at ${audit.url}`);
stopOnSignals(audit.close, createLogger('audit'));
