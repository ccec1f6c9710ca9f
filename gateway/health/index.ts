/**
 * Health: `GET /health` answers 200 while the gateway process serves (liveness, the contract's
 * endpoint); `GET /ready` also asks every subgraph's /health and answers 503 naming the ones
 * that do not answer (readiness, for a load balancer).
 */
import type { Express } from 'express';

export function mountHealth(app: Express, subgraphs: Record<string, string>, timeoutMs = 1500): void {
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const checks = await Promise.all(
      Object.entries(subgraphs).map(async ([name, url]) => {
        try {
          const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(timeoutMs) });
          return [name, response.ok ? 'ok' : `HTTP ${response.status}`] as const;
        } catch (error) {
          return [name, (error as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable'] as const;
        }
      }),
    );
    const ready = checks.every(([, state]) => state === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', subgraphs: Object.fromEntries(checks) });
  });
}
