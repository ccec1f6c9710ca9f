/** Starts the gateway alone: PORT, subgraph URLs, JWKS or the dev issuer, from the environment. */
import '../lib/env-file.js'; // first: .env (development) before any module reads a setting
import { startTelemetry } from '../lib/telemetry.js';
import { stopOnSignals } from '../lib/graceful-stop.js';
import { createLogger } from '../lib/log.js';
import { settingsOrExit } from '../lib/settings.js';
import { signingSecret } from '../lib/viewer.js';
import { authFromEnv } from './auth/index.js';
import { persistedQueryBoundsFromSettings } from './cache/index.js';
import { rateLimitsFromSettings } from './rate-limit/index.js';
import { startGateway, subgraphUrlsFromEnv } from './server.js';

// Traces only when OTEL_TRACES_EXPORTER=otlp asks for them (lib/telemetry.ts); before any server starts.
startTelemetry('gateway');

const settings = settingsOrExit('gateway');
const gateway = await startGateway({
  port: settings.PORT,
  host: settings.HOST,
  auth: await authFromEnv(),
  subgraphUrls: subgraphUrlsFromEnv(),
  signingSecret: signingSecret(),
  redisUrl: settings.REDIS_URL,
  metricsPort: settings.METRICS_PORT,
  rateLimits: rateLimitsFromSettings(settings),
  persistedQueries: persistedQueryBoundsFromSettings(settings),
});
console.log(`gateway: ${gateway.url}${gateway.metricsUrl ? `  metrics: ${gateway.metricsUrl}` : ''}`);
stopOnSignals(gateway.close, createLogger('gateway'));
