/**
 * `npm run seed`: writes the synthetic world's providers and offerings (seed/catalogue.ts) into
 * the provider catalogue the providers subgraph is configured with — the same settings:
 * DATABASE_URL (PostgreSQL) or CATALOGUE_DATA_DIR (PGlite on disk), and CATALOGUE_SCHEMA —
 * after applying the catalogue's migrations. SEED_SCALE=trial|national and SEED pick the world.
 *
 * Why an explicit command: the subgraph seeds nothing, so a catalogue started alone for a demo
 * or a front-end team's work is given its providers on purpose, once.
 * Why refused with NODE_ENV=production unless `--force`: the providers are invented, and a
 * production catalogue is where clients choose real ones.
 * Why refused without a database: an in-memory catalogue would vanish with this process
 * (`npm start` seeds its own).
 * Idempotent: only missing rows are written, rows edited since are left as they are, and a
 * second run says that nothing changed.
 */
import '../lib/env-file.js'; // first: .env (development) before any module reads a setting
import { createLogger } from '../lib/log.js';
import { SETTINGS, SettingsError, validate } from '../lib/settings.js';
import { nothingSeeded, seedCatalogue } from '../seed/catalogue.js';
import { worldOptionsFromEnv } from '../seed/world.js';
import { catalogueOptionsFromEnv, openCatalogue } from '../subgraphs/providers/db/catalogue.js';

const USAGE = 'usage: npm run seed [-- --force]   (the catalogue of DATABASE_URL or CATALOGUE_DATA_DIR, in CATALOGUE_SCHEMA)';

function refuse(message: string): never {
  process.stderr.write(`npm run seed: ${message}\n`);
  process.exit(1);
}

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--force');
if (unknown.length) refuse(`unknown argument ${unknown.join(' ')}\n${USAGE}`);
const force = args.includes('--force');

// The subgraph's own catalogue settings, checked the same way (a malformed one is named).
const { NODE_ENV, DATABASE_URL, CATALOGUE_DATA_DIR, CATALOGUE_SCHEMA } = SETTINGS.providers;
try {
  validate({ NODE_ENV, DATABASE_URL, CATALOGUE_DATA_DIR, CATALOGUE_SCHEMA }, process.env);
} catch (error) {
  if (error instanceof SettingsError) refuse(error.message);
  throw error;
}
if (process.env.NODE_ENV === 'production' && !force) {
  refuse(
    'NODE_ENV=production: refusing to write invented demo providers into a production catalogue. If this database really is for demonstration, run `npm run seed -- --force`.',
  );
}
const options = catalogueOptionsFromEnv(process.env);
if (!options.databaseUrl && !options.dataDir) {
  refuse(
    'no catalogue to seed: set DATABASE_URL (PostgreSQL) or CATALOGUE_DATA_DIR (PGlite on disk), as for the providers subgraph. An in-memory catalogue would vanish with this process; `npm start` seeds its own.',
  );
}

process.env.LOG_LEVEL ??= 'warn';
const world = worldOptionsFromEnv(process.env);
const catalogue = await openCatalogue(options);
try {
  // Never the URL itself: it may carry a password.
  const where =
    catalogue.kind === 'postgres'
      ? `PostgreSQL${catalogue.schema ? `, schema ${catalogue.schema}` : ''}`
      : `PGlite in ${options.dataDir}${catalogue.schema ? `, schema ${catalogue.schema}` : ''}`;
  const migrations = await catalogue.migrate();
  if (migrations.length) console.log(`Applied the catalogue's migrations (${where}): ${migrations.join(', ')}.`);
  const result = await seedCatalogue(catalogue, world);
  if (nothingSeeded(result)) {
    console.log(`The catalogue (${where}) already holds the ${world.scale} world's providers (seed ${world.seed}): nothing changed.`);
  } else {
    console.log(
      `Seeded the catalogue (${where}) with the ${world.scale} world (seed ${world.seed}): ` +
        `${result.providers} providers, ${result.offerings} offerings (${result.offeringPrices} prices), ` +
        `${result.providerMunicipalities} provider areas, ${result.providerLanguages} provider languages, ` +
        `${result.municipalities} municipalities, ${result.serviceTypes} service types.`,
    );
  }
} catch (error) {
  createLogger('seed').error({ err: (error as Error).message }, 'seeding failed');
  process.exitCode = 1;
} finally {
  await catalogue.close();
}
