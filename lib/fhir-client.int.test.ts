/**
 * The FHIR client's writes and version reads against the client-record system stand-in, over
 * real HTTP: create (conditional too), update with If-Match, update-as-create (an Organization
 * at the provider's id), history and vread; a refusal on
 * the merits is a SystemRefusal with the system's own reason (kind) and diagnostics; an outage
 * is an UpstreamError, and a write is sent once, never retried.
 */
import { Fhir } from 'fhir';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getWorld } from '../seed/world.js';
import type { RunningStandIn } from '../systems/http.js';
import { startClientRecordSystem } from '../systems/client-record-system/server.js';
import { registrationsOf } from '../systems/registrations.js';
import { SystemRefusal, UpstreamError } from './errors.js';
import { FhirClient } from './fhir-client.js';
import { FHIR_PROFILE, type CarePlan, type Goal, type Organization } from './fhir-r4.js';
import { BUSINESS_ID_SYSTEM, SERVICE_TYPE_SYSTEM } from './reference.js';
import { ephemeralSystemCredentials } from './system-credentials.js';

const world = getWorld();
const validator = new Fhir();
const KEY_SYSTEM = 'urn:henkilokohtainen-budjetti:idempotency-key';
let system: RunningStandIn;
let client: FhirClient;
const credentials = await ephemeralSystemCredentials();

function expectValid(resource: object): void {
  const result = validator.validate(resource, { errorOnUnexpected: true });
  expect(result.messages.filter((m) => m.severity === 'error')).toEqual([]);
}

/** The refusal a call ends in (fails the test when it resolves or throws something else). */
async function refusalOf(call: Promise<unknown>): Promise<SystemRefusal> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SystemRefusal);
  return error as SystemRefusal;
}

let serial = 0;
function carePlan(overrides: Partial<CarePlan> = {}): CarePlan {
  return {
    resourceType: 'CarePlan',
    status: 'draft',
    intent: 'plan',
    subject: { reference: 'Patient/cl-00004' },
    period: { start: '2026-12-01' },
    activity: [
      {
        id: `ps-client-${process.pid}-${++serial}`,
        detail: {
          kind: 'ServiceRequest',
          code: { coding: [{ system: SERVICE_TYPE_SYSTEM, code: 'kotihoito' }] },
          status: 'not-started',
          scheduledTiming: { repeat: { period: 1, periodUnit: 'wk' } },
          quantity: { value: 3, unit: 'hour', system: FHIR_PROFILE.serviceUnitSystem, code: 'HOUR' },
        },
      },
    ],
    ...overrides,
  };
}

const organization = (id: string): Organization => ({
  resourceType: 'Organization',
  id,
  identifier: [{ use: 'official', system: BUSINESS_ID_SYSTEM, value: '1572860-0' }],
  name: 'Asiakastesti Oy',
  active: true,
});

beforeAll(async () => {
  system = await startClientRecordSystem({ world, clients: registrationsOf(credentials).clientRecordSystem });
  client = new FhirClient({
    baseUrl: system.url,
    policy: { timeoutMs: 2000, retries: 2, backoffMs: 1 },
    credentials: credentials.clientRecordSystem,
  });
});
afterAll(async () => {
  await system?.close();
});

describe('writes', () => {
  it('create answers the stored resource (id, version 1); update the next version; read sees it', async () => {
    const created = await client.create(carePlan());
    expectValid(created);
    expect(created.id).toMatch(/^cp-/);
    expect(created.meta!.versionId).toBe('1');
    const updated = await client.update<CarePlan>({ ...created, status: 'active' }, '1');
    expectValid(updated);
    expect(updated).toMatchObject({ id: created.id, status: 'active', meta: { versionId: '2' } });
    expect(await client.read<CarePlan>('CarePlan', created.id!)).toEqual(updated);
  });

  it('a conditional create answers the same resource twice and creates one (a string or parameters)', async () => {
    const key = `client-${process.pid}-${Date.now()}`;
    const body = carePlan({ identifier: [{ system: KEY_SYSTEM, value: key }] });
    const first = await client.create(body, { ifNoneExist: `identifier=${encodeURIComponent(`${KEY_SYSTEM}|${key}`)}` });
    const second = await client.create(body, { ifNoneExist: { identifier: `${KEY_SYSTEM}|${key}` } });
    expect(second).toEqual(first);
    const found = await client.searchAll<CarePlan>('CarePlan', { identifier: `${KEY_SYSTEM}|${key}` });
    expect(found.matches.map((p) => p.id)).toEqual([first.id]);
  });

  it('a Goal is created and updated the same way', async () => {
    const goal = await client.create<Goal>({
      resourceType: 'Goal',
      lifecycleStatus: 'proposed',
      description: { text: 'Pärjää kotona' },
      subject: { reference: 'Patient/cl-00004' },
    });
    expect(goal.id).toMatch(/^goal-/);
    const active = await client.update<Goal>({ ...goal, lifecycleStatus: 'active' }, goal.meta!.versionId!);
    expect(active.meta!.versionId).toBe('2');
  });

  it('updateAsCreate: an Organization at the id the writer chose, version 1; then versioned updates; again it is 428', async () => {
    const id = `pr-client-${process.pid}`;
    expect(await client.read('Organization', id)).toBeNull();
    const created = await client.updateAsCreate(organization(id));
    expectValid(created);
    expect(created).toMatchObject({ id, name: 'Asiakastesti Oy', active: true, meta: { versionId: '1' } });
    expect(await client.read<Organization>('Organization', id)).toEqual(created);
    // It exists now: the server wants the version it changes (a retry reads and updates instead).
    expect(await refusalOf(client.updateAsCreate(organization(id)))).toMatchObject({ status: 428, kind: 'precondition-required' });
    const inactive = await client.update<Organization>({ ...created, active: false }, '1');
    expect(inactive).toMatchObject({ active: false, meta: { versionId: '2' } });
    expect((await client.history<Organization>('Organization', id)).map((o) => [o.meta!.versionId, o.active])).toEqual([
      ['2', false],
      ['1', true],
    ]);
    // An id no resource can have is not sent.
    system.requests.reset();
    expect(await refusalOf(client.updateAsCreate(organization('pr_under')))).toMatchObject({ status: 422, kind: 'invalid' });
    expect(system.requests.count()).toBe(0);
  });
});

describe('history and vread', () => {
  it('history answers every version newest first; vread each of them', async () => {
    const v1 = await client.create(carePlan());
    const v2 = await client.update<CarePlan>({ ...v1, description: 'Toinen versio' }, '1');
    const v3 = await client.update<CarePlan>({ ...v2, description: 'Kolmas versio' }, '2');
    const history = await client.history<CarePlan>('CarePlan', v1.id!);
    expect(history).toEqual([v3, v2, v1]);
    for (const version of [v1, v2, v3]) expect(await client.vread<CarePlan>('CarePlan', v1.id!, version.meta!.versionId!)).toEqual(version);
  });

  it('a seeded resource: its seeded version; unknown resources and versions are null and []', async () => {
    const seeded = world.plans.find((p) => p.id === 'pl-00006-1')!;
    const history = await client.history<CarePlan>('CarePlan', seeded.id);
    expect(history.map((p) => p.meta!.versionId)).toEqual([String(seeded.versionId)]);
    expect(await client.vread<CarePlan>('CarePlan', seeded.id, String(seeded.versionId))).toEqual(history[0]);
    expect(await client.vread('CarePlan', seeded.id, '99')).toBeNull();
    expect(await client.vread('CarePlan', 'cp-unknown', '1')).toBeNull();
    expect(await client.vread('CarePlan', 'not an id', '1')).toBeNull();
    expect(await client.history('CarePlan', 'cp-unknown')).toEqual([]);
  });
});

describe('refusals are SystemRefusal with the system’s reason', () => {
  it('a stale version: 412 stale, with the diagnostics; nothing changed', async () => {
    const plan = await client.create(carePlan());
    await client.update<CarePlan>({ ...plan, description: 'Muutettu' }, '1');
    const refusal = await refusalOf(client.update<CarePlan>({ ...plan, description: 'Vanhasta' }, '1'));
    expect(refusal).toMatchObject({ system: 'client-record-system', status: 412, kind: 'stale' });
    expect(refusal.detail).toContain('is at version 2, not 1');
    expect((await client.read<CarePlan>('CarePlan', plan.id!))!.description).toBe('Muutettu');
  });

  it('an unknown id: 404 not-found; an id that cannot exist is not sent', async () => {
    const unknown = await refusalOf(client.update<CarePlan>({ ...carePlan(), id: 'cp-0000000000000000' }, '1'));
    expect(unknown).toMatchObject({ status: 404, kind: 'not-found' });
    system.requests.reset();
    const impossible = await refusalOf(client.update<CarePlan>({ ...carePlan(), id: '../Patient/cl-00001' }, '1'));
    expect(impossible).toMatchObject({ status: 404, kind: 'not-found' });
    expect(system.requests.count()).toBe(0);
  });

  it('invalid content: 422 invalid, each issue in invalidParams by its path', async () => {
    const refusal = await refusalOf(client.create(carePlan({ subject: { reference: 'Patient/cl-99999' }, period: { end: '2027-01-01' } })));
    expect(refusal).toMatchObject({ status: 422, kind: 'invalid' });
    expect(refusal.detail).toContain('Patient/cl-99999');
    expect(refusal.invalidParams.map((p) => p.name).sort()).toEqual(['CarePlan.period.start', 'CarePlan.subject.reference']);
  });

  it('a bad request: 400 invalid; a body over the limit: 413 invalid', async () => {
    expect(await refusalOf(client.create(carePlan(), { ifNoneExist: '_count=1' }))).toMatchObject({ status: 400, kind: 'invalid' });
    expect(await refusalOf(client.create(carePlan({ description: 'x'.repeat(300 * 1024) })))).toMatchObject({
      status: 413,
      kind: 'invalid',
    });
  });

  it('an activity id of another plan: 409 conflict', async () => {
    const plan = await client.create(carePlan());
    const refusal = await refusalOf(client.create(carePlan({ activity: plan.activity })));
    expect(refusal).toMatchObject({ status: 409, kind: 'conflict' });
    expect(refusal.detail).toContain('belongs to another plan');
  });

  it('several conditional matches: 412 multiple-matches, not a stale version', async () => {
    const key = `twice-${process.pid}-${Date.now()}`;
    const identifier = [{ system: KEY_SYSTEM, value: key }];
    await client.create(carePlan({ identifier }));
    await client.create(carePlan({ identifier }));
    const refusal = await refusalOf(client.create(carePlan({ identifier }), { ifNoneExist: { identifier: `${KEY_SYSTEM}|${key}` } }));
    expect(refusal).toMatchObject({ status: 412, kind: 'multiple-matches' });
  });

  it('a type the system does not write: 405, its issue code as the kind', async () => {
    const refusal = await refusalOf(client.create({ resourceType: 'Patient', name: [{ family: 'Virtanen' }] } as never));
    expect(refusal).toMatchObject({ status: 405, kind: 'not-supported' });
  });
});

describe('outages', () => {
  it('a 503 to a write is an UpstreamError, and the write is sent once (never retried)', async () => {
    const plan = await client.create(carePlan());
    system.setFaults({ failureRate: 1 });
    try {
      system.requests.reset();
      await expect(client.create(carePlan())).rejects.toBeInstanceOf(UpstreamError);
      await expect(client.update<CarePlan>({ ...plan, description: 'x' }, '1')).rejects.toBeInstanceOf(UpstreamError);
      await expect(client.updateAsCreate(organization(`pr-down-${process.pid}`))).rejects.toBeInstanceOf(UpstreamError);
      expect(system.requests.entries.map((r) => r.method)).toEqual(['POST', 'PUT', 'PUT']);
      // Reads are retried (policy: 2 retries) before they fail.
      system.requests.reset();
      await expect(client.history('CarePlan', plan.id!)).rejects.toBeInstanceOf(UpstreamError);
      expect(system.requests.count()).toBe(3);
    } finally {
      system.setFaults({ failureRate: 0 });
    }
    expect((await client.read<CarePlan>('CarePlan', plan.id!))!.meta!.versionId).toBe('1');
    expect(await client.read('Organization', `pr-down-${process.pid}`)).toBeNull();
  });

  it('no answer at all is an UpstreamError', async () => {
    const nowhere = new FhirClient({
      baseUrl: 'http://127.0.0.1:9/fhir',
      policy: { timeoutMs: 500, retries: 0, backoffMs: 1 },
      credentials: credentials.clientRecordSystem,
    });
    await expect(nowhere.create(carePlan())).rejects.toBeInstanceOf(UpstreamError);
  });
});
