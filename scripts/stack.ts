/**
 * The development stack, wired once: the stand-ins of the two existing systems (unless their
 * URLs are given), the four subgraphs (client-records, vouchers, providers, audit), the gateway,
 * and the catalogue seeded with the synthetic world's providers. Two callers:
 * - `npm start` (scripts/start.ts): settings from the environment, fixed ports, URLs and demo
 *   tokens printed;
 * - the tests and the benchmark (test/stack.ts): free ports, a dev issuer and secrets of their
 *   own, and helpers to query and look into the systems.
 *
 * Why here and not in test/: `npm start` must also run from the production build
 * (`node dist/scripts/start.js`), which compiles scripts/ and leaves test/ out. Nothing here
 * reads the environment: each caller decides what its stack is.
 */
import { startGateway, type GatewayOptions, type RunningGateway } from '../gateway/server.js';
import type { RunningSubgraph } from '../lib/subgraph-server.js';
import type { SubgraphName } from '../lib/subgraphs.js';
import type { SystemCredentials } from '../lib/system-credentials.js';
import { seedCatalogue } from '../seed/catalogue.js';
import { getWorld, worldOptionsFromEnv, type World, type WorldOptions } from '../seed/world.js';
import { startClientRecordSystem } from '../systems/client-record-system/server.js';
import type { FaultOptions } from '../systems/http.js';
import type { SecuredStandIn } from '../systems/oauth.js';
import { registrationsOf } from '../systems/registrations.js';
import { startVoucherSystem } from '../systems/voucher-system/server.js';
import { startAuditSubgraph, type AuditSubgraphOptions } from '../subgraphs/audit/server.js';
import type { AuditStore } from '../subgraphs/audit/store.js';
import { startClientRecordsSubgraph } from '../subgraphs/client-records/server.js';
import { startProvidersSubgraph, type ProvidersSubgraphOptions, type RunningProvidersSubgraph } from '../subgraphs/providers/server.js';
import { startVouchersSubgraph, type VouchersSubgraphOptions } from '../subgraphs/vouchers/server.js';

/** Each server's port; any free one where absent. */
export interface StackPorts {
  gateway: number;
  clientRecordSystem: number;
  voucherSystem: number;
  clientRecords: number;
  vouchers: number;
  providers: number;
  audit: number;
}

export interface StackOptions extends Pick<
  GatewayOptions,
  'auth' | 'signingSecret' | 'redisUrl' | 'metricsPort' | 'rateLimits' | 'persistedQueries' | 'subgraphTimeoutMs'
> {
  /** The interface every server listens on; loopback when absent. */
  host?: string;
  ports?: Partial<StackPorts>;
  /** The clients the stand-ins register and the subgraphs present to the systems. */
  systemCredentials: SystemCredentials;
  /** What the subgraphs present instead of `systemCredentials` (tests of misconfiguration). */
  subgraphCredentials?: Partial<SystemCredentials>;
  /** Existing systems to use: no stand-in is started for a system named here. */
  systemUrls?: { clientRecordSystem?: string; voucherSystem?: string };
  /** The synthetic world of the stand-ins and the catalogue's demo data; SEED_SCALE/SEED when absent. */
  world?: WorldOptions;
  /** Seed the catalogue with the world's providers (default true); off for a catalogue of real data. */
  seed?: boolean;
  /** The stand-ins' latency and faults. */
  faults?: FaultOptions;
  /** PostgreSQL of the catalogue and the audit log (each in its own schema where asked); PGlite when absent. */
  databaseUrl?: string;
  /** The providers subgraph: PGlite on disk, a Postgres schema, its webhooks' settings. */
  providers?: Pick<ProvidersSubgraphOptions, 'dataDir' | 'schema' | 'webhooks'>;
  /** The audit subgraph: the role its store runs as on Postgres, PGlite on disk, a Postgres schema. */
  audit?: Pick<AuditSubgraphOptions, 'appendDatabaseUrl' | 'dataDir' | 'schema'>;
  /** The vouchers subgraph's spending reports at once and waiting, per role. */
  reportGate?: VouchersSubgraphOptions['reportGate'];
}

export interface RunningStack {
  world: World;
  gateway: RunningGateway;
  /** The stand-ins started (null for a system given by URL). */
  systems: { clientRecords: SecuredStandIn | null; vouchers: SecuredStandIn | null };
  /** Where the subgraphs reach the systems: the FHIR base and the voucher system's base. */
  systemUrls: { clientRecordSystem: string; voucherSystem: string };
  /** The running subgraphs; `providers` is replaced by restartProviders. */
  subgraphs: {
    clientRecords: RunningSubgraph;
    vouchers: RunningSubgraph;
    providers: RunningProvidersSubgraph;
    audit: RunningSubgraph & { store: AuditStore };
  };
  subgraphUrls: Record<SubgraphName, string>;
  /**
   * Closes the providers subgraph and opens a new one on the same port and database, with these
   * options changed: a restart of the process that sends webhooks.
   */
  restartProviders(changes?: Partial<Pick<ProvidersSubgraphOptions, 'webhooks'>>): Promise<RunningProvidersSubgraph>;
  /** Gateway first, then the subgraphs, then the stand-ins: each drains what the one before still asks of it. */
  close(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const { host, ports = {}, signingSecret } = options;
  // Where the parts reach each other: the interface they listen on, or loopback when that is all of them.
  const reachable = !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const urlOf = (port: number, path: string) => `http://${reachable}:${port}${path}`;
  const worldOptions = options.world ?? worldOptionsFromEnv();
  const world = getWorld(worldOptions);
  const registered = registrationsOf(options.systemCredentials);
  const systemCredentials = { ...options.systemCredentials, ...options.subgraphCredentials };
  // What has started, stopped in reverse when a later part fails to start.
  const started: (() => Promise<void>)[] = [];
  try {
    const clientRecordSystem = options.systemUrls?.clientRecordSystem
      ? null
      : await startClientRecordSystem({
          ...options.faults,
          port: ports.clientRecordSystem,
          host,
          world,
          clients: registered.clientRecordSystem,
        });
    if (clientRecordSystem) started.push(clientRecordSystem.close);
    const voucherSystem = options.systemUrls?.voucherSystem
      ? null
      : await startVoucherSystem({ ...options.faults, port: ports.voucherSystem, host, world, clients: registered.voucherSystem });
    if (voucherSystem) started.push(voucherSystem.close);
    const systemUrls = {
      clientRecordSystem: options.systemUrls?.clientRecordSystem ?? urlOf(clientRecordSystem!.port, '/fhir'),
      voucherSystem: options.systemUrls?.voucherSystem ?? urlOf(voucherSystem!.port, ''),
    };

    const providerOptions: ProvidersSubgraphOptions = {
      port: ports.providers,
      host,
      signingSecret,
      systemCredentials,
      voucherSystemUrl: systemUrls.voucherSystem,
      clientRecordSystemUrl: systemUrls.clientRecordSystem,
      databaseUrl: options.databaseUrl,
      ...options.providers,
    };
    // The subgraph starts on what its database holds; the demo providers are the stack's doing.
    const startProviders = async (changes: Partial<ProvidersSubgraphOptions> = {}) => {
      const running = await startProvidersSubgraph({ ...providerOptions, ...changes });
      try {
        if (options.seed ?? true) await seedCatalogue(running.catalogue, worldOptions);
      } catch (error) {
        await running.close().catch(() => undefined);
        throw error;
      }
      return running;
    };
    const [providers, audit] = await Promise.all([
      startProviders(),
      startAuditSubgraph({ port: ports.audit, host, signingSecret, databaseUrl: options.databaseUrl, ...options.audit }),
    ]);
    const subgraphs = { providers, audit } as RunningStack['subgraphs'];
    started.push(() => subgraphs.providers.close(), audit.close);
    // Orders read the catalogue through the providers subgraph, and both write paths record
    // providers' webhook events there: they start after it.
    const providersUrl = urlOf(providers.port, '/graphql');
    const [clientRecords, vouchers] = await Promise.all([
      startClientRecordsSubgraph({
        port: ports.clientRecords,
        host,
        clientRecordSystemUrl: systemUrls.clientRecordSystem,
        voucherSystemUrl: systemUrls.voucherSystem,
        providersUrl,
        signingSecret,
        systemCredentials,
      }),
      startVouchersSubgraph({
        port: ports.vouchers,
        host,
        voucherSystemUrl: systemUrls.voucherSystem,
        clientRecordSystemUrl: systemUrls.clientRecordSystem,
        providersUrl,
        signingSecret,
        systemCredentials,
        reportGate: options.reportGate,
      }),
    ]);
    Object.assign(subgraphs, { clientRecords, vouchers });
    started.push(clientRecords.close, vouchers.close);
    const subgraphUrls: Record<SubgraphName, string> = {
      'client-records': urlOf(clientRecords.port, '/graphql'),
      vouchers: urlOf(vouchers.port, '/graphql'),
      providers: providersUrl,
      audit: urlOf(audit.port, '/graphql'),
    };
    const gateway = await startGateway({
      port: ports.gateway,
      host,
      auth: options.auth,
      signingSecret,
      redisUrl: options.redisUrl,
      metricsPort: options.metricsPort,
      rateLimits: options.rateLimits,
      persistedQueries: options.persistedQueries,
      subgraphTimeoutMs: options.subgraphTimeoutMs,
      subgraphUrls,
    });
    return {
      world,
      gateway,
      systems: { clientRecords: clientRecordSystem, vouchers: voucherSystem },
      systemUrls,
      subgraphs,
      subgraphUrls,
      async restartProviders(changes = {}) {
        const { port } = subgraphs.providers;
        await subgraphs.providers.close();
        subgraphs.providers = await startProviders({ ...changes, port });
        return subgraphs.providers;
      },
      async close() {
        await gateway.close();
        await Promise.all([
          subgraphs.clientRecords.close(),
          subgraphs.vouchers.close(),
          subgraphs.providers.close(),
          subgraphs.audit.close(),
        ]);
        await Promise.all([clientRecordSystem?.close(), voucherSystem?.close()]);
      },
    };
  } catch (error) {
    for (const close of started.reverse()) await close().catch(() => undefined);
    throw error;
  }
}
