/**
 * Runs a part of the stack as its own process, the way people run it (`npm start` is
 * `tsx scripts/start.ts`), in a working directory of the test's choosing — a fresh checkout's
 * `.data/` — with only the environment the test gives it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const TSX = pathToFileURL(`${REPO}node_modules/tsx/dist/esm/index.mjs`).href;
/** Preloaded into every process: records its outbound connection attempts (record-outbound.mjs). */
const RECORD_OUTBOUND = new URL('./record-outbound.mjs', import.meta.url).href;

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves when the output matches; rejects when the process exits first or `ms` pass. */
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
  /** SIGTERM (a graceful stop, as Ctrl-C or an orchestrator does), then the exit code. */
  stop(ms?: number): Promise<number | null>;
}

/** A free port on loopback (the processes' settings refuse port 0). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts `script` (a path in the repository) with node + tsx, in `cwd`, with exactly `env` (and PATH). */
export function runPart(script: string, cwd: string, env: Record<string, string>): RunningProcess {
  const child = spawn(process.execPath, ['--import', TSX, '--import', RECORD_OUTBOUND, `${REPO}${script}`], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { child, ...watchProcess(child, script) };
}

/**
 * What a test or the benchmark needs of a child process it started with piped output: its output
 * so far (only the last `keep` characters, so a part that logs under load grows nobody's memory),
 * a wait for a line, its exit, and a graceful stop (SIGTERM, then SIGKILL after `ms`).
 */
export function watchProcess(child: ChildProcess, label: string, keep = Infinity) {
  let text = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    text = keep === Infinity ? text + chunk.toString('utf8') : (text + chunk.toString('utf8')).slice(-keep);
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    exited,
    output: () => text,
    waitFor(pattern: RegExp, ms = 90_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(text)) return;
          done();
          resolve();
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${label}: no ${pattern} within ${ms} ms; output:\n${text.slice(-3000)}`));
        }, ms);
        void exited.then((code) => {
          done();
          reject(new Error(`${label} exited (${code}) before ${pattern}; output:\n${text.slice(-3000)}`));
        });
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    async stop(ms = 20_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), ms);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
