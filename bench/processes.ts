/**
 * The parts of the stack as processes of their own, and what the kernel says each one cost:
 * CPU time (utime + stime of /proc/<pid>/stat, all its threads) and peak resident memory
 * (VmHWM of /proc/<pid>/status, which writing "5" to /proc/<pid>/clear_refs starts afresh).
 * Linux only: the figures are the kernel's, not the process's own view of itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort, watchProcess } from '../test/support/processes.js';

export const REPO = fileURLToPath(new URL('..', import.meta.url));
const TSX = pathToFileURL(`${REPO}node_modules/tsx/dist/esm/index.mjs`).href;
const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux the kernel ABI promises it to userland

export interface Part {
  /** What the tables call it: gateway, providers, FHIR stand-in… */
  name: string;
  pid: number;
  child: ChildProcess;
  /** Resolves when the output matches; rejects when the process exits first or `ms` pass. */
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  output(): string;
  stop(): Promise<void>;
}

export { freePort };

/**
 * Starts `script` (a path in the repository) in `cwd`, with exactly `env` (and PATH): from
 * `built` (a build of the repository, bench/build.ts) as `node <built>/<script>.js` when given
 * and the build holds it — as a deployment runs it — else from the source with node + tsx;
 * `nodeArgs` are node's own flags, those the deployment gives the part (Dockerfile, compose.yaml).
 */
export function startPart(
  name: string,
  script: string,
  cwd: string,
  env: Record<string, string>,
  built?: string,
  nodeArgs: readonly string[] = [],
): Part {
  // In `cwd` (the run's own directory): no checkout's .env or .data/ is read, none is written.
  // BENCH_CPU_PROF=gateway,vouchers (part names, or "all"): those parts write V8 CPU profiles
  // (--cpu-prof, one a thread) into BENCH_CPU_PROF_DIR (./bench-profiles)/<part> when they stop — "profile first".
  const profiled = (process.env.BENCH_CPU_PROF ?? '').split(',').map((s) => s.trim());
  const profile =
    profiled.includes(name) || profiled.includes('all')
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR ?? `${process.cwd()}/bench-profiles`}/${name.replace(/\W+/g, '-')}`]
      : [];
  const compiled = built && join(built, script.replace(/\.ts$/, '.js'));
  const entry = compiled && existsSync(compiled) ? [compiled] : ['--import', TSX, `${REPO}${script}`];
  const child = spawn(process.execPath, [...nodeArgs, ...profile, ...entry], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Only the tail of the output: a part that logs under load must not grow the benchmark's memory.
  const watched = watchProcess(child, name, 20_000);
  return {
    name,
    pid: child.pid!,
    child,
    exited: watched.exited,
    output: watched.output,
    waitFor: (pattern, ms = 300_000) => watched.waitFor(pattern, ms),
    async stop() {
      await watched.stop(15_000);
    },
  };
}

/** CPU time the process has used so far (user + system, all threads), in ms. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [utime, stime] = [Number(fields[11]), Number(fields[12])];
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}

/** The most resident memory the process has had since it started or since resetPeakRss, in MB. */
export function peakRssMb(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** Starts the peak (VmHWM) afresh from the current resident size; false where the kernel refuses. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
