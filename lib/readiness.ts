/**
 * Readiness: whether what a server needs answers — each named part `up` or `down`, nothing
 * more. The gateway's `/ready` (gateway/health) and every subgraph's (lib/subgraph-server.ts)
 * are built on this.
 *
 * Why so little in the answer: readiness is public (a load balancer asks it without a token),
 * so it names no URL, host or error — those go to the log. Why logged only when a part goes
 * down or comes back: a load balancer asks every few seconds, and an outage is one line, not
 * one a poll. Why checks are shared for a moment: anyone can call /ready, and each call would
 * otherwise fan out to every system.
 */
import type { Logger } from 'pino';

export type PartState = 'up' | 'down';

export interface Readiness {
  ready: boolean;
  parts: Record<string, PartState>;
}

/** A check resolves when its part answers and rejects (or outlasts the timeout) when not. */
export type Check = () => Promise<unknown>;

export interface ReadinessOptions {
  /** Longest a check may take before its part counts as down (default 1.5 s). */
  timeoutMs?: number;
  /** How long one result answers every caller (default 1 s). */
  shareMs?: number;
  /** Parts whose being down does not make the server unready (reported all the same). */
  optional?: string[];
  log?: Pick<Logger, 'warn' | 'info'>;
}

function within(check: Check, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    Promise.resolve().then(check),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

/** Returns a function that runs the checks (or shares a result of the last `shareMs`). */
export function readiness(checks: Record<string, Check>, options: ReadinessOptions = {}): () => Promise<Readiness> {
  const timeoutMs = options.timeoutMs ?? 1500;
  const shareMs = options.shareMs ?? 1000;
  const optional = new Set(options.optional ?? []);
  const last = new Map<string, PartState>();
  let shared: { at: number; result: Promise<Readiness> } | null = null;

  const run = async (): Promise<Readiness> => {
    const states = await Promise.all(
      Object.entries(checks).map(async ([part, check]) => {
        let state: PartState = 'up';
        let reason: string | undefined;
        try {
          await within(check, timeoutMs);
        } catch (error) {
          state = 'down';
          reason = (error as Error)?.message ?? String(error);
        }
        const before = last.get(part);
        if (state === 'down' && before !== 'down') options.log?.warn({ part, reason }, `${part} is down`);
        if (state === 'up' && before === 'down') options.log?.info({ part }, `${part} is back`);
        last.set(part, state);
        return [part, state] as const;
      }),
    );
    const parts = Object.fromEntries(states);
    return { ready: states.every(([part, state]) => state === 'up' || optional.has(part)), parts };
  };

  return () => {
    if (!shared || Date.now() - shared.at > shareMs) shared = { at: Date.now(), result: run() };
    return shared.result;
  };
}
