/**
 * Per-request DataLoaders over the FHIR client (docs/architecture.md principle 2): every read of the
 * client-record system goes through one of these, so all the ids one GraphQL execution step
 * asks for become one search (`_id=a,b,c`, `subject=a,b,c`, `activity=a,b,c`) and the number
 * of calls does not grow with list lengths. Loaders prime each other (a plan loaded for a
 * client is also loaded by id and by its services' ids), and the per-request cache means a
 * client asked for twice is fetched once.
 */
import DataLoader from 'dataloader';
import type { CarePlan, Patient, Practitioner, Resource } from '../../lib/fhir-r4.js';
import { FHIR_ID, type FhirClient } from '../../lib/fhir-client.js';
import { caseWorkerFromPractitioner, clientFromPatient, goalsOf, planFromCarePlan } from './from-fhir.js';
import type { CaseWorkerModel, ClientModel, PlanModel } from './models.js';

/** Ids per search: keeps URLs short; 100 ids is one page at the servers' usual limits. */
const BATCH = 100;

export interface Loaders {
  clientById: DataLoader<string, ClientModel | null>;
  /**
   * Clients with their responsible case workers in the same search
   * (`_include=Patient:general-practitioner`): the case workers are primed into caseWorkerById,
   * so a query that asks for both makes one round to the system, not two.
   */
  clientWithWorkerById: DataLoader<string, ClientModel | null>;
  caseWorkerById: DataLoader<string, CaseWorkerModel | null>;
  plansByClientId: DataLoader<string, PlanModel[]>;
  planById: DataLoader<string, PlanModel | null>;
  planByServiceId: DataLoader<string, PlanModel | null>;
}

/** Newest first: by start of validity, then by id. */
export function newestFirst(a: PlanModel, b: PlanModel): number {
  return a.validFrom === b.validFrom ? (a.id < b.id ? 1 : -1) : a.validFrom < b.validFrom ? 1 : -1;
}

export function createLoaders(fhir: FhirClient): Loaders {
  /** Only well-formed ids reach the system: `a,b` must never turn one lookup into two. */
  const valid = (ids: readonly string[]) => [...new Set(ids.filter((id) => FHIR_ID.test(id)))];

  const primePlan = (plan: PlanModel) => {
    loaders.planById.prime(plan.id, plan);
    for (const s of plan.services) loaders.planByServiceId.prime(s.id, plan);
  };

  const carePlans = async (params: Record<string, string[] | string>): Promise<PlanModel[]> => {
    const page = await fhir.searchAll<CarePlan>('CarePlan', { ...params, _include: 'CarePlan:goal', _count: 500 });
    const goals = goalsOf(page.included);
    const plans = page.matches.map((cp) => planFromCarePlan(cp, goals)).filter((p): p is PlanModel => p !== null);
    plans.forEach(primePlan);
    return plans;
  };

  /**
   * Resources of one type by id, one `_id=a,b,c` search per batch, each made into a model;
   * with `include`, the search's `_include` and what to do with the included resources.
   */
  function byId<R extends Patient | Practitioner, M>(
    type: R['resourceType'],
    toModel: (resource: R) => M,
    include?: { param: string; take: (included: Resource[]) => void },
  ): DataLoader<string, M | null> {
    return new DataLoader<string, M | null>(
      async (ids) => {
        const wanted = valid(ids);
        const found = new Map<string, M>();
        if (wanted.length) {
          const page = await fhir.searchAll<R>(type, {
            _id: wanted,
            _count: wanted.length,
            ...(include ? { _include: include.param } : {}),
          });
          include?.take(page.included);
          for (const r of page.matches) found.set(r.id!, toModel(r));
        }
        return ids.map((id) => found.get(id) ?? null);
      },
      { maxBatchSize: BATCH },
    );
  }

  const loaders: Loaders = {
    clientById: byId<Patient, ClientModel>('Patient', clientFromPatient),
    clientWithWorkerById: byId<Patient, ClientModel>('Patient', clientFromPatient, {
      param: 'Patient:general-practitioner',
      take: (included) => {
        for (const r of included)
          if (r.resourceType === 'Practitioner') loaders.caseWorkerById.prime(r.id!, caseWorkerFromPractitioner(r as Practitioner));
      },
    }),
    caseWorkerById: byId<Practitioner, CaseWorkerModel>('Practitioner', caseWorkerFromPractitioner),

    plansByClientId: new DataLoader(
      async (clientIds) => {
        const wanted = valid(clientIds);
        const plans = wanted.length ? await carePlans({ subject: wanted.map((id) => `Patient/${id}`) }) : [];
        return clientIds.map((id) => plans.filter((p) => p.clientId === id).sort(newestFirst));
      },
      { maxBatchSize: BATCH },
    ),

    planById: new DataLoader(
      async (ids) => {
        const wanted = valid(ids);
        const plans = wanted.length ? await carePlans({ _id: wanted }) : [];
        return ids.map((id) => plans.find((p) => p.id === id) ?? null);
      },
      { maxBatchSize: BATCH },
    ),

    planByServiceId: new DataLoader(
      async (serviceIds) => {
        const wanted = valid(serviceIds);
        const plans = wanted.length ? await carePlans({ activity: wanted }) : [];
        return serviceIds.map((id) => plans.find((p) => p.services.some((s) => s.id === id)) ?? null);
      },
      { maxBatchSize: BATCH },
    ),
  };
  return loaders;
}
