/**
 * The benchmark's stack: each part its own process, started from its own entry point with its
 * settings in the environment, as a deployment runs them — the two stand-ins (with
 * STANDIN_LATENCY_MS), the four subgraphs, our gateway and, with `--peers`, Hive Gateway with the
 * Rust planner (hive/main.ts) over the same subgraph processes. Secrets, system credentials and
 * the dev issuer's key are made fresh in a temporary directory, which is every part's working
 * directory; the parts run from a build made there (bench/build.ts), Hive Gateway through tsx; the catalogue (PGlite on disk there) is seeded by `scripts/seed.ts` before the
 * providers subgraph opens it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevIssuer } from '../gateway/auth/index.js';
import { systemCredentials } from '../lib/system-credentials.js';
import { buildForBench } from './build.js';
import { freePort, startPart, type Part } from './processes.js';

/**
 * Node's flags for the gateway, as the Dockerfile and compose.yaml start it. Why a heap bound:
 * V8 sizes its old generation from the machine's memory, and on a large host lets garbage pile
 * up far past what is live — at 50 concurrent shared plans ~330 MB resident for a ~60 MB live
 * heap. Bounded at 1 GiB (still ~15× what is live, so no request runs out of it), V8 collects
 * earlier: ~215 MB at 50 users, for about 4–5% more gateway CPU at 10 (interleaved pairs).
 */
export const GATEWAY_NODE_FLAGS = ['--max-old-space-size=1024'] as const;

export interface BenchStackOptions {
  scale: 'trial' | 'national';
  latencyMs: number;
  peers: boolean;
  /** Run the sources through tsx instead of a build (bench/build.ts). */
  tsx?: boolean;
  log: (line: string) => void;
}

export interface BenchStack {
  /** Every process, in the order the tables show them. */
  parts: Part[];
  gatewayUrl: string;
  /** Hive Gateway's URL with `--peers`. */
  peerUrl: string | null;
  issuer: DevIssuer;
  close(): Promise<void>;
}

/** Far above any load the benchmark makes: the limiter runs (its cost is measured), it never refuses. */
const UNLIMITED = Object.fromEntries(
  ['PROVIDER', 'CASE_WORKER', 'ADMIN', 'CLIENT', 'ANALYST'].map((role) => [`RATE_LIMIT_PER_MINUTE_${role}`, '100000000']),
);

export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  const parts: Part[] = [];
  const close = async () => {
    await Promise.all([...parts].reverse().map((p) => p.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Made here, before any part starts, so that no two parts race to make them.
    const built = options.tsx ? undefined : buildForBench(dir);
    if (built) options.log(`built (${Math.round((Date.now() - started) / 1000)} s)`);
    const credentialsFile = join(dir, 'system-clients.json');
    await systemCredentials({ SYSTEM_CREDENTIALS_FILE: credentialsFile });
    const issuerKeyFile = join(dir, 'dev-issuer.json');
    const issuer = await DevIssuer.fromFile(issuerKeyFile);
    const common = {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      SEED_SCALE: options.scale,
      SUBGRAPH_SIGNING_SECRET: randomBytes(32).toString('hex'),
      SYSTEM_CREDENTIALS_FILE: credentialsFile,
      DEV_ISSUER_KEY_FILE: issuerKeyFile,
    };
    const port = {
      fhir: await freePort(),
      voucherSystem: await freePort(),
      clientRecords: await freePort(),
      vouchers: await freePort(),
      providers: await freePort(),
      audit: await freePort(),
      gateway: await freePort(),
      peer: await freePort(),
    };
    const local = (p: number, path = '/graphql') => `http://127.0.0.1:${p}${path}`;
    const urls = {
      CLIENT_RECORD_SYSTEM_URL: local(port.fhir, '/fhir'),
      VOUCHER_SYSTEM_URL: local(port.voucherSystem, ''),
      PROVIDERS_URL: local(port.providers),
    };
    const start = (name: string, script: string, env: Record<string, string>, nodeArgs?: readonly string[]) => {
      const part = startPart(name, script, dir, { ...common, ...env }, built, nodeArgs);
      parts.push(part);
      return part;
    };
    const t0 = Date.now();
    const standins = { STANDIN_LATENCY_MS: String(options.latencyMs) };
    const fhir = start('FHIR stand-in', 'systems/client-record-system/main.ts', {
      ...standins,
      CLIENT_RECORD_SYSTEM_PORT: String(port.fhir),
    });
    const voucherSystem = start('voucher stand-in', 'systems/voucher-system/main.ts', {
      ...standins,
      VOUCHER_SYSTEM_PORT: String(port.voucherSystem),
    });
    // The catalogue on disk, seeded before the subgraph opens it (PGlite: one process at a time).
    const catalogue = { CATALOGUE_DATA_DIR: join(dir, 'catalogue') };
    const seed = startPart('seed', 'scripts/seed.ts', dir, { ...common, ...catalogue }, built);
    const seeded = await seed.exited;
    if (seeded !== 0) throw new Error(`seeding the catalogue failed (${seeded}):\n${seed.output().slice(-3000)}`);
    options.log(`catalogue seeded (${Math.round((Date.now() - t0) / 1000)} s)`);
    const providers = start('providers', 'subgraphs/providers/main.ts', { ...urls, ...catalogue, PROVIDERS_PORT: String(port.providers) });
    const audit = start('audit', 'subgraphs/audit/main.ts', { AUDIT_PORT: String(port.audit) });
    await Promise.all([fhir.waitFor(/client-record system .* at http/), voucherSystem.waitFor(/voucher system stand-in .*http/)]);
    await Promise.all([providers.waitFor(/providers subgraph .* at http/), audit.waitFor(/audit subgraph .* at http/)]);
    const clientRecords = start('client-records', 'subgraphs/client-records/main.ts', {
      ...urls,
      CLIENT_RECORDS_PORT: String(port.clientRecords),
    });
    // Reports queue rather than being refused at 10 and 50 callers: the benchmark measures throughput, not the gate.
    const vouchers = start('vouchers', 'subgraphs/vouchers/main.ts', {
      ...urls,
      VOUCHERS_PORT: String(port.vouchers),
      REPORT_QUEUE_PER_ROLE: '1000',
    });
    await Promise.all([clientRecords.waitFor(/client-records subgraph at http/), vouchers.waitFor(/vouchers subgraph: http/)]);
    const subgraphUrls = {
      CLIENT_RECORDS_URL: local(port.clientRecords),
      VOUCHERS_URL: local(port.vouchers),
      PROVIDERS_URL: local(port.providers),
      AUDIT_URL: local(port.audit),
    };
    // With the heap bound the deployment gives it (GATEWAY_NODE_FLAGS: Dockerfile, compose.yaml).
    const gateway = start('gateway', 'gateway/main.ts', { ...subgraphUrls, ...UNLIMITED, PORT: String(port.gateway) }, GATEWAY_NODE_FLAGS);
    const peer = options.peers ? start('Hive gateway', 'hive/main.ts', { ...subgraphUrls, PORT: String(port.peer) }) : null;
    await Promise.all([gateway.waitFor(/gateway: http/), peer?.waitFor(/hive gateway: http/)]);
    options.log(`stack ready (${Math.round((Date.now() - t0) / 1000)} s): ${parts.map((p) => `${p.name} ${p.pid}`).join(', ')}`);
    // The order of the tables: the gateways first, then the subgraphs, then the systems.
    const order = ['gateway', 'Hive gateway', 'client-records', 'vouchers', 'providers', 'audit', 'FHIR stand-in', 'voucher stand-in'];
    parts.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
    return { parts, gatewayUrl: local(port.gateway), peerUrl: peer ? local(port.peer) : null, issuer, close };
  } catch (error) {
    await close();
    throw error;
  }
}
