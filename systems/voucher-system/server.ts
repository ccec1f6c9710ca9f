/**
 * Starts the voucher system stand-in: the OpenAPI document (also served at /openapi.yaml and
 * /openapi.json), the token endpoint of the OAuth 2.0 client credentials grant (auth.ts), the
 * read and write endpoints — each requiring a bearer token — over an in-memory store of the
 * synthetic world, and the shared latency and fault injection of systems/http.ts (503 as
 * problem+json).
 */
import { readFileSync } from 'node:fs';
import type { Express } from 'express';
import { parse as parseYaml } from 'yaml';
import { getWorld, type World } from '../../seed/world.js';
import { serveStandIn, type StandInOptions } from '../http.js';
import type { SecuredStandIn } from '../oauth.js';
import { readRoutes } from './api.js';
import { voucherAuth, type VoucherAuthOptions } from './auth.js';
import { problem, problemHandler, sendProblem } from './problem.js';
import { VoucherStore } from './store.js';
import { writeRoutes } from './writes.js';

export const OPENAPI_PATH = new URL('./openapi.yaml', import.meta.url);

/** The OpenAPI document, as text and parsed. */
export function openApiDocument(): { yaml: string; json: Record<string, unknown> } {
  const yaml = readFileSync(OPENAPI_PATH, 'utf8');
  return { yaml, json: parseYaml(yaml) as Record<string, unknown> };
}

/** `clients`: who may call — every API request needs a token one of them obtained. */
export type VoucherSystemOptions = StandInOptions & VoucherAuthOptions & { world?: World };

export async function startVoucherSystem(options: VoucherSystemOptions): Promise<SecuredStandIn> {
  const store = new VoucherStore(options.world ?? getWorld());
  const document = openApiDocument();
  let revokeAll = () => {};
  const running = await serveStandIn(
    (app: Express) => {
      app.get('/openapi.yaml', (_req, res) => {
        res.type('application/yaml').send(document.yaml);
      });
      app.get('/openapi.json', (_req, res) => {
        res.json(document.json);
      });
      // The document and the token endpoint are open; everything after them needs a token.
      const auth = voucherAuth(app, options);
      revokeAll = auth.revokeAll;
      app.use(auth.requireToken);
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
  return { ...running, revokeTokens: () => revokeAll() };
}
