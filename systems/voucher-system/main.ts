/**
 * Runs the voucher system stand-in alone: VOUCHER_SYSTEM_PORT (default 4102), faults from
 * STANDIN_LATENCY_MS / STANDIN_FAILURE_RATE, the world from SEED_SCALE / SEED, and the one
 * registered client: VOUCHER_SYSTEM_CLIENT_ID / _SECRET, or this checkout's development client.
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
import { startVoucherSystem } from './server.js';

// Traces only when OTEL_TRACES_EXPORTER=otlp asks for them (lib/telemetry.ts); before any server starts.
startTelemetry('voucher-system');

const settings = settingsOrExit('voucher-system');
const port = settings.VOUCHER_SYSTEM_PORT;
const host = settings.HOST;
const world = getWorld(worldOptionsFromEnv());
// Registers the client the subgraphs of this environment are (lib/system-credentials.ts).
const clients = registrationsOf(await systemCredentialsOrExit(settings)).voucherSystem;
const system = await startVoucherSystem({ port, host, world, clients, ...faultsFromEnv() });
console.log(`voucher system stand-in (${world.scale} scale): ${system.url}  (OpenAPI: ${system.url}/openapi.yaml)`);

stopOnSignals(system.close, createLogger('voucher-system'));
