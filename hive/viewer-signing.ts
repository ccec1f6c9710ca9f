/**
 * Hive Gateway plugin: each subgraph request carries the verified viewer in the same signed
 * header our gateway sends (lib/viewer.ts, gateway/signing) — audience = the subgraph's name,
 * `bh` = SHA-256 of the exact body bytes, a fresh `jti` — so our subgraphs, which refuse every
 * unsigned request, serve Hive Gateway exactly as they serve our gateway.
 *
 * Why `onFetch`: the header must hash the bytes that are sent, and only the fetch sees them.
 *
 * Why a per-request key in `onSubgraphExecute`: Hive's HTTP executor (@graphql-tools/executor-http)
 * merges concurrent identical subgraph queries into one fetch ("inflight deduplication"), keyed
 * on URL, method, body and the headers set *before* `onFetch` — not the ones `onFetch` adds. Two
 * viewers asking the same question at once would share one fetch, signed for the first of
 * them, and the second would get the first one's data. So every incoming request gets a random
 * id of its own (never the caller's x-request-id, which a caller chooses) in the executor's
 * headers: it is part of the key, so a fetch is only ever shared within one request, one viewer.
 */
import { randomUUID } from 'node:crypto';
import { REQUEST_ID_HEADER } from '../lib/request-id.js';
import { SUBGRAPHS, type SubgraphName } from '../lib/subgraphs.js';
import { VIEWER_HEADER, signViewer, type Viewer } from '../lib/viewer.js';

/** The part of a Hive Gateway plugin this one uses (its types are Hive's; kept structural so the product needs no Hive package). */
export interface ViewerSigningPlugin {
  onSubgraphExecute(payload: {
    subgraphName: string;
    transportEntry?: { location?: string };
    executionRequest: { context?: unknown; extensions?: Record<string, any> };
  }): void;
  onFetch(payload: {
    url: string;
    options: { body?: unknown; headers?: unknown };
    setOptions(options: any): void;
    context?: unknown;
  }): Promise<void> | void;
}

export interface ViewerSigningOptions {
  /** The secret our subgraphs verify the header with (SUBGRAPH_SIGNING_SECRET). */
  secret: Uint8Array;
  /** The verified viewer of a request's context; `context.viewer` (hive/viewer-auth.ts puts it there). */
  viewerOf?: (context: unknown) => Viewer | undefined;
}

const NAMES = new Set<string>(SUBGRAPHS.map((s) => s.name));

export function useViewerSigning({
  secret,
  viewerOf = (c) => (c as { viewer?: Viewer } | undefined)?.viewer,
}: ViewerSigningOptions): ViewerSigningPlugin {
  /** Subgraph of each URL, learnt from the transport entries (the fetch sees only the URL). */
  const subgraphAt = new Map<string, SubgraphName>();
  /** The dedupe key of each incoming request, by its context object. */
  const keyOf = new WeakMap<object, string>();
  return {
    onSubgraphExecute({ subgraphName, transportEntry, executionRequest }) {
      if (transportEntry?.location && NAMES.has(subgraphName)) subgraphAt.set(transportEntry.location, subgraphName as SubgraphName);
      const context = executionRequest.context;
      let key = typeof context === 'object' && context ? keyOf.get(context) : undefined;
      if (!key) {
        key = randomUUID();
        if (typeof context === 'object' && context) keyOf.set(context, key);
      }
      const extensions = executionRequest.extensions ?? {};
      executionRequest.extensions = { ...extensions, headers: { ...extensions.headers, [REQUEST_ID_HEADER]: key } };
    },
    async onFetch({ url, options, setOptions, context }) {
      const subgraph = subgraphAt.get(url);
      const viewer = viewerOf(context);
      // No viewer, an unknown URL or a body that is not text: no header, and the subgraph refuses the fetch.
      if (!subgraph || !viewer || typeof options.body !== 'string') return;
      const header = await signViewer(viewer, secret, { audience: subgraph, body: options.body });
      setOptions({ ...options, headers: { ...headersOf(options.headers), [VIEWER_HEADER]: header } });
    },
  };
}

function headersOf(headers: unknown): Record<string, string> {
  if (!headers) return {};
  if (typeof (headers as Headers).forEach === 'function' && !Array.isArray(headers)) {
    const plain: Record<string, string> = {};
    (headers as Headers).forEach((value, name) => (plain[name] = value));
    return plain;
  }
  return Object.fromEntries(Array.isArray(headers) ? headers : Object.entries(headers as Record<string, string>));
}
