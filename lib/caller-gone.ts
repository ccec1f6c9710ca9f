/**
 * An AbortSignal for "the caller is gone": it aborts when the HTTP response closes before it was
 * sent in full — the client disconnected, or the gateway's time bound for a subgraph passed and
 * it cut the request. Work for that answer (calls to the existing systems above all) can stop.
 */
import type { ServerResponse } from 'node:http';

export function abortedWhenGone(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new Error('the caller closed the request'));
  });
  return controller.signal;
}
