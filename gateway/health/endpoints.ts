/**
 * Health: `GET /health` answers 200 while the gateway process serves (liveness, the contract's
 * endpoint). `GET /ready` says whether the graph can answer: each existing system
 * (client-record-system, voucher-system, provider-catalogue, audit-log), each subgraph, and
 * Redis when configured, as `up` or `down` — 503 when a system or a subgraph is down.
 *
 * Where the systems' states come from: each subgraph's own `/ready` (lib/subgraph-server.ts)
 * checks the systems it uses, so the gateway asks the subgraphs and combines. A system is down
 * when any subgraph finds it down, or when the subgraph in front of it does not answer at all;
 * a subgraph that checks nothing yet vouches for its system by answering.
 *
 * Why Redis does not make the gateway unready: it only shares persisted queries and the
 * per-caller counts (rate limits, registration quotas), its errors are misses (gateway/cache)
 * and the counts fall back to memory (gateway/rate-limit) — the graph answers without it, and
 * taking every gateway out of the load balancer for it would turn a slower graph into no graph.
 *
 * What the answer never holds: URLs, hosts, error messages (readiness is public, without a
 * token). Why a down part is logged once, and checks are shared for a second: lib/readiness.ts.
 */
import type { Express } from 'express';
import { SYSTEM_NAMES, type SystemName } from '../../lib/errors.js';
import { createLogger } from '../../lib/log.js';
import { readiness, type Check } from '../../lib/readiness.js';

export const SYSTEMS: readonly SystemName[] = SYSTEM_NAMES;

export interface HealthOptions {
  /** Each subgraph's GraphQL URL; its readiness is `/ready` on the same origin. */
  subgraphs: Record<string, string>;
  /** The system each subgraph stands in front of (gateway/subgraph-fetch SYSTEM_OF_SUBGRAPH). */
  systemOf: Record<string, SystemName>;
  /** Redis, when configured: resolves when it answers. */
  redis?: (timeoutMs: number) => Promise<void>;
  /** Longest the gateway waits for a subgraph's readiness (which waits for its systems). */
  timeoutMs?: number;
}

interface SubgraphAnswer {
  answered: boolean;
  systems: Record<string, unknown>;
}

async function askSubgraph(url: string, timeoutMs: number): Promise<SubgraphAnswer> {
  try {
    const response = await fetch(new URL('/ready', url), { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await response.json().catch(() => null)) as { status?: unknown; systems?: unknown } | null;
    // 503 with its readiness body is an answer (some system is down); anything else is not.
    if ((response.status !== 200 && response.status !== 503) || typeof body?.status !== 'string') return { answered: false, systems: {} };
    return { answered: true, systems: body.systems && typeof body.systems === 'object' ? (body.systems as Record<string, unknown>) : {} };
  } catch {
    return { answered: false, systems: {} };
  }
}

export function mountHealth(app: Express, options: HealthOptions): void {
  const timeoutMs = options.timeoutMs ?? 2500;
  const subgraphNames = Object.keys(options.subgraphs);

  // One round of asking every subgraph, shared by the checks of one readiness run.
  let round: { at: number; answers: Promise<Record<string, SubgraphAnswer>> } | null = null;
  const answers = () => {
    if (!round || Date.now() - round.at > 500) {
      round = {
        at: Date.now(),
        answers: Promise.all(
          subgraphNames.map(async (name) => [name, await askSubgraph(options.subgraphs[name]!, timeoutMs)] as const),
        ).then(Object.fromEntries),
      };
    }
    return round.answers;
  };

  const checks: Record<string, Check> = {};
  for (const system of SYSTEMS) {
    checks[system] = async () => {
      const all = await answers();
      const front = subgraphNames.filter((name) => options.systemOf[name] === system);
      if (front.some((name) => !all[name]!.answered)) throw new Error(`the subgraph in front of ${system} does not answer`);
      const finders = subgraphNames.filter((name) => all[name]!.systems[system] === 'down');
      if (finders.length) throw new Error(`${finders.join(', ')} find ${system} down`);
    };
  }
  for (const name of subgraphNames) {
    checks[`subgraph:${name}`] = async () => {
      if (!(await answers())[name]!.answered) throw new Error(`subgraph ${name} does not answer`);
    };
  }
  if (options.redis) checks.redis = () => options.redis!(timeoutMs);
  const ready = readiness(checks, { timeoutMs: timeoutMs + 500, optional: ['redis'], log: createLogger('gateway-health') });

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const { ready: isReady, parts } = await ready();
    const pick = (prefix: string) =>
      Object.fromEntries(
        Object.entries(parts)
          .filter(([part]) => part.startsWith(prefix))
          .map(([part, state]) => [part.slice(prefix.length), state]),
      );
    res.status(isReady ? 200 : 503).json({
      status: isReady ? 'ready' : 'not ready',
      systems: Object.fromEntries(SYSTEMS.map((s) => [s, parts[s]])),
      subgraphs: pick('subgraph:'),
      ...(parts.redis ? { redis: parts.redis } : {}),
    });
  });
}
