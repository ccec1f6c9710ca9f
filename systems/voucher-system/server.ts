/**
 * Starts the voucher system stand-in: the OpenAPI document (also served at /openapi.yaml and
 * /openapi.json), the read and write endpoints over an in-memory store of the synthetic world,
 * and the shared latency and fault injection of systems/http.ts (503 as problem+json).
 */
import { readFileSync } from 'node:fs';
import type { Express } from 'express';
import { parse as parseYaml } from 'yaml';
import { getWorld, type World } from '../../seed/world.js';
import { serveStandIn, type RunningStandIn, type StandInOptions } from '../http.js';
import { readRoutes } from './api.js';
import { problem, problemHandler, sendProblem } from './problem.js';
import { VoucherStore } from './store.js';
import { writeRoutes } from './writes.js';

export const OPENAPI_PATH = new URL('./openapi.yaml', import.meta.url);

/** The OpenAPI document, as text and parsed. */
export function openApiDocument(): { yaml: string; json: Record<string, unknown> } {
  const yaml = readFileSync(OPENAPI_PATH, 'utf8');
  return { yaml, json: parseYaml(yaml) as Record<string, unknown> };
}

export async function startVoucherSystem(options: StandInOptions & { world?: World } = {}): Promise<RunningStandIn> {
  const store = new VoucherStore(options.world ?? getWorld());
  const document = openApiDocument();
  return serveStandIn(
    (app: Express) => {
      app.get('/openapi.yaml', (_req, res) => {
        res.type('application/yaml').send(document.yaml);
      });
      app.get('/openapi.json', (_req, res) => {
        res.json(document.json);
      });
      readRoutes(app, store);
      writeRoutes(app, store);
      app.use((req, res) => sendProblem(res, problem(404, `no resource at ${req.method} ${req.path}`, { instance: req.originalUrl })));
      app.use(problemHandler);
    },
    {
      ...options,
      unavailable: (res) => sendProblem(res, problem(503, 'the voucher system is temporarily unavailable; retry later')),
    },
  );
}
