/**
 * Starts the client-records subgraph alone: CLIENT_RECORDS_PORT (default 4001), the FHIR base
 * at CLIENT_RECORD_SYSTEM_URL (default the stand-in, http://localhost:4101/fhir), the gateway's
 * signing secret from SUBGRAPH_SIGNING_SECRET; the voucher system at VOUCHER_SYSTEM_URL (default
 * http://localhost:4102), where approving a plan grants its voucher; the providers subgraph at
 * PROVIDERS_URL (default http://localhost:4003/graphql), where plan changes are recorded for
 * providers' webhooks.
 */
import '../../lib/env-file.js'; // first: .env (development) before any module reads a setting
import { startTelemetry } from '../../lib/telemetry.js';
import { stopOnSignals } from '../../lib/graceful-stop.js';
import { createLogger } from '../../lib/log.js';
import { settingsOrExit } from '../../lib/settings.js';
import { signingSecret } from '../../lib/viewer.js';
import { systemCredentialsOrExit } from '../../lib/system-credentials.js';
import { startClientRecordsSubgraph } from './server.js';

// Traces only when OTEL_TRACES_EXPORTER=otlp asks for them (lib/telemetry.ts); before any server starts.
startTelemetry('client-records');

const settings = settingsOrExit('client-records');
const running = await startClientRecordsSubgraph({
  port: settings.CLIENT_RECORDS_PORT,
  host: settings.HOST,
  clientRecordSystemUrl: settings.CLIENT_RECORD_SYSTEM_URL ?? 'http://localhost:4101/fhir',
  voucherSystemUrl: settings.VOUCHER_SYSTEM_URL ?? 'http://localhost:4102',
  providersUrl: settings.PROVIDERS_URL ?? 'http://localhost:4003/graphql',
  signingSecret: signingSecret(),
  systemCredentials: await systemCredentialsOrExit(settings),
});
console.log(`client-records subgraph at ${running.url}`);

stopOnSignals(running.close, createLogger('client-records'));
