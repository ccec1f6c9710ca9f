/**
 * `npm start`: the whole stack with embedded defaults — both stand-ins with seed data, the
 * three subgraphs (the catalogue on PGlite unless DATABASE_URL is set) and the gateway — and
 * prints every URL and one demo token per role. A system URL in the environment
 * (CLIENT_RECORD_SYSTEM_URL, VOUCHER_SYSTEM_URL) is used instead of starting its stand-in.
 */
import { authFromEnv } from '../gateway/auth/index.js';
import { stopOnSignals } from '../lib/graceful-stop.js';
import { createLogger } from '../lib/log.js';
import { stackSettingsOrExit } from '../lib/settings.js';
import { startGateway } from '../gateway/server.js';
import { persistedQueryBoundsFromSettings } from '../gateway/cache/index.js';
import { rateLimitsFromSettings } from '../gateway/rate-limit/index.js';
import { signingSecret } from '../lib/viewer.js';
import { worldOptionsFromEnv, getWorld } from '../seed/world.js';
import { faultsFromEnv } from '../systems/http.js';
import { systemCredentialsOrExit } from '../lib/system-credentials.js';
import { registrationsOf } from '../systems/registrations.js';
import { startClientRecordSystem } from '../systems/client-record-system/server.js';
import { startVoucherSystem } from '../systems/voucher-system/server.js';
import { startClientRecordsSubgraph } from '../subgraphs/client-records/server.js';
import { startVouchersSubgraph } from '../subgraphs/vouchers/server.js';
import { startProvidersSubgraph } from '../subgraphs/providers/server.js';
import { allowPrivateUrlsFromEnv } from '../subgraphs/providers/webhooks/index.js';
import { startAuditSubgraph } from '../subgraphs/audit/server.js';

// Every setting checked first: a malformed one stops here, naming it (lib/settings.ts).
const env = stackSettingsOrExit();
// Loopback unless HOST says otherwise: a development stack is not for the network.
const host = env.HOST;
const local = (p: number, path = '') => `http://localhost:${p}${path}`;
const secret = signingSecret();
const world = getWorld(worldOptionsFromEnv());
// Who the subgraphs are to the systems: from the environment, or this checkout's generated clients,
// which the stand-ins started here register (lib/system-credentials.ts).
const systemCredentials = await systemCredentialsOrExit(env);
const registered = registrationsOf(systemCredentials);
const closers: (() => Promise<void>)[] = [];

const lines: string[] = [];
let clientRecordSystemUrl = env.CLIENT_RECORD_SYSTEM_URL;
if (!clientRecordSystemUrl) {
  const s = await startClientRecordSystem({ port: env.CLIENT_RECORD_SYSTEM_PORT, host, world, clients: registered.clientRecordSystem, ...faultsFromEnv() });
  closers.push(s.close);
  clientRecordSystemUrl = local(s.port, '/fhir');
  lines.push(`client-record system (FHIR R4 stand-in)  ${clientRecordSystemUrl}`);
} else lines.push(`client-record system (FHIR R4)            ${clientRecordSystemUrl}`);
let voucherSystemUrl = env.VOUCHER_SYSTEM_URL;
if (!voucherSystemUrl) {
  const s = await startVoucherSystem({ port: env.VOUCHER_SYSTEM_PORT, host, world, clients: registered.voucherSystem, ...faultsFromEnv() });
  closers.push(s.close);
  voucherSystemUrl = local(s.port);
  lines.push(`voucher system (REST stand-in)           ${voucherSystemUrl}  (OpenAPI: ${voucherSystemUrl}/openapi.yaml)`);
} else lines.push(`voucher system (REST)                     ${voucherSystemUrl}`);

const [providers, audit] = await Promise.all([
  startProvidersSubgraph({
    port: env.PROVIDERS_PORT,
    host,
    signingSecret: secret,
    systemCredentials,
    voucherSystemUrl,
    clientRecordSystemUrl,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.CATALOGUE_DATA_DIR,
    // Development: a provider's test receiver on localhost works (WEBHOOK_ALLOW_PRIVATE_URLS=0
    // refuses it); in production (NODE_ENV=production) only WEBHOOK_ALLOW_PRIVATE_URLS=1 allows it.
    webhooks: { allowPrivateUrls: allowPrivateUrlsFromEnv(process.env, true) },
  }),
  startAuditSubgraph({ port: env.AUDIT_PORT, host, signingSecret: secret, databaseUrl: env.DATABASE_URL, appendDatabaseUrl: env.AUDIT_DATABASE_URL, dataDir: env.AUDIT_DATA_DIR }),
]);
// Orders read the catalogue through the providers subgraph, and the write paths record
// providers' webhook events there: both start after it.
const clientRecords = await startClientRecordsSubgraph({
  port: env.CLIENT_RECORDS_PORT,
  host,
  clientRecordSystemUrl,
  voucherSystemUrl,
  providersUrl: local(providers.port, '/graphql'),
  signingSecret: secret,
  systemCredentials,
});
const vouchers = await startVouchersSubgraph({
  port: env.VOUCHERS_PORT,
  host,
  voucherSystemUrl,
  clientRecordSystemUrl,
  providersUrl: local(providers.port, '/graphql'),
  signingSecret: secret,
  systemCredentials,
  reportGate: { perRole: env.REPORT_CONCURRENCY_PER_ROLE, queuePerRole: env.REPORT_QUEUE_PER_ROLE },
});
// Stopped gateway first, then the subgraphs, then the stand-ins: each drains what the one before still asks of it.
closers.unshift(clientRecords.close, vouchers.close, providers.close, audit.close);
lines.push(`subgraph client-records                  ${local(clientRecords.port, '/graphql')}`);
lines.push(`subgraph vouchers                        ${local(vouchers.port, '/graphql')}`);
lines.push(`subgraph audit (${env.DATABASE_URL ? 'PostgreSQL' : env.AUDIT_DATA_DIR ? 'PGlite, on disk' : 'PGlite, in memory'})`.padEnd(41) + local(audit.port, '/graphql'));
lines.push(`subgraph providers (${env.DATABASE_URL ? 'PostgreSQL' : env.CATALOGUE_DATA_DIR ? 'PGlite, on disk' : 'PGlite, in memory'})`.padEnd(41) + local(providers.port, '/graphql'));

const auth = await authFromEnv();
const gateway = await startGateway({
  port: env.PORT,
  host,
  auth,
  signingSecret: secret,
  redisUrl: env.REDIS_URL,
  metricsPort: env.METRICS_PORT,
  rateLimits: rateLimitsFromSettings(env),
  persistedQueries: persistedQueryBoundsFromSettings(env),
  subgraphUrls: {
    'client-records': local(clientRecords.port, '/graphql'),
    vouchers: local(vouchers.port, '/graphql'),
    providers: local(providers.port, '/graphql'),
    audit: local(audit.port, '/graphql'),
  },
});
closers.unshift(gateway.close);

console.log('\nThe shared client-plan graph is running.\n');
for (const line of lines) console.log(`  ${line}`);
console.log(`\n  GATEWAY  POST ${local(gateway.port, '/graphql')}    health: ${local(gateway.port, '/health')}  readiness: ${local(gateway.port, '/ready')}`);
console.log(`  shared cache (persisted queries): ${gateway.cacheKind === 'redis' ? 'Redis' : 'in memory'}${gateway.metricsUrl ? `    metrics: ${gateway.metricsUrl.replace('0.0.0.0', 'localhost')}` : '    metrics: off (set METRICS_PORT)'}`);
if (auth.devIssuer) {
  const client = world.clients.find((c) => world.plans.some((p) => p.clientId === c.id && p.status === 'active'))!;
  const provider = world.providers.find((p) => p.status === 'APPROVED')!;
  const demo = [
    ['client', `${client.id}`, { role: 'CLIENT', subject: client.id, clientId: client.id }],
    ['case_worker', `municipality ${client.municipalityCode}`, { role: 'CASE_WORKER', subject: client.caseWorkerId, municipalityCode: client.municipalityCode }],
    ['provider', provider.id, { role: 'PROVIDER', subject: `system-${provider.id}`, providerId: provider.id }],
    ['analyst', 'all municipalities', { role: 'ANALYST', subject: 'analyst' }],
    ['admin', '', { role: 'ADMIN', subject: 'admin' }],
  ] as const;
  console.log(`\nDemo tokens (local dev issuer, valid 8 hours; more with npm run --silent token -- --role ROLE):`);
  for (const [role, scope, claims] of demo) console.log(`\n  ${role}${scope ? ` (${scope})` : ''}:\n  ${await auth.devIssuer.sign(claims)}`);
} else {
  console.log('\nTokens are verified against JWKS_URL; the dev issuer is off.');
}
console.log(`\nTry:\n  curl -s ${local(gateway.port, '/graphql')} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\\n    -d '{"query":"{ me { role } client(id: \\"cl-00001\\") { firstName currentPlan { services { serviceType { name } } budget { total { amount } } } } }"}'\n`);

stopOnSignals(async () => {
  for (const close of closers) await close().catch(() => undefined);
}, createLogger('start'));
