/**
 * Subgraph requests carry the verified viewer in a signed header (lib/viewer.ts), so the
 * subgraphs can trust who is asking without re-verifying user tokens — and refuse anyone who
 * calls them directly. Each fetch is signed on its own, for its subgraph and its exact body, so
 * a header seen on the way is good for nothing else.
 *
 * Why the fetch signs, not willSendRequest: RemoteGraphQLDataSource serialises the body just
 * before the fetch, after willSendRequest, and the header must hash those bytes — so the
 * subgraph fetch (gateway/subgraph-fetch) asks for the header with the body in hand.
 */
import type { SubgraphName } from '../../lib/subgraphs.js';
import { VIEWER_HEADER, signViewer, type Viewer } from '../../lib/viewer.js';

/** Headers that sign one fetch for its viewer (`undefined` when the fetch has none). */
export type FetchSigner = (viewer: Viewer | undefined, subgraph: SubgraphName, body: string) => Promise<Record<string, string>>;

/**
 * Signs with the gateway's secret. No viewer, no header: the subgraphs refuse the fetch, which
 * is the point — nothing reaches them on the gateway's authority alone.
 */
export function viewerSigner(secret: Uint8Array): FetchSigner {
  return async (viewer, subgraph, body): Promise<Record<string, string>> => {
    if (!viewer) return {};
    return { [VIEWER_HEADER]: await signViewer(viewer, secret, { audience: subgraph, body }) };
  };
}
