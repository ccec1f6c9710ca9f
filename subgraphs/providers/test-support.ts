/**
 * The providers subgraph's tests: the parties they act as (from test/support's claims), and
 * the expectations computed independently from the deterministic world (seed/world.ts), so
 * the tests compare the SQL against plain JavaScript over the same source data. Sending
 * operations and reading error codes is test/support's.
 */
import type { Viewer } from '../../lib/viewer.js';
import { getWorld, type Offering, type Provider } from '../../seed/world.js';
import { claims, subgraphClient, viewerOf } from '../../test/support/index.js';

export const viewers = {
  admin: viewerOf(claims.admin('admin-1')),
  client: viewerOf(claims.client('cl-00001', 'client-cl-00001')),
  caseWorker: viewerOf(claims.caseWorker()),
  analyst: viewerOf(claims.analyst('analyst-1')),
  provider: (providerId: string): Viewer => viewerOf(claims.provider(providerId)),
};

/** A client for a providers subgraph signing with `secret`: `gql(as, query, variables)`. */
export const providersClient = (url: string | (() => string), secret: Uint8Array) => subgraphClient({ url, secret, audience: 'providers' });

// --- expectations from the world ------------------------------------------------------------

export const world = () => getWorld({ scale: 'trial', seed: 2026 });
const byNameThenId = (a: Provider, b: Provider) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function expectedProviders(filter: (p: Provider) => boolean): string[] {
  return world()
    .providers.filter(filter)
    .sort(byNameThenId)
    .map((p) => p.id);
}

/** Approved providers' offerings of a type in a municipality, cheapest first, ties by provider name. */
export function expectedOfferable(serviceTypeCode: string, municipalityCode: string): Offering[] {
  const w = world();
  const provider = new Map(w.providers.map((p) => [p.id, p]));
  return w.offerings
    .filter((o) => {
      const p = provider.get(o.providerId)!;
      return o.serviceTypeCode === serviceTypeCode && p.status === 'APPROVED' && p.municipalityCodes.includes(municipalityCode);
    })
    .sort(
      (a, b) =>
        a.priceCents - b.priceCents || byNameThenId(provider.get(a.providerId)!, provider.get(b.providerId)!) || (a.id < b.id ? -1 : 1),
    );
}
