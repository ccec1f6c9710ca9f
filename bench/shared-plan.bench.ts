/**
 * `npm run bench`: latency of each party's main query through the whole stack, and the calls
 * each makes to the systems. Prints figures; asserts nothing (speed is measured, not tested).
 *   BENCH_ITERATIONS (default 50), STANDIN_LATENCY_MS (default 5: a system on the same LAN),
 *   SEED_SCALE=national for 60 000 clients.
 */
import { performance } from 'node:perf_hooks';
import { startStack } from '../test/stack.js';
import { ASSIGNED_ORDERS, PROVIDERS, SHARED_PLAN, SPENDING } from '../test/queries.js';

process.env.LOG_LEVEL ??= 'warn';
const iterations = Number(process.env.BENCH_ITERATIONS ?? 50);
const latencyMs = Number(process.env.STANDIN_LATENCY_MS ?? 5);
const t0 = performance.now();
const stack = await startStack({ faults: { latencyMs } });
console.log(
  `stack started in ${Math.round(performance.now() - t0)} ms (scale ${process.env.SEED_SCALE ?? 'trial'}, stand-in latency ${latencyMs} ms, ${iterations} iterations each)\n`,
);

const caseWorker = await stack.token({ role: 'CASE_WORKER', subject: 'cw-0001', municipalityCode: '205' });
const provider = await stack.token({ role: 'PROVIDER', subject: 'system-pr-0001', providerId: 'pr-0001' });
const analyst = await stack.token({ role: 'ANALYST', subject: 'analyst' });
const client = await stack.token({ role: 'CLIENT', subject: 'cl-00001', clientId: 'cl-00001' });

const cases = [
  ['shared plan, 1 service (case worker)', SHARED_PLAN, { id: 'cl-00001' }, caseWorker],
  ['shared plan, 30 services (case worker)', SHARED_PLAN, { id: 'cl-00002' }, caseWorker],
  ['assigned orders, 50 (provider)', ASSIGNED_ORDERS, { first: 50 }, provider],
  ['providers, 20 (client)', PROVIDERS, { first: 20, filter: { municipalityCode: '205' } }, client],
  ['spending report (analyst)', SPENDING, { from: '2026-01-01', to: '2026-10-31', groupBy: ['MUNICIPALITY', 'SERVICE_TYPE'] }, analyst],
] as const;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
console.log(
  'query'.padEnd(42),
  'p50 ms'.padStart(8),
  'p95 ms'.padStart(8),
  'max ms'.padStart(8),
  'FHIR calls'.padStart(11),
  'voucher calls'.padStart(14),
);
for (const [name, query, variables, token] of cases) {
  await stack.query(query, variables, token); // warm-up
  const times: number[] = [];
  let fhir = 0;
  let voucher = 0;
  let errors = 0;
  for (let i = 0; i < iterations; i++) {
    stack.systems.clientRecords.requests.reset();
    stack.systems.vouchers.requests.reset();
    const start = performance.now();
    const res = await stack.query(query, variables, token);
    times.push(performance.now() - start);
    if (res.errors) errors++;
    fhir = stack.systems.clientRecords.requests.count();
    voucher = stack.systems.vouchers.requests.count();
  }
  times.sort((a, b) => a - b);
  console.log(
    name.padEnd(42),
    pct(times, 50).toFixed(1).padStart(8),
    pct(times, 95).toFixed(1).padStart(8),
    times.at(-1)!.toFixed(1).padStart(8),
    String(fhir).padStart(11),
    String(voucher).padStart(14),
    errors ? `  ${errors} answers with errors` : '',
  );
}
await stack.close();
