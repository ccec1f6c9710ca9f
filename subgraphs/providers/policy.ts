/**
 * Who sees what in the provider catalogue — the ONE place these rules live (DESIGN.md
 * principle 3: gateway authenticates, subgraphs authorise). Resolvers and the repository ask
 * this module; none of them compares roles themselves.
 *
 * The rules for now:
 * - reference data (service types, municipalities) is public to every authenticated viewer;
 * - APPROVED providers and their offerings are public to every authenticated viewer;
 * - APPLIED, SUSPENDED and REJECTED providers are seen only by an ADMIN, and by a PROVIDER
 *   when it is that provider; for everyone else they do not exist (left out of lists, null by
 *   id and as an entity);
 * - contact details (email, phone) are for the parties who contact a provider: clients, case
 *   workers, administrators and the provider itself — not analysts, nor other providers;
 * - only APPROVED providers are offered for choosing (availableOfferings), whoever asks.
 *
 * Why rules are data (ProviderScope) as well as predicates: lists are filtered in SQL, so that
 * paging and totalCount are right, while rows loaded by id are checked one by one; both come
 * from the same scope, so they cannot disagree. The later access model extends the scope.
 */
import type { Viewer } from '../../lib/viewer.js';
import type { ProviderStatus } from './db/schema.js';

export interface ProviderScope {
  /** Statuses visible to the viewer for any provider. */
  statuses: readonly ProviderStatus[];
  /** A provider visible whatever its status (a provider viewing itself), or null. */
  ownProviderId: string | null;
}

const ALL_STATUSES: readonly ProviderStatus[] = ['APPLIED', 'APPROVED', 'SUSPENDED', 'REJECTED'];
const PUBLIC_STATUSES: readonly ProviderStatus[] = ['APPROVED'];

/** The providers a viewer may see, as the repository turns it into a WHERE clause. */
export function providerScope(viewer: Viewer): ProviderScope {
  if (viewer.role === 'ADMIN') return { statuses: ALL_STATUSES, ownProviderId: null };
  return { statuses: PUBLIC_STATUSES, ownProviderId: viewer.role === 'PROVIDER' ? viewer.providerId : null };
}

export function inScope(scope: ProviderScope, provider: { id: string; status: ProviderStatus }): boolean {
  return scope.statuses.includes(provider.status) || provider.id === scope.ownProviderId;
}

/** A provider (and with it its offerings) loaded by id: may this viewer see it? */
export function canSeeProvider(viewer: Viewer, provider: { id: string; status: ProviderStatus }): boolean {
  return inScope(providerScope(viewer), provider);
}

/** May this viewer read the provider's email and phone? (Only asked for a visible provider.) */
export function canSeeContact(viewer: Viewer, provider: { id: string }): boolean {
  switch (viewer.role) {
    case 'CLIENT':
    case 'CASE_WORKER':
    case 'ADMIN':
      return true;
    case 'PROVIDER':
      return viewer.providerId === provider.id;
    case 'ANALYST':
      return false;
  }
}

/** Statuses whose offerings a client may choose from (PlannedService.availableOfferings). */
export const OFFERABLE_STATUSES: readonly ProviderStatus[] = ['APPROVED'];

/** Reference data is public inside the graph; the gateway has already authenticated the viewer. */
export function canSeeReferenceData(_viewer: Viewer): boolean {
  return true;
}
