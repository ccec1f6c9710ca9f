/**
 * Starts Hive Gateway (Rust query planner) over our subgraphs: `tsx hive/main.ts`.
 * Settings as for gateway/main.ts: PORT (4000), HOST, CLIENT_RECORDS_URL / VOUCHERS_URL /
 * PROVIDERS_URL / AUDIT_URL (the supergraph's URLs otherwise), JWKS_URL + JWT_ISSUER +
 * JWT_AUDIENCE or the dev issuer, SUBGRAPH_SIGNING_SECRET (or this checkout's generated one);
 * HIVE_JS_PLANNER=1 for Hive's JavaScript planner.
 */
import '../lib/env-file.js'; // first: .env (development) before any module reads a setting
import { stopOnSignals } from '../lib/graceful-stop.js';
import { createLogger } from '../lib/log.js';
import { settingsOrExit } from '../lib/settings.js';
import { signingSecret } from '../lib/viewer.js';
import { authFromEnv } from '../gateway/auth/index.js';
import { subgraphUrlsFromEnv } from '../gateway/server.js';
import { startHiveGateway } from './gateway.js';

const settings = settingsOrExit('gateway');
const gateway = await startHiveGateway({
  port: settings.PORT,
  host: settings.HOST,
  auth: await authFromEnv(),
  signingSecret: signingSecret(),
  subgraphUrls: subgraphUrlsFromEnv(),
  javascriptPlanner: process.env.HIVE_JS_PLANNER === '1',
});
console.log(`hive gateway: ${gateway.url}`);
stopOnSignals(gateway.close, createLogger('hive-gateway'));
