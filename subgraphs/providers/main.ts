/**
 * Runs the providers subgraph alone: `tsx subgraphs/providers/main.ts`.
 * Settings from the environment: PROVIDERS_PORT (4003), HOST (127.0.0.1), DATABASE_URL
 * (PostgreSQL; PGlite otherwise), CATALOGUE_DATA_DIR (PGlite on disk), CATALOGUE_SCHEMA,
 * SUBGRAPH_SIGNING_SECRET, VOUCHER_SYSTEM_URL (http://127.0.0.1:4102: approvals register providers
 * there to be paid), CLIENT_RECORD_SYSTEM_URL (http://127.0.0.1:4101/fhir: approvals register
 * providers there as Organizations, so plans can name them), WEBHOOK_ALLOW_PRIVATE_URLS=1 to
 * let webhooks target loopback and private addresses (development only; refused otherwise).
 * It serves what its database holds and seeds nothing: demo providers come from `npm run seed`
 * (same DATABASE_URL / CATALOGUE_DATA_DIR / CATALOGUE_SCHEMA) or from `npm start`.
 */
import '../../lib/env-file.js'; // first: .env (development) before any module reads a setting
import { startTelemetry } from '../../lib/telemetry.js';
import { stopOnSignals } from '../../lib/graceful-stop.js';
import { createLogger } from '../../lib/log.js';
import { settingsOrExit } from '../../lib/settings.js';
import { signingSecret } from '../../lib/viewer.js';
import { systemCredentialsOrExit } from '../../lib/system-credentials.js';
import { catalogueOptionsFromEnv } from './db/catalogue.js';
import { startProvidersSubgraph } from './server.js';
import { allowPrivateUrlsFromEnv } from './webhooks/index.js';

// Traces only when OTEL_TRACES_EXPORTER=otlp asks for them (lib/telemetry.ts); before any server starts.
startTelemetry('providers');

const env = process.env;
const settings = settingsOrExit('providers');
const subgraph = await startProvidersSubgraph({
  port: settings.PROVIDERS_PORT,
  host: settings.HOST,
  signingSecret: signingSecret(env),
  systemCredentials: await systemCredentialsOrExit(settings),
  voucherSystemUrl: env.VOUCHER_SYSTEM_URL || 'http://127.0.0.1:4102',
  clientRecordSystemUrl: env.CLIENT_RECORD_SYSTEM_URL || 'http://127.0.0.1:4101/fhir',
  ...catalogueOptionsFromEnv(env),
  webhooks: { allowPrivateUrls: allowPrivateUrlsFromEnv(env) },
});
console.log(`providers subgraph (${subgraph.catalogue.kind}) at ${subgraph.url}`);

stopOnSignals(subgraph.close, createLogger('providers'));
