/**
 * Issue 12, point 4 — the critical path: a read that needs nothing from another goes at the
 * same time as it. A client's own plan is theirs by the id alone, so asked for with their
 * record it is read from the client-record system together with the record, not after it
 * (subgraphs/client-records policy.ts plansDecidedById). A case worker's right to the same plan
 * depends on the client's municipality, in the record: their plan is read only once the record
 * has been, and nobody's plan is read when the query does not ask for one. The client's
 * responsible worker, asked for with the client, comes in the same search as the record
 * (`_include=Patient:general-practitioner`), for every viewer.
 *
 * The stand-in logs when each request arrived and when it was answered; with 40 ms of latency
 * on every answer, "together" and "after" cannot be mistaken for each other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedRequest } from '../systems/http.js';
import { startStack, type Stack } from './stack.js';
import { claims } from './support/index.js';

const CLIENT_WITH_PLAN = /* GraphQL */ `
  query OwnPlan($id: ID!) {
    client(id: $id) {
      id
      currentPlan {
        id
      }
    }
  }
`;
const PLAN_AND_WORKER = /* GraphQL */ `
  query PlanAndWorker($id: ID!) {
    client(id: $id) {
      id
      responsibleWorker {
        id
        name
      }
      currentPlan {
        id
      }
    }
  }
`;
const CLIENT_ONLY = /* GraphQL */ `
  query Client($id: ID!) {
    client(id: $id) {
      id
      firstName
    }
  }
`;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.close());

/** The client-record system's requests while `query` is answered, as `token`'s viewer, with 40 ms per answer. */
async function fhirReads(
  query: string,
  token: string,
): Promise<{ patient: LoggedRequest; carePlan?: LoggedRequest; all: LoggedRequest[] }> {
  const fhir = stack.systems.clientRecords;
  await stack.query(query, { id: 'cl-00002' }, token); // warm: tokens and discovery are not part of the plan's path
  fhir.setFaults({ latencyMs: 40, failureRate: 0 });
  fhir.requests.reset();
  try {
    const answer = await stack.query(query, { id: 'cl-00002' }, token);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.client.id).toBe('cl-00002');
  } finally {
    fhir.setFaults({ latencyMs: 0, failureRate: 0 });
  }
  const patient = fhir.requests.entries.find((r) => r.path.endsWith('/Patient'));
  expect(patient).toBeDefined();
  return { patient: patient!, carePlan: fhir.requests.entries.find((r) => r.path.endsWith('/CarePlan')), all: [...fhir.requests.entries] };
}

describe('the critical path through the client-record system', () => {
  it("reads a client's own plan together with their record", async () => {
    const { patient, carePlan } = await fhirReads(CLIENT_WITH_PLAN, await stack.token(claims.client('cl-00002')));
    expect(carePlan).toBeDefined();
    expect(carePlan!.arrivedAt).toBeLessThan(patient.answeredAt);
  });

  it("reads the plan for a case worker only once the client's record is in", async () => {
    const { patient, carePlan } = await fhirReads(CLIENT_WITH_PLAN, await stack.token(claims.caseWorker()));
    expect(carePlan).toBeDefined();
    expect(carePlan!.arrivedAt).toBeGreaterThanOrEqual(patient.answeredAt);
  });

  it('reads the client, their responsible worker and their own plan in one round', async () => {
    const { patient, carePlan, all } = await fhirReads(PLAN_AND_WORKER, await stack.token(claims.client('cl-00002')));
    expect(all.map((r) => r.path.split('/').pop()).sort()).toEqual(['CarePlan', 'Patient']);
    expect(new URLSearchParams(patient.query).get('_include')).toBe('Patient:general-practitioner');
    expect(carePlan!.arrivedAt).toBeLessThan(patient.answeredAt);
  });

  it('gives a case worker the responsible worker with the record, the plan after it', async () => {
    const { patient, carePlan, all } = await fhirReads(PLAN_AND_WORKER, await stack.token(claims.caseWorker()));
    expect(all.map((r) => r.path.split('/').pop()).sort()).toEqual(['CarePlan', 'Patient']);
    expect(carePlan!.arrivedAt).toBeGreaterThanOrEqual(patient.answeredAt);
  });

  it('reads no plan when the query asks for none', async () => {
    const { carePlan } = await fhirReads(CLIENT_ONLY, await stack.token(claims.client('cl-00002')));
    expect(carePlan).toBeUndefined();
  });
});
