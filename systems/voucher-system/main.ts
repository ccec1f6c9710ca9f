/**
 * Runs the voucher system stand-in alone: VOUCHER_SYSTEM_PORT (default 4102), faults from
 * STANDIN_LATENCY_MS / STANDIN_FAILURE_RATE, the world from SEED_SCALE / SEED.
 */
import { stopOnSignals } from '../../lib/graceful-stop.js';
import { createLogger } from '../../lib/log.js';
import { faultsFromEnv } from '../http.js';
import { getWorld, worldOptionsFromEnv } from '../../seed/world.js';
import { startVoucherSystem } from './server.js';

const port = Number(process.env.VOUCHER_SYSTEM_PORT ?? 4102);
const host = process.env.HOST ?? '127.0.0.1';
const world = getWorld(worldOptionsFromEnv());
const system = await startVoucherSystem({ port, host, world, ...faultsFromEnv() });
console.log(`voucher system stand-in (${world.scale} scale): ${system.url}  (OpenAPI: ${system.url}/openapi.yaml)`);

stopOnSignals(system.close, createLogger('voucher-system'));
