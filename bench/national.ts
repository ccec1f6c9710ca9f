/**
 * `npm run bench -- --scale national`: the national figures of issue 12, point 5 — how long the
 * stack takes to become ready, and the analyst's spending report over a national year through
 * the gateway: cold (the first report after the stack is ready) and warm (the median of reports
 * asked one after another after it). Measured right after the stack starts, before any workload
 * has asked a report, so that "cold" is the first report the stack ever answers.
 *
 * Why from this process with fetch, one request at a time: the targets are a single analyst's
 * latency end to end (concurrency 1), not throughput; the HTTP client is warmed on /health first
 * so its own start is not counted as the stack's.
 */
import { cpus, loadavg } from 'node:os';
import { SPENDING } from '../test/queries.js';
import { todayInFinland } from '../lib/write-input.js';
import { cpuMs } from './processes.js';
import type { BenchStack } from './stack.js';
import { WORKLOADS } from './workloads.js';

export const NATIONAL_TARGETS = { readyMs: 30_000, coldMs: 300, warmMs: 10 };
const WARM_REPORTS = 20;

/** When the stack's start began, and when each line the stack logged while starting was logged. */
export interface StartClock {
  log: (line: string) => void;
  /** ms since the parts began to start. */
  elapsed(): number;
  /** How long the build before them took (0 with --tsx). */
  buildMs: number;
  lines: { ms: number; line: string }[];
}

/**
 * A clock for the stack's start: its log lines are passed on and remembered with their time.
 * Its zero is when the parts begin to start — after the build (bench/build.ts), which a
 * deployment does once, not at every start: the "built" line moves it there.
 */
export function startClock(log: (line: string) => void): StartClock {
  let t0 = performance.now();
  const clock: StartClock = {
    lines: [],
    buildMs: 0,
    elapsed: () => performance.now() - t0,
    log(line) {
      if (line.startsWith('built (')) {
        clock.buildMs = performance.now() - t0;
        t0 = performance.now();
      } else clock.lines.push({ ms: performance.now() - t0, line });
      log(line);
    },
  };
  return clock;
}

/** "A national year": the twelve whole months that have ended by today (a report covers only those). */
export function nationalYear(today = todayInFinland()): { from: string; to: string } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  // The last ended month, and the eleven before it.
  const last = new Date(Date.UTC(y, m - 1, 0));
  const first = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() - 11, 1));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

export interface NationalFigures {
  readyMs: number;
  coldMs: number;
  warmMs: number[];
  rows: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * Asks the spending workload's report over a national year, as an analyst, right after the stack
 * is ready (the clock, started before it, says how long its start took), and prints the
 * national figures block.
 */
export async function nationalFigures(stack: BenchStack, clock: StartClock, log: (line: string) => void): Promise<NationalFigures> {
  const readyMs = clock.elapsed();
  const spending = WORKLOADS.find((w) => w.name === 'spending')!;
  const token = await stack.issuer.sign(spending.claims(0));
  const variables = { ...spending.variables, ...nationalYear() };
  const groupBy = spending.variables.groupBy as string[];
  const body = JSON.stringify({ query: SPENDING, variables });
  await fetch(new URL('/health', stack.gatewayUrl)).then((r) => r.arrayBuffer());
  const report = async () => {
    const started = performance.now();
    const res = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    const answer = (await res.json()) as {
      data?: { spendingReport?: { rows: unknown[] } | null };
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    const ms = performance.now() - started;
    if (res.status !== 200 || answer.errors?.length || !answer.data?.spendingReport) {
      const first = answer.errors?.[0];
      throw new Error(`national report: HTTP ${res.status}${first ? `, ${first.extensions?.code ?? 'error'}: ${first.message}` : ''}`);
    }
    return { ms, rows: answer.data.spendingReport.rows.length };
  };
  // The CPU each process spent (the kernel's figures): unlike latency, not stretched by a busy machine.
  const cpu = () => stack.parts.map((p) => cpuMs(p.pid));
  const spent = (before: number[], after: number[], n: number) =>
    stack.parts
      .map((p, i) => ({ name: p.name, ms: (after[i]! - before[i]!) / n }))
      .filter((x) => x.ms > 0)
      .map((x) => `${x.name} ${x.ms.toFixed(1)}`)
      .join(', ');
  const c0 = cpu();
  const cold = await report();
  const c1 = cpu();
  const warmMs: number[] = [];
  for (let i = 0; i < WARM_REPORTS; i++) warmMs.push((await report()).ms);
  const c2 = cpu();

  const t = NATIONAL_TARGETS;
  const mark = (value: number, target: number) => (value <= target ? 'ok' : 'OVER');
  const sorted = [...warmMs].sort((a, b) => a - b);
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  log(`\n== national figures: the analyst's spending report ${variables.from}..${variables.to} by ${groupBy.join(', ')}`);
  log(`(load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores: figures of a busy machine are stretched)`);
  const built = clock.buildMs ? `; after the build, ${seconds(clock.buildMs)}` : '';
  log(`stack ready            ${seconds(readyMs).padStart(9)}  (target ≤ ${seconds(t.readyMs)}: ${mark(readyMs, t.readyMs)}${built})`);
  for (const { ms, line } of clock.lines.filter((l) => !l.line.startsWith('stack ready')))
    log(`  ${seconds(ms).padStart(7)}  ${line.replace(/:.*$/s, '')}`);
  log(
    `report, cold           ${`${cold.ms.toFixed(1)} ms`.padStart(9)}  (target ≤ ${t.coldMs} ms: ${mark(cold.ms, t.coldMs)}; ${cold.rows} rows)`,
  );
  log(`  CPU ms: ${spent(c0, c1, 1)}`);
  log(
    `report, warm (median)  ${`${median(warmMs).toFixed(1)} ms`.padStart(9)}  (target ≤ ${t.warmMs} ms: ${mark(median(warmMs), t.warmMs)}; ` +
      `${WARM_REPORTS} in a row, min ${sorted[0]!.toFixed(1)}, max ${sorted.at(-1)!.toFixed(1)} ms)`,
  );
  log(`  CPU ms per report: ${spent(c1, c2, WARM_REPORTS)}`);
  return { readyMs, coldMs: cold.ms, warmMs, rows: cold.rows };
}
