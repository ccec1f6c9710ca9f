/** Starts the gateway alone: PORT, subgraph URLs, JWKS or the dev issuer, from the environment. */
import { stopOnSignals } from '../lib/graceful-stop.js';
import { createLogger } from '../lib/log.js';
import { signingSecret } from '../lib/viewer.js';
import { authFromEnv } from './auth/index.js';
import { startGateway, subgraphUrlsFromEnv } from './server.js';

const gateway = await startGateway({
  port: Number(process.env.PORT ?? 4000),
  host: process.env.HOST ?? '0.0.0.0',
  auth: await authFromEnv(),
  subgraphUrls: subgraphUrlsFromEnv(),
  signingSecret: signingSecret(),
  redisUrl: process.env.REDIS_URL,
  metricsPort: process.env.METRICS_PORT ? Number(process.env.METRICS_PORT) : undefined,
});
console.log(`gateway: ${gateway.url}${gateway.metricsUrl ? `  metrics: ${gateway.metricsUrl}` : ''}`);
stopOnSignals(gateway.close, createLogger('gateway'));
