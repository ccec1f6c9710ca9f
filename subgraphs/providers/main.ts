/**
 * Runs the providers subgraph alone: `tsx subgraphs/providers/main.ts`.
 * Settings from the environment: PROVIDERS_PORT (4003), HOST (127.0.0.1), DATABASE_URL
 * (PostgreSQL; PGlite otherwise), CATALOGUE_DATA_DIR (PGlite on disk), CATALOGUE_SCHEMA,
 * SUBGRAPH_SIGNING_SECRET, SEED_SCALE / SEED for the demo data.
 */
import { signingSecret } from '../../lib/viewer.js';
import { catalogueOptionsFromEnv } from './db/catalogue.js';
import { startProvidersSubgraph } from './server.js';

const env = process.env;
const subgraph = await startProvidersSubgraph({
  port: Number(env.PROVIDERS_PORT ?? 4003),
  host: env.HOST ?? '127.0.0.1',
  signingSecret: signingSecret(env),
  ...catalogueOptionsFromEnv(env),
});
console.log(`providers subgraph (${subgraph.catalogue.kind}) at ${subgraph.url}`);

const stop = async () => {
  await subgraph.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
