/**
 * Who sees and writes what in the provider catalogue — the ONE place these rules live (docs/architecture.md
 * principle 3), in every subgraph's shape (lib/access-policy.ts): `buildPolicy(viewer)` is the
 * policy as data, and `ProviderPolicy` — `ctx.policy` — the one entry point of the resolvers,
 * the repository's lists and the writes. None of them compares roles themselves.
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
 * - the webhook is the provider's own (the secret is never shown again, even to it); its
 *   deliveries the provider's and the administrators';
 * - only APPROVED providers' current (not withdrawn) offerings are offered for choosing
 *   (availableOfferings), whoever asks.
 * Writes:
 * - applyAsProvider: a PROVIDER, for its token's provider id (the status rule is `mayApplyFrom`:
 *   an APPROVED or SUSPENDED record is CONFLICT);
 * - setOffering / removeOffering: a PROVIDER for itself, while APPLIED or APPROVED; REJECTED or
 *   SUSPENDED is FORBIDDEN, no record at all NOT_FOUND;
 * - setWebhook / removeWebhook: a PROVIDER for itself, while APPLIED, APPROVED or SUSPENDED (an
 *   applicant hears of its application anyway, a suspended provider still has orders and payments
 *   to hear of; a REJECTED one has nothing);
 * - decideProviderApplication / suspendProvider: ADMIN only;
 * - recordProviderEvents (internal, @inaccessible: only a subgraph holding the signing secret
 *   reaches it) on behalf of the viewer whose write caused the events: anyone but an analyst,
 *   who writes nothing.
 * Everyone else is FORBIDDEN.
 *
 * Why data: lists are filtered in SQL, so that paging and totalCount are right, while rows
 * loaded by id are checked one by one; both come from the same grant, so they cannot disagree.
 */
import { ALL, AccessPolicy, NONE, only, type Access, type PolicyData } from '../../lib/access-policy.js';
import { PROVIDER_STATUSES } from '../../lib/__generated__/enums.js';
import { forbidden } from '../../lib/errors.js';
import type { Viewer } from '../../lib/viewer.js';
import type { ProviderStatus } from './db/schema.js';

/** Provider (facts: id, status; its offerings go with it) and the public reference data. */
type Kind = 'Provider' | 'ReferenceData';
type Write = 'applyAsProvider' | 'editOfferings' | 'keepWebhook' | 'decideProviders' | 'recordProviderEvents';

/** Fields of a Provider only some viewers read. */
type ProviderField = 'email' | 'phone' | 'iban' | 'appliedAt' | 'decidedAt' | 'statusReason' | 'webhook' | 'webhookDeliveries';
const CONTACT: readonly ProviderField[] = ['email', 'phone'];
const APPLICATION: readonly ProviderField[] = ['iban', 'appliedAt', 'decidedAt', 'statusReason'];
const OWN: readonly ProviderField[] = ['webhook', 'webhookDeliveries'];

/** Another party's view of the catalogue: approved providers listed, suspended ones by id only. */
const published = (hidden: readonly ProviderField[]): Access<ProviderField>[] => [
  { where: { status: 'APPROVED' }, hidden },
  { where: { status: 'SUSPENDED' }, hidden, unlisted: true },
];

/** The policy as data: which providers this viewer reaches and which of their fields it reads; what it may write. */
export function buildPolicy(viewer: Viewer): PolicyData<Kind, Write> {
  const writes = { applyAsProvider: NONE, editOfferings: NONE, keepWebhook: NONE, decideProviders: NONE, recordProviderEvents: ALL };
  switch (viewer.role) {
    case 'ADMIN':
      return {
        read: { Provider: [{ where: 'all', hidden: ['webhook'] }], ReferenceData: ALL },
        write: { ...writes, decideProviders: ALL },
      };
    case 'PROVIDER': {
      const self = viewer.providerId;
      return {
        read: { Provider: [...only('id', self), ...published([...CONTACT, ...APPLICATION, ...OWN])], ReferenceData: ALL },
        write: {
          ...writes,
          applyAsProvider: only('id', self),
          editOfferings: self ? [{ where: { id: self, status: ['APPLIED', 'APPROVED'] } }] : NONE,
          keepWebhook: self ? [{ where: { id: self, status: ['APPLIED', 'APPROVED', 'SUSPENDED'] } }] : NONE,
        },
      };
    }
    case 'CLIENT':
    case 'CASE_WORKER':
      return { read: { Provider: published([...APPLICATION, ...OWN]), ReferenceData: ALL }, write: writes };
    case 'ANALYST':
      return {
        read: { Provider: published([...CONTACT, ...APPLICATION, ...OWN]), ReferenceData: ALL },
        write: { ...writes, recordProviderEvents: NONE },
      };
  }
}

/** The providers a list shows, as the repository turns it into a WHERE clause. */
export interface ProviderScope {
  /** Statuses visible to the viewer for any provider. */
  statuses: readonly ProviderStatus[];
  /** A provider visible whatever its status (a provider viewing itself), or null. */
  ownProviderId: string | null;
  /** Only providers in this status (ProviderFilter.status), within the above; null for any. */
  onlyStatus?: ProviderStatus | null;
}

const ALL_STATUSES: readonly ProviderStatus[] = PROVIDER_STATUSES;

/** Statuses whose offerings a client may choose from (PlannedService.availableOfferings), whoever asks. */
export const OFFERABLE_STATUSES: readonly ProviderStatus[] = ['APPROVED'];

/** Statuses from which a provider may (re)apply: none yet (null), a pending or a rejected application; else CONFLICT. */
export function mayApplyFrom(status: ProviderStatus | null): boolean {
  return status === null || status === 'APPLIED' || status === 'REJECTED';
}

type ProviderRecord = { id: string; status: ProviderStatus };
const facts = (p: ProviderRecord) => ({ id: p.id, status: p.status });

/** The policy of one request, applied. */
export class ProviderPolicy extends AccessPolicy<Kind, Write> {
  constructor(viewer: Viewer) {
    super(buildPolicy(viewer));
  }

  /** A provider (and with it its offerings) loaded by id or as an entity: itself, or null — one the viewer may not see does not exist for it. */
  release<T extends ProviderRecord>(kind: 'Provider', provider: T | null): T | null {
    return provider && this.may(kind, facts(provider)) ? provider : null;
  }

  /** A field of a provider the viewer sees: its value, or null when it is hidden from the viewer. */
  releaseField<R>(kind: 'Provider', provider: ProviderRecord, field: ProviderField, read: () => R): R | null {
    return this.hidesField(provider, field) ? null : read();
  }

  /** Whether a field of this provider is hidden from the viewer (asked before reading it, e.g. the webhook). */
  hidesField(provider: ProviderRecord, field: ProviderField): boolean {
    return this.hides('Provider', facts(provider), field);
  }

  /** Reference data (service types, municipalities): whether the viewer reads it. */
  mayReadReferenceData(): boolean {
    return this.mayReach('ReferenceData');
  }

  /**
   * The providers a viewer may list, as the repository turns it into a WHERE clause; narrowed to
   * one status when the viewer asked for it (ProviderFilter.status) — it never widens the scope.
   */
  listScope(status?: ProviderStatus | null): ProviderScope {
    const onlyStatus = status ?? null;
    const listed = this.listed('Provider');
    if (listed === 'all') return { statuses: ALL_STATUSES, ownProviderId: null, onlyStatus };
    const statuses = listed.flatMap((c) => (c.status === undefined ? [] : [c.status].flat())) as ProviderStatus[];
    const own = listed.find((c) => typeof c.id === 'string' && c.status === undefined)?.id;
    return { statuses, ownProviderId: typeof own === 'string' ? own : null, onlyStatus };
  }

  // ---- writes -----------------------------------------------------------------------------------

  /** The provider the viewer may make this write for (its token's id); FORBIDDEN for everyone else. */
  selfFor(action: 'applyAsProvider' | 'editOfferings' | 'keepWebhook', message: string): string {
    const id = this.mayWrite(action) ? this.fixedForWrite(action, 'id') : null;
    if (!id) throw forbidden(message);
    return id;
  }

  /** FORBIDDEN with `message` unless the viewer may make this write (to this provider in its present status). */
  assertMayWrite(action: Write, message: string, provider?: ProviderRecord): void {
    if (!this.mayWrite(action, provider && facts(provider))) throw forbidden(message);
  }
}
