/**
 * The client plan as the order writes need it, read from the client-record system (the plan's
 * system of record) through the shared FHIR client: is the planned service in an ACTIVE plan,
 * whose plan it is, its version (the order is pinned to it), and who performs each service.
 *
 * Why read FHIR here and not ask the client-records subgraph: an order is decided on the record
 * itself, at the moment of the write — not on a copy a peer formatted for display — and
 * recording the chosen provider as the service's performer (CarePlan.activity.detail.performer)
 * is a write to that record: it is what lets the provider see the client's name, address and
 * language to deliver (the client-records policy reads need-to-know from it).
 */
import type { PlanStatus } from '../../lib/__generated__/enums.js';
import { graphqlError, UpstreamError } from '../../lib/errors.js';
import { retryWhileRaced, type FhirClient } from '../../lib/fhir-client.js';
import { FHIR_PROFILE, referencedId as idOf, type CarePlan } from '../../lib/fhir-r4.js';
import { SERVICE_TYPE_SYSTEM } from '../../lib/reference.js';

/** The SDL's PlanStatus, or OTHER for a FHIR status the graph has no name for. */
export type PlanState = PlanStatus | 'OTHER';

export interface PlanFacts {
  id: string;
  clientId: string;
  municipalityCode: string | null;
  status: PlanState;
  version: string;
  validFrom: string;
  validTo: string | null;
  services: { id: string; serviceTypeCode: string | null; performerIds: string[] }[];
}

const STATES: Record<string, PlanState> = { draft: 'DRAFT', active: 'ACTIVE', completed: 'COMPLETED', revoked: 'REVOKED' };

function facts(plan: CarePlan): PlanFacts {
  const clientId = idOf(plan.subject?.reference, 'Patient');
  if (!plan.id || !clientId || !plan.period?.start)
    throw new UpstreamError('client-record-system', 'client-record-system sent an unusable CarePlan');
  const municipality = plan.extension?.find((e) => e.url === FHIR_PROFILE.municipalityExtension)?.valueCoding?.code ?? null;
  return {
    id: plan.id,
    clientId,
    municipalityCode: municipality,
    status: STATES[plan.status] ?? 'OTHER',
    version: plan.meta?.versionId ?? '1',
    validFrom: plan.period.start.slice(0, 10),
    validTo: plan.period.end?.slice(0, 10) ?? null,
    services: (plan.activity ?? []).flatMap((a) =>
      a.id
        ? [
            {
              id: a.id,
              serviceTypeCode: a.detail?.code?.coding?.find((c) => c.system === SERVICE_TYPE_SYSTEM)?.code ?? null,
              performerIds: (a.detail?.performer ?? []).map((p) => idOf(p.reference, 'Organization')).filter((id): id is string => !!id),
            },
          ]
        : [],
    ),
  };
}

/** The plan that holds the planned service now (a service removed from the plan is in none). */
export async function planOfService(fhir: FhirClient, plannedServiceId: string): Promise<PlanFacts | null> {
  const page = await fhir.search<CarePlan>('CarePlan', { activity: plannedServiceId });
  const plan = page.matches.find((p) => p.activity?.some((a) => a.id === plannedServiceId));
  return plan ? facts(plan) : null;
}

/**
 * Records the provider as a performer of the planned service, unless it is one already. Adding
 * a performer commutes with any other change, so a version race (412) is retried on the fresh
 * record a few times rather than failing the order.
 */
export async function ensurePerformer(
  fhir: FhirClient,
  planId: string,
  plannedServiceId: string,
  provider: { id: string; name?: string | null },
): Promise<void> {
  await retryWhileRaced(
    5,
    async () => {
      const plan = await fhir.read<CarePlan>('CarePlan', planId);
      const activity = plan?.activity?.find((a) => a.id === plannedServiceId);
      if (!plan || !activity?.detail)
        throw graphqlError('NOT_IN_PLAN', `planned service ${plannedServiceId} left the plan while it was ordered`);
      const reference = `Organization/${provider.id}`;
      if (activity.detail.performer?.some((p) => p.reference === reference)) return;
      const next: CarePlan = {
        ...plan,
        activity: plan.activity!.map((a) =>
          a.id === plannedServiceId
            ? {
                ...a,
                detail: {
                  ...a.detail!,
                  performer: [...(a.detail!.performer ?? []), { reference, ...(provider.name ? { display: provider.name } : {}) }],
                },
              }
            : a,
        ),
      };
      await fhir.update<CarePlan>(next, plan.meta?.versionId ?? '1');
    },
    () =>
      new UpstreamError(
        'client-record-system',
        'client-record-system: the plan kept changing while the provider was recorded; retry with the same idempotency key',
      ),
  );
}
