/**
 * Starts the providers subgraph: opens the catalogue (PGlite by default, Postgres with a URL),
 * migrates it and loads its reference data unless told not to, and serves
 * schema/providers.graphql through lib/subgraph-server.ts (which refuses requests without the
 * gateway's signed viewer). It never seeds demo providers (the seed folder's catalogue.ts
 * does, for the development stack and `npm run seed`): pointed at a real database, it adds none.
 * Why the catalogue is returned: tests count its queries and reach its tables.
 */
import { sql } from 'kysely';
import { FhirClient } from '../../lib/fhir-client.js';
import type { SystemCredentials } from '../../lib/system-credentials.js';
import { startSubgraph, type RunningSubgraph } from '../../lib/subgraph-server.js';
import { policyFromEnv, type RetryPolicy } from '../../lib/upstream.js';
import { createVoucherClient } from '../../lib/voucher-client.js';
import { CatalogueCache, type CatalogueCacheOptions } from './catalogue-cache.js';
import { createContext, type Context } from './context.js';
import { openCatalogue, type Catalogue } from './db/catalogue.js';
import { catalogueCall } from './repository.js';
import { resolvers } from './resolvers.js';
import { startWebhooks, type RunningWebhooks, type WebhookOptions } from './webhooks/index.js';

export interface ProvidersSubgraphOptions {
  port?: number;
  host?: string;
  signingSecret: Uint8Array;
  /** Who this subgraph is to the existing systems (lib/system-credentials.ts): every call to them is authenticated. */
  systemCredentials: SystemCredentials;
  /**
   * Base URL of the voucher system (approving a provider registers it there to be paid);
   * VOUCHER_SYSTEM_URL or the stand-in's http://127.0.0.1:4102 by default.
   */
  voucherSystemUrl?: string;
  /**
   * FHIR base of the client-record system (approving a provider registers it there as an
   * Organization, so plans can name it as a performer; suspending marks it inactive);
   * CLIENT_RECORD_SYSTEM_URL or the stand-in's http://127.0.0.1:4101/fhir by default.
   */
  clientRecordSystemUrl?: string;
  /** Timeouts and retries towards the voucher and client-record systems; from the environment by default. */
  retryPolicy?: RetryPolicy;
  /** PostgreSQL; PGlite when absent. */
  databaseUrl?: string;
  /** PGlite's data folder; in memory when absent. */
  dataDir?: string;
  /** Postgres schema (search_path) to create and use, e.g. for an isolated test. */
  schema?: string;
  /** Migrate and load the reference data (municipalities, service types) on start (default true). */
  migrate?: boolean;
  /** The catalogue held in this process (catalogue-cache.ts): how soon a lost LISTEN connection is re-opened. */
  catalogueCache?: CatalogueCacheOptions;
  /** Serve an already opened catalogue instead; the subgraph then leaves closing it to the caller. */
  catalogue?: Catalogue;
  /**
   * Providers' webhooks: allowPrivateUrls (development and tests: http and loopback/private
   * targets; WEBHOOK_ALLOW_PRIVATE_URLS), the retry schedule (ms before each attempt) and the
   * sender's longest sleep. Production defaults: refused, Standard Webhooks' 24 h+ schedule.
   */
  webhooks?: WebhookOptions;
}

/** `cache`: the catalogue held in this process (tests look at whether it serves, and cut its LISTEN connection). */
export type RunningProvidersSubgraph = RunningSubgraph & { catalogue: Catalogue; cache: CatalogueCache };

export async function startProvidersSubgraph(options: ProvidersSubgraphOptions): Promise<RunningProvidersSubgraph> {
  const owned = !options.catalogue;
  const policy = options.retryPolicy ?? policyFromEnv();
  const systems = {
    voucherSystem: createVoucherClient(
      options.voucherSystemUrl ?? process.env.VOUCHER_SYSTEM_URL ?? 'http://127.0.0.1:4102',
      policy,
      options.systemCredentials.voucherSystem,
    ),
    clientRecordSystem: new FhirClient({
      baseUrl: options.clientRecordSystemUrl ?? process.env.CLIENT_RECORD_SYSTEM_URL ?? 'http://127.0.0.1:4101/fhir',
      policy,
      credentials: options.systemCredentials.clientRecordSystem,
    }),
  };
  const catalogue =
    options.catalogue ?? (await openCatalogue({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, schema: options.schema }));
  let webhooks: RunningWebhooks | undefined;
  let cache: CatalogueCache | undefined;
  try {
    if (options.migrate ?? owned) {
      await catalogue.migrate();
      await catalogue.loadReferenceData();
    }
    // After the migrations (their trigger is what it hears).
    cache = await CatalogueCache.start(catalogue, options.catalogueCache);
    const held = cache;
    // After the migrations (it reads the queue) and stopped before the catalogue closes.
    webhooks = startWebhooks(catalogue.db, options.webhooks);
    const sender = webhooks;
    const running = await startSubgraph<Context>({
      name: 'providers',
      resolvers,
      port: options.port,
      host: options.host,
      signingSecret: options.signingSecret,
      // The catalogue is its own; approvals also need the voucher register and the client-record
      // system (Organizations). Through the clients, so an open circuit reads as down.
      checks: {
        'provider-catalogue': () => catalogueCall('readiness', () => sql`select 1`.execute(catalogue.db)),
        'voucher-system': () => systems.voucherSystem.voucher('readiness-probe'),
        'client-record-system': () => systems.clientRecordSystem.read('Patient', 'readiness-probe'),
      },
      context: (viewer, request) => createContext(catalogue, held, viewer, request.requestId, request.audit, sender, systems),
      onClose: async () => {
        await sender.close();
        await held.close();
        if (owned) await catalogue.close();
      },
    });
    return { ...running, catalogue, cache: held };
  } catch (error) {
    await webhooks?.close().catch(() => undefined);
    await cache?.close().catch(() => undefined);
    if (owned) await catalogue.close().catch(() => undefined);
    throw error;
  }
}
