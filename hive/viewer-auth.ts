/**
 * Hive Gateway plugin: verifies the caller's bearer token with our own verifier (gateway/auth:
 * JWKS in production, the dev issuer otherwise; the same claim shapes) and puts the viewer in
 * the context, where hive/viewer-signing.ts signs it for each subgraph. As at our gateway, a
 * request without a valid token gets UNAUTHENTICATED (401) and reaches no subgraph.
 */
import { bearerToken, verifyToken, type AuthConfig } from '../gateway/auth/index.js';
import { unauthenticated } from '../lib/errors.js';
import type { Viewer } from '../lib/viewer.js';

export interface ViewerAuthPlugin {
  onContextBuilding(payload: {
    context: { request?: { headers: { get(name: string): string | null } } };
    extendContext(extension: { viewer: Viewer }): void;
  }): Promise<void>;
}

export function useViewerAuth(auth: AuthConfig): ViewerAuthPlugin {
  return {
    async onContextBuilding({ context, extendContext }) {
      const viewer = await verifyToken(auth, bearerToken(context.request?.headers.get('authorization') ?? undefined));
      if (!viewer) throw unauthenticated();
      extendContext({ viewer });
    },
  };
}
