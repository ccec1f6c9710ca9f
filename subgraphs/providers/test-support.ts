/**
 * Helpers for the providers subgraph's tests: viewers per role, a signed POST to the subgraph,
 * and the expectations computed independently from the deterministic world (seed/world.ts),
 * so the tests compare the SQL against plain JavaScript over the same source data.
 */
import { randomBytes } from 'node:crypto';
import { signViewer, VIEWER_HEADER, type Viewer } from '../../lib/viewer.js';
import { getWorld, type Offering, type Provider } from '../../seed/world.js';

export const secret = () => new TextEncoder().encode(randomBytes(32).toString('hex'));

const base = { municipalityCode: null, providerId: null, clientId: null };
export const viewers = {
  admin: { ...base, subject: 'admin-1', role: 'ADMIN' },
  client: { ...base, subject: 'client-cl-00001', role: 'CLIENT', clientId: 'cl-00001' },
  caseWorker: { ...base, subject: 'cw-0001', role: 'CASE_WORKER', municipalityCode: '205' },
  analyst: { ...base, subject: 'analyst-1', role: 'ANALYST' },
  provider: (providerId: string): Viewer => ({ ...base, subject: `system-${providerId}`, role: 'PROVIDER', providerId }),
} satisfies Record<string, Viewer | ((id: string) => Viewer)>;

export interface GqlResult<T = any> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

/** POSTs an operation; `as` is a viewer (signed with `key`), a raw header value, or null for none. */
export async function gql<T = any>(
  url: string,
  key: Uint8Array,
  as: Viewer | string | null,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GqlResult<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const body = JSON.stringify({ query, variables });
  if (typeof as === 'string') headers[VIEWER_HEADER] = as;
  else if (as) headers[VIEWER_HEADER] = await signViewer(as, key, { audience: 'providers', body });
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, ...((await response.json()) as object) };
}

export const codes = (r: GqlResult) => (r.errors ?? []).map((e) => e.extensions?.code);

// --- expectations from the world ------------------------------------------------------------

export const world = () => getWorld({ scale: 'trial', seed: 2026 });
const byNameThenId = (a: Provider, b: Provider) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function expectedProviders(filter: (p: Provider) => boolean): string[] {
  return world().providers.filter(filter).sort(byNameThenId).map((p) => p.id);
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
    .sort((a, b) => a.priceCents - b.priceCents || byNameThenId(provider.get(a.providerId)!, provider.get(b.providerId)!) || (a.id < b.id ? -1 : 1));
}
