/**
 * Runs the voucher system stand-in alone: VOUCHER_SYSTEM_PORT (default 4102), faults from
 * STANDIN_LATENCY_MS / STANDIN_FAILURE_RATE, the world from SEED_SCALE / SEED.
 */
import { stopOnSignals } from '../../lib/graceful-stop.js';
import { createLogger } from '../../lib/log.js';
import { settingsOrExit } from '../../lib/settings.js';
import { faultsFromEnv } from '../http.js';
import { getWorld, worldOptionsFromEnv } from '../../seed/world.js';
import { startVoucherSystem } from './server.js';

const settings = settingsOrExit('voucher-system');
const port = settings.VOUCHER_SYSTEM_PORT;
const host = settings.HOST;
const world = getWorld(worldOptionsFromEnv());
const system = await startVoucherSystem({ port, host, world, ...faultsFromEnv() });
console.log(`voucher system stand-in (${world.scale} scale): ${system.url}  (OpenAPI: ${system.url}/openapi.yaml)`);

stopOnSignals(system.close, createLogger('voucher-system'));
