/**
 * `npm start`: the whole stack with embedded defaults (scripts/stack.ts) — both stand-ins with
 * seed data, the four subgraphs (the catalogue on PGlite unless DATABASE_URL is set, seeded with
 * the synthetic world's providers) and the gateway — and prints every URL and one demo token
 * per role. A system URL in the environment (CLIENT_RECORD_SYSTEM_URL, VOUCHER_SYSTEM_URL) is
 * used instead of starting its stand-in.
 */
import '../lib/env-file.js'; // first: .env (development) before any module reads a setting
import { startTelemetry } from '../lib/telemetry.js';
import { authFromEnv } from '../gateway/auth/index.js';
import { stopOnSignals } from '../lib/graceful-stop.js';
import { createLogger } from '../lib/log.js';
import { stackSettingsOrExit } from '../lib/settings.js';
import { browserOptionsFromEnv } from '../gateway/browser/index.js';
import { persistedQueryBoundsFromSettings } from '../gateway/cache/index.js';
import { rateLimitsFromSettings } from '../gateway/rate-limit/index.js';
import { signingSecret } from '../lib/viewer.js';
import { worldOptionsFromEnv } from '../seed/world.js';
import { faultsFromEnv } from '../systems/http.js';
import { systemCredentialsOrExit } from '../lib/system-credentials.js';
import { allowPrivateUrlsFromEnv } from '../subgraphs/providers/webhooks/index.js';
import { startStack } from './stack.js';

// Traces only when OTEL_TRACES_EXPORTER=otlp asks for them (lib/telemetry.ts); before any server starts.
startTelemetry('client-plan-graph');

// Every setting checked first: a malformed one stops here, naming it (lib/settings.ts).
const env = stackSettingsOrExit();
const local = (p: number, path = '') => `http://localhost:${p}${path}`;
const auth = await authFromEnv();
const stack = await startStack({
  // Loopback unless HOST says otherwise: a development stack is not for the network.
  host: env.HOST,
  ports: {
    gateway: env.PORT,
    clientRecordSystem: env.CLIENT_RECORD_SYSTEM_PORT,
    voucherSystem: env.VOUCHER_SYSTEM_PORT,
    clientRecords: env.CLIENT_RECORDS_PORT,
    vouchers: env.VOUCHERS_PORT,
    providers: env.PROVIDERS_PORT,
    audit: env.AUDIT_PORT,
  },
  signingSecret: signingSecret(),
  auth,
  // Who the subgraphs are to the systems: from the environment, or this checkout's generated clients,
  // which the stand-ins started here register (lib/system-credentials.ts).
  systemCredentials: await systemCredentialsOrExit(env),
  systemUrls: { clientRecordSystem: env.CLIENT_RECORD_SYSTEM_URL, voucherSystem: env.VOUCHER_SYSTEM_URL },
  world: worldOptionsFromEnv(),
  faults: faultsFromEnv(),
  databaseUrl: env.DATABASE_URL,
  providers: {
    // The providers subgraph's own settings (catalogueOptionsFromEnv): `npm run seed` reads the same.
    dataDir: env.CATALOGUE_DATA_DIR,
    schema: env.CATALOGUE_SCHEMA,
    // Development: a provider's test receiver on localhost works (WEBHOOK_ALLOW_PRIVATE_URLS=0
    // refuses it); in production (NODE_ENV=production) only WEBHOOK_ALLOW_PRIVATE_URLS=1 allows it.
    webhooks: { allowPrivateUrls: allowPrivateUrlsFromEnv(process.env, true) },
  },
  audit: { appendDatabaseUrl: env.AUDIT_DATABASE_URL, dataDir: env.AUDIT_DATA_DIR },
  redisUrl: env.REDIS_URL,
  metricsPort: env.METRICS_PORT,
  rateLimits: rateLimitsFromSettings(env),
  persistedQueries: persistedQueryBoundsFromSettings(env),
  reportGate: { perRole: env.REPORT_CONCURRENCY_PER_ROLE, queuePerRole: env.REPORT_QUEUE_PER_ROLE },
});
const { world, gateway, systems, systemUrls, subgraphs } = stack;

const lines: string[] = [];
if (systems.clientRecords) lines.push(`client-record system (FHIR R4 stand-in)  ${local(systems.clientRecords.port, '/fhir')}`);
else lines.push(`client-record system (FHIR R4)            ${systemUrls.clientRecordSystem}`);
if (systems.vouchers)
  lines.push(
    `voucher system (REST stand-in)           ${local(systems.vouchers.port)}  (OpenAPI: ${local(systems.vouchers.port)}/openapi.yaml)`,
  );
else lines.push(`voucher system (REST)                     ${systemUrls.voucherSystem}`);
lines.push(`subgraph client-records                  ${local(subgraphs.clientRecords.port, '/graphql')}`);
lines.push(`subgraph vouchers                        ${local(subgraphs.vouchers.port, '/graphql')}`);
lines.push(
  `subgraph audit (${env.DATABASE_URL ? 'PostgreSQL' : env.AUDIT_DATA_DIR ? 'PGlite, on disk' : 'PGlite, in memory'})`.padEnd(41) +
    local(subgraphs.audit.port, '/graphql'),
);
lines.push(
  `subgraph providers (${env.DATABASE_URL ? 'PostgreSQL' : env.CATALOGUE_DATA_DIR ? 'PGlite, on disk' : 'PGlite, in memory'})`.padEnd(41) +
    local(subgraphs.providers.port, '/graphql'),
);

console.log('\nThe shared client-plan graph is running.\n');
for (const line of lines) console.log(`  ${line}`);
console.log(
  `\n  GATEWAY  POST ${local(gateway.port, '/graphql')}    health: ${local(gateway.port, '/health')}  readiness: ${local(gateway.port, '/ready')}`,
);
const browser = browserOptionsFromEnv();
console.log(
  browser.ide
    ? `  IDE (GraphiQL, offline): open ${local(gateway.port, '/graphql')} in a browser and paste a token below into its headers`
    : '  IDE: off (GRAPHQL_IDE=on to serve it)',
);
console.log(
  `  shared cache (persisted queries): ${gateway.cacheKind === 'redis' ? 'Redis' : 'in memory'}${gateway.metricsUrl ? `    metrics: ${gateway.metricsUrl.replace('0.0.0.0', 'localhost')}` : '    metrics: off (set METRICS_PORT)'}`,
);
if (auth.devIssuer) {
  const client = world.clients.find((c) => world.plans.some((p) => p.clientId === c.id && p.status === 'active'))!;
  const provider = world.providers.find((p) => p.status === 'APPROVED')!;
  const demo = [
    ['client', `${client.id}`, { role: 'CLIENT', subject: client.id, clientId: client.id }],
    [
      'case_worker',
      `municipality ${client.municipalityCode}`,
      { role: 'CASE_WORKER', subject: client.caseWorkerId, municipalityCode: client.municipalityCode },
    ],
    ['provider', provider.id, { role: 'PROVIDER', subject: `system-${provider.id}`, providerId: provider.id }],
    ['analyst', 'all municipalities', { role: 'ANALYST', subject: 'analyst' }],
    ['admin', '', { role: 'ADMIN', subject: 'admin' }],
  ] as const;
  console.log(`\nDemo tokens (local dev issuer, valid 8 hours; more with npm run --silent token -- --role ROLE):`);
  for (const [role, scope, claims] of demo)
    console.log(`\n  ${role}${scope ? ` (${scope})` : ''}:\n  ${await auth.devIssuer.sign(claims)}`);
} else {
  console.log('\nTokens are verified against JWKS_URL; the dev issuer is off.');
}
console.log(
  `\nTry:\n  curl -s ${local(gateway.port, '/graphql')} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\\n    -d '{"query":"{ me { role } client(id: \\"cl-00001\\") { firstName currentPlan { services { serviceType { name } } budget { total { amount } } } } }"}'\n`,
);

stopOnSignals(() => stack.close(), createLogger('start'));
