/**
 * helmet's headers, found once at the start and set on every answer as a list: with options that
 * depend on no request (no CSP directive is a function), each of its dozen middlewares sets the
 * same header on every answer, and running them per request was a percent or more of a process's
 * CPU (the subgraphs', and the gateway's on small answers). Used by the gateway
 * (gateway/browser/headers.ts) and every subgraph (lib/subgraph-server.ts).
 */
import type { RequestHandler } from 'express';

/** Runs `middleware` once on a recorder; the handler it returns sets what it set, removes what it removed. */
export function presetHeaders(middleware: (req: never, res: never, next: (error?: unknown) => void) => void): RequestHandler {
  const set: [string, string | number | readonly string[]][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => void set.push([name, value]),
    removeHeader: (name: string) => void removed.push(name),
  };
  let failed: unknown;
  let called = false;
  middleware({} as never, recorder as never, (error) => {
    called = true;
    failed = error;
  });
  if (failed) throw failed;
  // A middleware that reads the request (or answers it) cannot be preset: better to refuse at start.
  if (!called) throw new Error('presetHeaders: the middleware did not pass the request on; its headers depend on the request');
  return (_req, res, next) => {
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}
