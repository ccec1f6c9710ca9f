/**
 * `npm run bench`: each party's main query through the whole stack, each part its own process
 * (bench/stack.ts), under load from a process of its own (bench/load.ts, autocannon), at each
 * concurrency: requests/s, p50/p95/p99 latency, errors, the CPU each process spent per request
 * and each process's peak RSS. With `--peers`, Hive Gateway + Rust planner (hive/) serves the same
 * workloads over the same subgraph processes, in rounds interleaved with ours, and the ratios
 * ours / peer are printed. Warm-up rounds are not counted; figures are medians of the rounds.
 * Prints figures and asserts nothing: speed is measured here, never by tests. Figures taken
 * while the machine does other work are noise — compare runs of one quiet machine.
 */
import { fork } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Round, RoundResult } from './load.js';
import { parseOptions, type BenchOptions } from './options.js';
import { cpuMs, peakRssMb, REPO, resetPeakRss, type Part } from './processes.js';
import { nationalFigures, startClock } from './national.js';
import { startBenchStack, type BenchStack } from './stack.js';
import { WORKLOADS, type Workload } from './workloads.js';

let options: BenchOptions;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

interface Target {
  name: 'ours' | 'Hive+Rust';
  url: string;
  /** The processes that serve this target's requests: its gateway, the subgraphs and the stand-ins. */
  parts: Part[];
}

interface Sample {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  errors: number;
  /** CPU ms per request, by process name. */
  cpu: Record<string, number>;
  kinds: Record<string, number>;
}

interface Row extends Sample {
  target: Target['name'];
  concurrency: number;
}

/** The median of the finite values (a round with no completed request has no latency or CPU per request). */
const median = (xs: number[]) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;

const log = (line: string) => console.log(line);
log(
  `npm run bench: ${options.workloads.join(', ')} at concurrency ${options.concurrency.join(', ')}; ${options.rounds} round(s) of ${options.durationSeconds} s after ${options.warmupSeconds} s warm-up; scale ${options.scale}, stand-in latency ${options.latencyMs} ms${options.peers ? '; peers: Hive Gateway + Rust planner' : ''}`,
);
const clock = startClock(log);
const stack: BenchStack = await startBenchStack({
  scale: options.scale,
  latencyMs: options.latencyMs,
  peers: options.peers,
  tsx: options.tsx,
  log: clock.log,
});
process.once('SIGINT', () => void stack.close().finally(() => process.exit(130)));
// First, before any workload asks a report: the national figures' cold report is the stack's first.
if (options.scale === 'national')
  await nationalFigures(stack, clock, log).catch((error: Error) => log(`national figures: ${error.message}`));

const loader = fork(fileURLToPath(new URL('./load.ts', import.meta.url)), [], {
  execArgv: ['--import', pathToFileURL(`${REPO}node_modules/tsx/dist/esm/index.mjs`).href],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
function load(round: Round): Promise<RoundResult> {
  return new Promise((resolve, reject) => {
    loader.once('message', (message: { result?: RoundResult; error?: string }) =>
      message.result ? resolve(message.result) : reject(new Error(`load: ${message.error}`)),
    );
    loader.send(round);
  });
}

const ours = stack.parts.filter((p) => p.name !== 'Hive gateway');
const targets: Target[] = [{ name: 'ours', url: stack.gatewayUrl, parts: ours }];
if (stack.peerUrl) targets.push({ name: 'Hive+Rust', url: stack.peerUrl, parts: stack.parts.filter((p) => p.name !== 'gateway') });

/** One measured round: the processes' CPU read just before and just after the load. */
async function measure(target: Target, round: Round): Promise<Sample> {
  const before = target.parts.map((p) => cpuMs(p.pid));
  const result = await load(round);
  const after = target.parts.map((p) => cpuMs(p.pid));
  const sorted = [...result.latencies].sort((a, b) => a - b);
  // No request completed (a round shorter than one answer): no CPU per request to speak of.
  const n = result.requests || NaN;
  return {
    rps: result.requests / result.seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    requests: result.requests,
    errors: result.errors,
    kinds: result.kinds,
    cpu: Object.fromEntries(target.parts.map((p, i) => [p.name === 'Hive gateway' ? 'gateway' : p.name, (after[i] - before[i]) / n])),
  };
}

/** One request each way first: a workload that answers with errors is said so, with the first message. */
async function check(target: Target, workload: Workload, token: string): Promise<void> {
  const res = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: workload.query, variables: workload.variables }),
  });
  const answer = (await res.json().catch(() => ({}))) as { errors?: { message: string; extensions?: { code?: string } }[] };
  if (res.status !== 200 || answer.errors?.length) {
    const first = answer.errors?.[0];
    log(`  ! ${target.name}: HTTP ${res.status}${first ? `, ${first.extensions?.code ?? 'error'}: ${first.message}` : ''}`);
  }
}

const PROCESS_COLUMNS = ['gateway', 'client-records', 'vouchers', 'providers', 'audit', 'FHIR stand-in', 'voucher stand-in'];
const results = new Map<string, Row[]>();
try {
  for (const workload of WORKLOADS.filter((w) => options.workloads.includes(w.name))) {
    const maxCallers = Math.max(...options.concurrency);
    const tokens = await Promise.all(Array.from({ length: maxCallers }, (_, i) => stack.issuer.sign(workload.claims(i))));
    const token = tokens[0];
    const body = JSON.stringify({ query: workload.query, variables: workload.variables });
    log(`\n== ${workload.name}: ${workload.description}`);
    for (const target of targets) await check(target, workload, token);
    const rows: Row[] = [];
    const peaks: string[] = [];
    for (const connections of options.concurrency) {
      const round = (target: Target, seconds: number): Round => ({
        url: target.url,
        tokens: tokens.slice(0, connections),
        body,
        connections,
        durationSeconds: seconds,
      });
      for (const target of targets) await load(round(target, options.warmupSeconds));
      for (const part of stack.parts) resetPeakRss(part.pid);
      const samples = new Map<Target['name'], Sample[]>(targets.map((t) => [t.name, []]));
      for (let r = 0; r < options.rounds; r++) {
        // Interleaved, and each round the other one first: drift of the machine falls on both alike.
        const order = r % 2 ? [...targets].reverse() : targets;
        for (const target of order) samples.get(target.name)!.push(await measure(target, round(target, options.durationSeconds)));
      }
      for (const target of targets) {
        const s = samples.get(target.name)!;
        rows.push({
          target: target.name,
          concurrency: connections,
          rps: median(s.map((x) => x.rps)),
          p50: median(s.map((x) => x.p50)),
          p95: median(s.map((x) => x.p95)),
          p99: median(s.map((x) => x.p99)),
          requests: s.reduce((a, x) => a + x.requests, 0),
          errors: s.reduce((a, x) => a + x.errors, 0),
          kinds: s.reduce<Record<string, number>>((all, x) => {
            for (const [kind, n] of Object.entries(x.kinds)) all[kind] = (all[kind] ?? 0) + n;
            return all;
          }, {}),
          cpu: Object.fromEntries(Object.keys(s[0].cpu).map((name) => [name, median(s.map((x) => x.cpu[name]))])),
        });
      }
      peaks.push(`  c=${connections}: ${stack.parts.map((p) => `${p.name} ${Math.round(peakRssMb(p.pid))}`).join(', ')}`);
    }
    printTable(rows);
    log(`peak RSS, MB (all processes, over the rounds at each concurrency):\n${peaks.join('\n')}`);
    results.set(workload.name, rows);
  }
  if (targets.length > 1) printRatios(results);
} finally {
  loader.kill();
  await stack.close();
}

function printTable(rows: Row[]) {
  const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
  const head = [
    'gateway'.padEnd(10),
    'conc'.padStart(4),
    'req/s'.padStart(7),
    'p50 ms'.padStart(7),
    'p95 ms'.padStart(7),
    'p99 ms'.padStart(7),
    'errors'.padStart(10),
    '| CPU ms per request:',
    ...PROCESS_COLUMNS.map((c) => c.padStart(Math.max(c.length, 7))),
    'total'.padStart(7),
  ];
  log(head.join(' '));
  for (const row of rows) {
    const total = Object.values(row.cpu).reduce((a, b) => a + b, 0);
    log(
      [
        row.target.padEnd(10),
        String(row.concurrency).padStart(4),
        fixed(row.rps).padStart(7),
        fixed(row.p50).padStart(7),
        fixed(row.p95).padStart(7),
        fixed(row.p99).padStart(7),
        `${row.errors}/${row.requests}`.padStart(10),
        ' '.repeat('| CPU ms per request:'.length),
        ...PROCESS_COLUMNS.map((c) => fixed(row.cpu[c] ?? NaN).padStart(Math.max(c.length, 7))),
        fixed(total).padStart(7),
        Object.entries(row.kinds)
          .map(([kind, n]) => `${kind} ×${n}`)
          .join(', '),
      ]
        .join(' ')
        .trimEnd(),
    );
  }
}

function printRatios(all: Map<string, Row[]>) {
  log('\n== ours / Hive Gateway + Rust planner (throughput: above 1 is better; latency and CPU: below 1 is better)');
  log(
    [
      'workload'.padEnd(16),
      'conc'.padStart(4),
      'req/s'.padStart(7),
      'p50'.padStart(7),
      'p95'.padStart(7),
      'p99'.padStart(7),
      'gateway CPU/req'.padStart(16),
      'stack CPU/req'.padStart(14),
    ].join(' '),
  );
  const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? (a / b).toFixed(2) : '–');
  for (const [name, rows] of all) {
    for (const c of options.concurrency) {
      const a = rows.find((r) => r.target === 'ours' && r.concurrency === c)!;
      const b = rows.find((r) => r.target === 'Hive+Rust' && r.concurrency === c)!;
      const total = (r: Row) => Object.values(r.cpu).reduce((x, y) => x + y, 0);
      log(
        [
          name.padEnd(16),
          String(c).padStart(4),
          ratio(a.rps, b.rps).padStart(7),
          ratio(a.p50, b.p50).padStart(7),
          ratio(a.p95, b.p95).padStart(7),
          ratio(a.p99, b.p99).padStart(7),
          ratio(a.cpu.gateway, b.cpu.gateway).padStart(16),
          ratio(total(a), total(b)).padStart(14),
        ].join(' '),
      );
    }
  }
}
