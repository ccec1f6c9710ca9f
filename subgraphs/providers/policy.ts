/**
 * Who sees what in the provider catalogue — the ONE place these rules live (DESIGN.md
 * principle 3: gateway authenticates, subgraphs authorise). Resolvers and the repository ask
 * this module; none of them compares roles themselves.
 *
 * The rules:
 * - reference data (service types, municipalities) is public to every authenticated viewer;
 * - APPROVED providers and their offerings are public to every authenticated viewer;
 * - SUSPENDED providers are readable by id and as entities to every authenticated viewer, so an
 *   order made with one stays readable, but are left out of lists (except for an ADMIN and the
 *   provider itself) and are never offered;
 * - APPLIED and REJECTED providers are seen only by an ADMIN and by the provider itself; for
 *   everyone else they do not exist (left out of lists, null by id and as an entity);
 * - contact details (email, phone) are for the parties who contact a provider: clients, case
 *   workers, administrators and the provider itself — not analysts, nor other providers;
 * - the application's details (IBAN, when applied and decided, the reason kept with a decision)
 *   are the provider's own and the administrators': null for everyone else;
 * - only APPROVED providers' current (not withdrawn) offerings are offered for choosing
 *   (availableOfferings), whoever asks.
 * Writes (provider-writes.ts asks these):
 * - applyAsProvider: a PROVIDER, for its token's provider id, while that record is absent,
 *   APPLIED (the application is replaced) or REJECTED (it applies again); an APPROVED or
 *   SUSPENDED record is CONFLICT;
 * - setOffering / removeOffering: a PROVIDER for itself, while APPLIED or APPROVED; REJECTED or
 *   SUSPENDED is FORBIDDEN, no record at all NOT_FOUND;
 * - decideProviderApplication / suspendProvider: ADMIN only.
 * Everyone else is FORBIDDEN.
 *
 * Why rules are data (ProviderScope) as well as predicates: lists are filtered in SQL, so that
 * paging and totalCount are right, while rows loaded by id are checked one by one; both come
 * from the same scope, so they cannot disagree.
 */
import type { Viewer } from '../../lib/viewer.js';
import type { ProviderStatus } from './db/schema.js';

export interface ProviderScope {
  /** Statuses visible to the viewer for any provider. */
  statuses: readonly ProviderStatus[];
  /** A provider visible whatever its status (a provider viewing itself), or null. */
  ownProviderId: string | null;
  /** Only providers in this status (ProviderFilter.status), within the above; null for any. */
  onlyStatus?: ProviderStatus | null;
}

const ALL_STATUSES: readonly ProviderStatus[] = ['APPLIED', 'APPROVED', 'SUSPENDED', 'REJECTED'];
const PUBLIC_STATUSES: readonly ProviderStatus[] = ['APPROVED'];
/** Statuses readable by id (an order's provider): the public ones and SUSPENDED. */
const READABLE_BY_ID_STATUSES: readonly ProviderStatus[] = ['APPROVED', 'SUSPENDED'];

const ownProviderId = (viewer: Viewer) => (viewer.role === 'PROVIDER' ? viewer.providerId : null);

/**
 * The providers a viewer may list, as the repository turns it into a WHERE clause; narrowed to
 * one status when the viewer asked for it (ProviderFilter.status) — it never widens the scope.
 */
export function providerScope(viewer: Viewer, status?: ProviderStatus | null): ProviderScope {
  const onlyStatus = status ?? null;
  if (viewer.role === 'ADMIN') return { statuses: ALL_STATUSES, ownProviderId: null, onlyStatus };
  return { statuses: PUBLIC_STATUSES, ownProviderId: ownProviderId(viewer), onlyStatus };
}

export function inScope(scope: ProviderScope, provider: { id: string; status: ProviderStatus }): boolean {
  if (scope.onlyStatus && provider.status !== scope.onlyStatus) return false;
  return scope.statuses.includes(provider.status) || provider.id === scope.ownProviderId;
}

/** A provider (and with it its offerings) loaded by id or as an entity: may this viewer see it? */
export function canSeeProvider(viewer: Viewer, provider: { id: string; status: ProviderStatus }): boolean {
  return viewer.role === 'ADMIN' || provider.id === ownProviderId(viewer) || READABLE_BY_ID_STATUSES.includes(provider.status);
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

/** May this viewer read the application's details: IBAN, appliedAt, decidedAt, statusReason? */
export function canSeeApplication(viewer: Viewer, provider: { id: string }): boolean {
  return viewer.role === 'ADMIN' || provider.id === ownProviderId(viewer);
}

/** Statuses whose offerings a client may choose from (PlannedService.availableOfferings). */
export const OFFERABLE_STATUSES: readonly ProviderStatus[] = ['APPROVED'];

// ---- writes -----------------------------------------------------------------------------------

/** The provider a viewer may apply as and edit the offerings of (its token's id), or null. */
export function selfProviderId(viewer: Viewer): string | null {
  return ownProviderId(viewer);
}

/** Statuses from which a provider may (re)apply: none yet (null), a pending or a rejected application. */
export function mayApplyFrom(status: ProviderStatus | null): boolean {
  return status === null || status === 'APPLIED' || status === 'REJECTED';
}

/** Statuses in which a provider keeps its own offerings. */
export function mayEditOfferingsIn(status: ProviderStatus): boolean {
  return status === 'APPLIED' || status === 'APPROVED';
}

/** Deciding applications and suspending providers: administrators. */
export function mayDecideProviders(viewer: Viewer): boolean {
  return viewer.role === 'ADMIN';
}

/** Reference data is public inside the graph; the gateway has already authenticated the viewer. */
export function canSeeReferenceData(_viewer: Viewer): boolean {
  return true;
}

// ---- webhooks (subgraphs/providers/webhooks) ----------------------------------------------------

/**
 * Whose webhook this viewer may set, read and remove: a provider's system, its own only (its
 * token's provider id); null for everyone else (FORBIDDEN for the writes, null for the read).
 */
export function webhookOwner(viewer: Viewer): string | null {
  return viewer.role === 'PROVIDER' ? viewer.providerId : null;
}

/**
 * Statuses whose provider may keep a webhook: an applicant hears of its application's fate
 * through the graph anyway, and a suspended provider still has orders and payments to hear of;
 * a REJECTED one has nothing (FORBIDDEN). No record at all is NOT_FOUND.
 */
export const WEBHOOK_STATUSES: readonly ProviderStatus[] = ['APPLIED', 'APPROVED', 'SUSPENDED'];

/** Provider.webhook: the provider itself (the secret is never shown again, even to it). */
export function canSeeWebhook(viewer: Viewer, provider: { id: string }): boolean {
  return webhookOwner(viewer) === provider.id;
}

/** Provider.webhookDeliveries: the provider itself and administrators. */
export function canSeeWebhookDeliveries(viewer: Viewer, provider: { id: string }): boolean {
  return viewer.role === 'ADMIN' || webhookOwner(viewer) === provider.id;
}

/**
 * recordProviderEvents (internal, @inaccessible: the gateway never routes it, so only a
 * subgraph holding the signing secret reaches it) on behalf of the viewer whose write caused
 * the events. Analysts write nothing, so nothing they do causes an event.
 */
export function mayRecordProviderEvents(viewer: Viewer): boolean {
  return viewer.role !== 'ANALYST';
}
