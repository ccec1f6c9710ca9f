/**
 * Starts the client-record system stand-in alone: CLIENT_RECORD_SYSTEM_PORT (default 4101),
 * faults from STANDIN_LATENCY_MS / STANDIN_FAILURE_RATE, world from SEED_SCALE / SEED, and the
 * one registered SMART client: CLIENT_RECORD_SYSTEM_CLIENT_ID with the public half of
 * CLIENT_RECORD_SYSTEM_PRIVATE_KEY(_FILE), or this checkout's development client.
 */
import '../../lib/env-file.js'; // first: .env (development) before any module reads a setting
import { startTelemetry } from '../../lib/telemetry.js';
import { stopOnSignals } from '../../lib/graceful-stop.js';
import { createLogger } from '../../lib/log.js';
import { settingsOrExit } from '../../lib/settings.js';
import { faultsFromEnv } from '../http.js';
import { systemCredentialsOrExit } from '../../lib/system-credentials.js';
import { registrationsOf } from '../registrations.js';
import { getWorld, worldOptionsFromEnv } from '../../seed/world.js';
import { startClientRecordSystem } from './server.js';

// Traces only when OTEL_TRACES_EXPORTER=otlp asks for them (lib/telemetry.ts); before any server starts.
startTelemetry('client-record-system');

const settings = settingsOrExit('client-record-system');
const running = await startClientRecordSystem({
  port: settings.CLIENT_RECORD_SYSTEM_PORT,
  host: settings.HOST,
  ...faultsFromEnv(),
  world: getWorld(worldOptionsFromEnv()),
  // The client the subgraphs of this environment are (lib/system-credentials.ts): its public key only.
  clients: registrationsOf(await systemCredentialsOrExit(settings)).clientRecordSystem,
});
console.log(`client-record system (FHIR R4) at ${running.url}`);

stopOnSignals(running.close, createLogger('client-record-system'));
