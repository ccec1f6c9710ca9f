/**
 * A provider as the client-record system knows it: an FHIR Organization at the provider's id,
 * with its business ID (Y-tunnus), its name and whether it is in active use.
 *
 * Why the catalogue writes there: in a Finnish client-record system, service providers are
 * Organizations identified by their business ID, and a plan names the provider of a planned
 * service as its performer (`Organization/<providerId>`) — which the system refuses for an
 * organization it does not know. The order path records that performer (it is what lets the
 * provider see the client to deliver), so a provider approved here must exist there before
 * any client can order from it, and a suspended one is marked inactive there too. It is never
 * deleted: plans and their history keep naming it.
 *
 * Each write is idempotent, so the caller can put it before its catalogue write and let a
 * retry complete what a failure interrupted: read; absent, create it at its id (FHIR
 * update-as-create); present, update it with its version only when something differs. A
 * race with another writer (a stale version, or someone creating it between the read and the
 * create) is read again and redone, a few times. Elements others recorded (type, telecom,
 * other identifiers) are kept.
 */
import { UpstreamError } from '../../lib/errors.js';
import { FhirRequestError, retryWhileRaced, type FhirClient } from '../../lib/fhir-client.js';
import type { Organization } from '../../lib/fhir-r4.js';
import { BUSINESS_ID_SYSTEM } from '../../lib/reference.js';

const SYSTEM = 'client-record-system';
/** How often a write that lost a race is redone on a fresh read before giving up (as an outage). */
const ATTEMPTS = 5;

export interface OrganizationFacts {
  /** The provider id: the Organization's id. */
  id: string;
  businessId: string;
  name: string;
  active: boolean;
}

export type OrganizationOutcome = 'created' | 'updated' | 'unchanged' | 'absent';

function businessIdsOf(organization: Organization): string[] {
  return (organization.identifier ?? []).filter((i) => i.system === BUSINESS_ID_SYSTEM).map((i) => i.value ?? '');
}

/** The record as it should be, on top of what the system has (its other elements kept). */
function wanted(facts: OrganizationFacts, current: Organization | null): Organization {
  const { meta: _meta, ...kept } = current ?? ({} as Partial<Organization>);
  return {
    ...kept,
    resourceType: 'Organization',
    id: facts.id,
    identifier: [
      { use: 'official', system: BUSINESS_ID_SYSTEM, value: facts.businessId },
      ...(current?.identifier ?? []).filter((i) => i.system !== BUSINESS_ID_SYSTEM),
    ],
    name: facts.name,
    active: facts.active,
  };
}

function upToDate(current: Organization, facts: OrganizationFacts): boolean {
  const ids = businessIdsOf(current);
  return ids.length === 1 && ids[0] === facts.businessId && current.name === facts.name && current.active === facts.active;
}

/**
 * Makes the provider's Organization say what `facts` say. `createIfAbsent: false` leaves an
 * absent one absent (answering 'absent'): marking inactive what was never registered would
 * register it. Throws UpstreamError when the system is down, answers a read unexpectedly or
 * keeps changing, and SystemRefusal when it refuses the write on its merits.
 */
export async function recordOrganization(
  fhir: FhirClient,
  facts: OrganizationFacts,
  options: { createIfAbsent: boolean },
): Promise<OrganizationOutcome> {
  return retryWhileRaced(
    ATTEMPTS,
    async (): Promise<OrganizationOutcome> => {
      let current: Organization | null;
      try {
        current = await fhir.read<Organization>('Organization', facts.id);
      } catch (error) {
        // A read refused (4xx other than 404) is the system answering what it should not: no outcome to act on.
        if (error instanceof FhirRequestError)
          throw new UpstreamError(SYSTEM, `${SYSTEM} answered a read of an Organization unexpectedly (HTTP ${error.status})`);
        throw error;
      }
      if (!current) {
        if (!options.createIfAbsent) return 'absent';
        await fhir.updateAsCreate(wanted(facts, null));
        return 'created';
      }
      if (upToDate(current, facts)) return 'unchanged';
      await fhir.update(wanted(facts, current), current.meta?.versionId ?? '1');
      return 'updated';
    },
    () => new UpstreamError(SYSTEM, `${SYSTEM}: provider ${facts.id}'s Organization kept changing while it was written`),
  );
}
