/**
 * Runs the vouchers subgraph alone: VOUCHERS_PORT (default 4002), VOUCHER_SYSTEM_URL (default
 * the stand-in at http://localhost:4102), SUBGRAPH_SIGNING_SECRET shared with the gateway.
 */
import '../../lib/env-file.js'; // first: .env (development) before any module reads a setting
import { startTelemetry } from '../../lib/telemetry.js';
import { stopOnSignals } from '../../lib/graceful-stop.js';
import { createLogger } from '../../lib/log.js';
import { settingsOrExit } from '../../lib/settings.js';
import { signingSecret } from '../../lib/viewer.js';
import { systemCredentialsOrExit } from '../../lib/system-credentials.js';
import { startVouchersSubgraph } from './server.js';

// Traces only when OTEL_TRACES_EXPORTER=otlp asks for them (lib/telemetry.ts); before any server starts.
startTelemetry('vouchers');

const settings = settingsOrExit('vouchers');
const subgraph = await startVouchersSubgraph({
  port: settings.VOUCHERS_PORT,
  host: settings.HOST,
  voucherSystemUrl: settings.VOUCHER_SYSTEM_URL ?? 'http://localhost:4102',
  clientRecordSystemUrl: settings.CLIENT_RECORD_SYSTEM_URL ?? 'http://localhost:4101/fhir',
  providersUrl: settings.PROVIDERS_URL ?? 'http://localhost:4003/graphql',
  signingSecret: signingSecret(),
  systemCredentials: await systemCredentialsOrExit(settings),
  reportGate: { perRole: settings.REPORT_CONCURRENCY_PER_ROLE, queuePerRole: settings.REPORT_QUEUE_PER_ROLE },
});
console.log(`vouchers subgraph: ${subgraph.url}`);

stopOnSignals(subgraph.close, createLogger('vouchers'));
