/**
 * Contract tests of the client-record system stand-in, over real HTTP: every resource it serves
 * (Organizations of providers and the performers of planned services included) is valid FHIR R4 (the `fhir` package's validator), searches page and batch as a FHIR server's
 * do, versions show in ETag and meta, errors are OperationOutcomes with the right status, and
 * the configured faults happen.
 */
import { Fhir } from 'fhir';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FHIR_JSON, FHIR_PROFILE, type Bundle, type CarePlan, type Goal, type Patient, type Resource } from '../../lib/fhir-r4.js';
import { HETU_SYSTEM, MUNICIPALITY_SYSTEM, SERVICE_TYPE_SYSTEM } from '../../lib/reference.js';
import { getWorld } from '../../seed/world.js';
import type { RunningStandIn } from '../http.js';
import { BUSINESS_ID_SYSTEM, type Organization } from './resources.js';
import { startClientRecordSystem } from './server.js';
import { TEST_SMART_CLIENT, smartFetch } from './testing.js';

const world = getWorld();
const validator = new Fhir();
let system: RunningStandIn;

interface Answer<T> {
  status: number;
  headers: Headers;
  body: T;
  ms: number;
}

async function get<T = Resource>(pathOrUrl: string, headers: Record<string, string> = {}, base = () => system.url): Promise<Answer<T>> {
  const started = performance.now();
  const response = await smartFetch(pathOrUrl.startsWith('http') ? pathOrUrl : `${base()}${pathOrUrl}`, { headers });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : null) as T,
    ms: performance.now() - started,
  };
}

/** Valid R4 per the validator, unexpected properties included; the messages make a failure readable. */
function expectValid(resource: object): void {
  const result = validator.validate(resource, { errorOnUnexpected: true });
  const errors = result.messages.filter((m) => m.severity === 'error');
  expect(errors, JSON.stringify(errors.slice(0, 5))).toEqual([]);
  expect(result.valid).toBe(true);
}

/** Every match of a search, following next links; checks and validates each page. */
async function searchAll<T extends Resource | Organization>(
  path: string,
): Promise<{ pages: Bundle[]; matches: T[]; included: Resource[] }> {
  const pages: Bundle[] = [];
  let next: string | undefined = path;
  while (next) {
    const { status, body }: Answer<Bundle> = await get<Bundle>(next);
    expect(status).toBe(200);
    expectValid(body);
    pages.push(body);
    next = body.link?.find((l: { relation: string }) => l.relation === 'next')?.url;
    expect(pages.length).toBeLessThan(100);
  }
  const entries = pages.flatMap((p) => p.entry ?? []);
  return {
    pages,
    matches: entries.filter((e) => e.search?.mode === 'match').map((e) => e.resource as T),
    included: entries.filter((e) => e.search?.mode === 'include').map((e) => e.resource!),
  };
}

/** The performers the stand-in records: every provider with an order for the service, whatever its state. */
const performersOf = (serviceId: string) => [
  ...new Set(world.orders.filter((o) => o.plannedServiceId === serviceId).map((o) => o.providerId)),
];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

beforeAll(async () => {
  system = await startClientRecordSystem({ world, clients: [TEST_SMART_CLIENT.registration] });
});
afterAll(async () => {
  await system?.close();
});

describe('resources are valid FHIR R4', () => {
  it('metadata: a CapabilityStatement declaring the custom municipality parameter', async () => {
    const { status, headers, body } = await get<fhir.CapabilityStatement>('/metadata');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe(FHIR_JSON);
    expect(body.resourceType).toBe('CapabilityStatement');
    expectValid(body);
    const patient = body.rest![0].resource!.find((r) => r.type === 'Patient')!;
    expect(patient.searchParam!.find((p) => p.name === 'municipality')).toMatchObject({
      type: 'token',
      definition: FHIR_PROFILE.searchParameters.patientMunicipality,
    });
    const carePlan = body.rest![0].resource!.find((r) => r.type === 'CarePlan')!;
    expect(carePlan.searchInclude).toContain('CarePlan:goal');
    expect(patient.searchInclude).toEqual(['Patient:general-practitioner']);
    expect(carePlan.searchParam!.find((p) => p.name === 'performer')).toMatchObject({ type: 'reference' });
    const organization = body.rest![0].resource!.find((r) => r.type === 'Organization')!;
    // Written to the provider's id by update-as-create (fhir-writes.int.test.ts).
    expect(organization.interaction!.map((i) => i.code)).toEqual(['read', 'vread', 'update', 'history-instance', 'search-type']);
    expect(organization.versioning).toBe('versioned-update');
    expect(organization.searchParam!.map((p) => p.name).sort()).toEqual(['_id', 'identifier']);
  });

  it('Organization: a provider with its business ID (Y-tunnus), name and active state', async () => {
    const provider = world.providers[0];
    const { status, headers, body } = await get<Organization>(`/Organization/${provider.id}`);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe(FHIR_JSON);
    expectValid(body);
    expect(body).toMatchObject({ id: 'pr-0001', name: provider.name, active: true });
    expect(body.identifier).toEqual([{ use: 'official', system: BUSINESS_ID_SYSTEM, value: provider.businessId }]);
    const notApproved = world.providers.find((p) => p.status !== 'APPROVED')!;
    const inactive = await get<Organization>(`/Organization/${notApproved.id}`);
    expectValid(inactive.body);
    expect(inactive.body.active).toBe(false);
  });

  it('CarePlan activity performers: the providers chosen for the service, a cancelled order’s too', async () => {
    const { body } = await get<CarePlan>('/CarePlan/pl-00003-1');
    expectValid(body);
    const plan = world.plans.find((p) => p.id === 'pl-00003-1')!;
    body.activity!.forEach((a, i) => {
      const expected = performersOf(plan.services[i].id);
      expect(a.detail!.performer?.map((p) => p.reference) ?? [], a.id).toEqual(expected.map((id) => `Organization/${id}`));
    });
    expect(body.activity![4].detail!.performer).toEqual([{ reference: 'Organization/pr-0001', display: world.providers[0].name }]);
    // cl-00020's only order with pr-0001 was cancelled: the record still names pr-0001.
    const cancelled = world.orders.find((o) => o.clientId === 'cl-00020' && o.providerId === 'pr-0001')!;
    expect(cancelled.status).toBe('CANCELLED');
    const withCancelled = await get<Bundle<CarePlan>>(`/CarePlan?activity=${cancelled.plannedServiceId}`);
    const activity = withCancelled.body.entry![0].resource!.activity!.find((a) => a.id === cancelled.plannedServiceId)!;
    expect(activity.detail!.performer?.map((p) => p.reference)).toContain('Organization/pr-0001');
  });

  it('Patient: identity code, name, address, language, practitioner and municipality extension', async () => {
    const { status, headers, body } = await get<Patient>('/Patient/cl-00001');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe(FHIR_JSON);
    expectValid(body);
    const client = world.clients[0];
    expect(body.id).toBe('cl-00001');
    expect(body.identifier).toEqual([{ use: 'official', system: HETU_SYSTEM, value: client.hetu }]);
    expect(body.name![0]).toMatchObject({ family: client.familyName, given: [client.givenName] });
    expect(body.gender).toBe(client.gender);
    expect(body.birthDate).toMatch(DATE);
    expect(body.address![0]).toMatchObject({
      line: [client.address.line],
      postalCode: client.address.postalCode,
      city: client.address.city,
      country: 'FI',
    });
    expect(body.communication![0]).toMatchObject({ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'fi' }] }, preferred: true });
    expect(body.generalPractitioner).toEqual([{ reference: 'Practitioner/cw-0001' }]);
    expect(body.extension).toContainEqual(
      expect.objectContaining({
        url: FHIR_PROFILE.municipalityExtension,
        valueCoding: expect.objectContaining({ system: MUNICIPALITY_SYSTEM, code: '205' }),
      }),
    );
  });

  it('Practitioner: name, phone, email and municipality', async () => {
    const { status, body } = await get<fhir.Practitioner>('/Practitioner/cw-0001');
    expect(status).toBe(200);
    expectValid(body);
    expect(body.telecom!.map((t) => t.system).sort()).toEqual(['email', 'phone']);
    expect(body.extension![0].valueCoding!.code).toBe('205');
  });

  it('CarePlan: version, status, period, situation, goals and one activity per planned service', async () => {
    const plan = world.plans.find((p) => p.id === 'pl-00002-1')!;
    const { status, headers, body } = await get<CarePlan>('/CarePlan/pl-00002-1');
    expect(status).toBe(200);
    expectValid(body);
    expect(body.meta).toEqual({ versionId: String(plan.versionId), lastUpdated: plan.lastUpdated });
    expect(headers.get('etag')).toBe(`W/"${body.meta!.versionId}"`);
    expect(body).toMatchObject({
      status: 'active',
      intent: 'plan',
      subject: { reference: 'Patient/cl-00002' },
      description: plan.situation,
    });
    expect(body.period).toEqual({ start: plan.validFrom, end: plan.validTo });
    expect(body.goal).toHaveLength(plan.goals.length);
    expect(body.extension!.find((e) => e.url === FHIR_PROFILE.planApprovedExtension)?.valueDateTime).toMatch(INSTANT);
    expect(body.activity).toHaveLength(30);
    body.activity!.forEach((activity, i) => {
      const ps = plan.services[i];
      expect(activity.id).toBe(ps.id);
      const d = activity.detail!;
      expect(d.kind).toBe('ServiceRequest');
      expect(d.code!.coding![0]).toMatchObject({ system: SERVICE_TYPE_SYSTEM, code: ps.serviceTypeCode });
      expect(d.quantity).toMatchObject({ value: ps.quantity / 100, code: ps.unit, system: FHIR_PROFILE.serviceUnitSystem });
      expect(['wk', 'mo', 'a']).toContain(d.scheduledTiming!.repeat!.periodUnit);
      expect(d.scheduledTiming!.repeat!.period).toBe(1);
      expect(d.description ?? null).toBe(ps.instructions);
    });
  });

  it('Goal: lifecycle status, text and subject', async () => {
    const { status, body } = await get<Goal>('/Goal/go-00001-1-1');
    expect(status).toBe(200);
    expectValid(body);
    expect(body).toMatchObject({ lifecycleStatus: 'active', subject: { reference: 'Patient/cl-00001' } });
    expect(body.description.text).toBe(world.plans[0].goals[0].text);
  });

  it('every Patient, Practitioner, Organization, CarePlan and Goal of the world validates (searchsets, followed to the end)', async () => {
    const patients = await searchAll<Patient>('/Patient?_count=100');
    const practitioners = await searchAll('/Practitioner?_count=100');
    const organizations = await searchAll<Organization>('/Organization?_count=100');
    expect(organizations.matches.map((o) => o.id)).toEqual(world.providers.map((p) => p.id));
    for (const r of organizations.matches) expectValid(r);
    const plans = await searchAll<CarePlan>('/CarePlan?_include=CarePlan:goal&_count=100');
    expect(patients.matches).toHaveLength(world.clients.length);
    expect(practitioners.matches).toHaveLength(world.caseWorkers.length);
    expect(plans.matches).toHaveLength(world.plans.length);
    expect(plans.included).toHaveLength(world.plans.reduce((n, p) => n + p.goals.length, 0));
    for (const r of [...patients.matches, ...practitioners.matches, ...plans.matches, ...plans.included]) expectValid(r);
    for (const p of patients.matches) expect(p.birthDate).toMatch(DATE);
  });
});

describe('read and vread', () => {
  it('ETag is the weak meta.versionId; If-None-Match answers 304', async () => {
    for (const path of ['/Patient/cl-00002', '/CarePlan/pl-00001-1', '/Goal/go-00002-1-1', '/Practitioner/cw-0002']) {
      const { status, headers, body } = await get<Resource>(path);
      expect(status).toBe(200);
      expect(headers.get('etag')).toBe(`W/"${body.meta!.versionId}"`);
      const again = await smartFetch(`${system.url}${path}`, { headers: { 'if-none-match': headers.get('etag')! } });
      expect(again.status).toBe(304);
    }
  });

  it('vread of the current version answers the resource; another version is 404', async () => {
    const current = await get<CarePlan>('/CarePlan/pl-00001-1');
    const vid = current.body.meta!.versionId!;
    const vread = await get<CarePlan>(`/CarePlan/pl-00001-1/_history/${vid}`);
    expect(vread.status).toBe(200);
    expect(vread.body).toEqual(current.body);
    const older = await get<fhir.OperationOutcome>(`/CarePlan/pl-00001-1/_history/${Number(vid) - 1}`);
    expect(older.status).toBe(404);
    expectValid(older.body);
  });
});

describe('search', () => {
  it('pages with _count and next links until total, each id once, in id order', async () => {
    const { pages, matches } = await searchAll<Patient>('/Patient?_count=7');
    expect(pages[0].total).toBe(world.clients.length);
    expect(pages).toHaveLength(Math.ceil(world.clients.length / 7));
    expect(pages[0].link!.find((l) => l.relation === 'self')).toBeDefined();
    expect(matches.map((p) => p.id)).toEqual(world.clients.map((c) => c.id));
  });

  it('_count defaults to 20 and is capped at 500', async () => {
    expect((await get<Bundle>('/Patient')).body.entry).toHaveLength(20);
    const capped = await get<Bundle>('/CarePlan?_count=100000');
    expect(capped.status).toBe(200);
    expect(capped.body.entry!.length).toBe(Math.min(500, world.plans.length));
  });

  it('_id with several ids (comma = OR) returns exactly those that exist', async () => {
    const { body } = await get<Bundle<Patient>>('/Patient?_id=cl-00003,cl-00001,cl-09999,cl-00150');
    expect(body.total).toBe(3);
    expect(body.entry!.map((e) => e.resource!.id).sort()).toEqual(['cl-00001', 'cl-00003', 'cl-00150']);
    expect(body.entry!.every((e) => e.search?.mode === 'match')).toBe(true);
  });

  it('Patient by identity code, name prefix (case-insensitive), practitioner and municipality', async () => {
    const client = world.clients[41];
    const byHetu = await get<Bundle<Patient>>(`/Patient?identifier=${encodeURIComponent(`${HETU_SYSTEM}|${client.hetu}`)}`);
    expect(byHetu.body.entry!.map((e) => e.resource!.id)).toEqual([client.id]);
    const otherSystem = await get<Bundle>(`/Patient?identifier=${encodeURIComponent(`urn:other|${client.hetu}`)}`);
    expect(otherSystem.body.total).toBe(0);
    expect(otherSystem.body.entry).toBeUndefined();
    expectValid(otherSystem.body);

    const prefix = client.familyName.slice(0, 3).toUpperCase();
    const byName = await searchAll<Patient>(`/Patient?name=${encodeURIComponent(prefix)}&_count=50`);
    const fold = (s: string) =>
      s
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase();
    const expected = world.clients.filter((c) =>
      [c.familyName, c.givenName].some(
        (n) =>
          fold(n).startsWith(fold(prefix)) ||
          fold(n)
            .split(/[\s-]/)
            .some((t) => t.startsWith(fold(prefix))),
      ),
    );
    expect(byName.matches.map((p) => p.id).sort()).toEqual(expected.map((c) => c.id).sort());
    expect(byName.matches.map((p) => p.id)).toContain(client.id);

    const byWorker = await searchAll<Patient>('/Patient?general-practitioner=Practitioner/cw-0001&_count=50');
    expect(byWorker.matches.map((p) => p.id)).toEqual(world.clients.filter((c) => c.caseWorkerId === 'cw-0001').map((c) => c.id));

    const byMunicipality = await searchAll<Patient>(`/Patient?municipality=${encodeURIComponent(`${MUNICIPALITY_SYSTEM}|905`)}&_count=50`);
    expect(byMunicipality.matches.map((p) => p.id)).toEqual(world.clients.filter((c) => c.municipalityCode === '905').map((c) => c.id));
  });

  it('_sort=family orders by family name, and AND-combines with other parameters', async () => {
    const { matches } = await searchAll<Patient>('/Patient?municipality=205&_sort=family&_count=100');
    const families = matches.map((p) =>
      p
        .name![0].family!.normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase(),
    );
    expect(families).toEqual([...families].sort());
    expect(matches).toHaveLength(world.clients.filter((c) => c.municipalityCode === '205').length);
  });

  it('Patient with _include=Patient:general-practitioner: each patient’s practitioner once, as an include', async () => {
    const ids = world.clients.slice(0, 12).map((c) => c.id);
    const { body } = await get<Bundle>(`/Patient?_id=${ids.join(',')}&_include=Patient:general-practitioner&_count=12`);
    const matches = body.entry!.filter((e) => e.search?.mode === 'match').map((e) => e.resource as Patient);
    const included = body.entry!.filter((e) => e.search?.mode === 'include').map((e) => e.resource as Resource);
    expect(matches.map((p) => p.id).sort()).toEqual([...ids].sort());
    expect(body.total).toBe(ids.length); // the includes are not matches
    const workers = [...new Set(world.clients.slice(0, 12).map((c) => c.caseWorkerId))].sort();
    expect(included.map((r) => `${r.resourceType}/${r.id}`).sort()).toEqual(workers.map((id) => `Practitioner/${id}`));
    const { status } = await get('/Practitioner?_include=Patient:general-practitioner');
    expect(status).toBe(400); // an include of another type is refused, not ignored
  });

  it('CarePlan by several subjects, by status, with _include=CarePlan:goal', async () => {
    const { body } = await get<Bundle>('/CarePlan?subject=Patient/cl-00001,Patient/cl-00002&_include=CarePlan:goal&_count=500');
    const plans = body.entry!.filter((e) => e.search?.mode === 'match').map((e) => e.resource as CarePlan);
    const goals = body.entry!.filter((e) => e.search?.mode === 'include').map((e) => e.resource as Goal);
    expect(plans.map((p) => p.id).sort()).toEqual(
      world.plans
        .filter((p) => p.clientId === 'cl-00001' || p.clientId === 'cl-00002')
        .map((p) => p.id)
        .sort(),
    );
    expect(body.total).toBe(plans.length);
    const referenced = plans.flatMap((p) => p.goal!.map((g) => g.reference));
    expect(goals.map((g) => `Goal/${g.id}`).sort()).toEqual(referenced.sort());

    const active = await searchAll<CarePlan>('/CarePlan?status=active&_count=500');
    expect(active.matches.length).toBe(world.plans.filter((p) => p.status === 'active').length);
    expect(active.matches.every((p) => p.status === 'active')).toBe(true);

    const byPatient = await get<Bundle>('/CarePlan?patient=cl-00001');
    expect(byPatient.body.total).toBe(world.plans.filter((p) => p.clientId === 'cl-00001').length);
  });

  it('CarePlan by activity (planned service) id, Goal by subject, Practitioner by _id', async () => {
    const byActivity = await get<Bundle<CarePlan>>('/CarePlan?activity=ps-00002-1-17,ps-00001-1-01');
    expect(byActivity.body.entry!.map((e) => e.resource!.id).sort()).toEqual(['pl-00001-1', 'pl-00002-1']);
    const goals = await get<Bundle<Goal>>('/Goal?subject=Patient/cl-00001');
    expect(goals.body.total).toBe(world.plans.filter((p) => p.clientId === 'cl-00001').reduce((n, p) => n + p.goals.length, 0));
    const workers = await get<Bundle>('/Practitioner?_id=cw-0001,cw-0002');
    expect(workers.body.total).toBe(2);
  });

  it('CarePlan by performer (comma = OR, with or without the type), AND-combined with subject', async () => {
    const planIdsOf = (providers: string[]) =>
      world.plans
        .filter((p) => p.services.some((s) => performersOf(s.id).some((id) => providers.includes(id))))
        .map((p) => p.id)
        .sort();
    const one = await searchAll<CarePlan>('/CarePlan?performer=Organization/pr-0001&_count=100');
    expect(one.matches.map((p) => p.id).sort()).toEqual(planIdsOf(['pr-0001']));
    expect(one.matches.length).toBeGreaterThan(20);
    const two = await searchAll<CarePlan>('/CarePlan?performer=Organization/pr-0001,Organization/pr-0013&_count=100');
    expect(two.matches.map((p) => p.id).sort()).toEqual(planIdsOf(['pr-0001', 'pr-0013']));
    const typed = await get<Bundle>('/CarePlan?performer:Organization=pr-0001&_count=1');
    expect(typed.body.total).toBe(one.matches.length);
    const mine = await get<Bundle<CarePlan>>('/CarePlan?performer=Organization/pr-0001&subject=Patient/cl-00003');
    expect(mine.body.entry!.map((e) => e.resource!.id)).toEqual(['pl-00003-1']);
    expect((await get<Bundle>('/CarePlan?performer=Practitioner/cw-0001')).body.total).toBe(0);
  });

  it('Organization by _id and by business ID', async () => {
    const provider = world.providers[5];
    const byId = await get<Bundle<Organization>>('/Organization?_id=pr-0001,pr-0006,pr-9999');
    expect(byId.body.entry!.map((e) => e.resource!.id)).toEqual(['pr-0001', 'pr-0006']);
    const byBusinessId = await get<Bundle<Organization>>(
      `/Organization?identifier=${encodeURIComponent(`${BUSINESS_ID_SYSTEM}|${provider.businessId}`)}`,
    );
    expect(byBusinessId.body.entry!.map((e) => e.resource!.id)).toEqual([provider.id]);
    expect((await get<Bundle>(`/Organization?identifier=${encodeURIComponent(`urn:other|${provider.businessId}`)}`)).body.total).toBe(0);
  });
});

describe('errors are OperationOutcomes with the right status', () => {
  const cases: [string, number][] = [
    ['/Patient/cl-99999', 404],
    ['/Patient/bad,id', 404],
    ['/Observation/1', 404],
    ['/Observation?code=x', 404],
    ['/Patient?favourite-colour=blue', 400],
    ['/Patient?_count=-1', 400],
    ['/Patient?_count=lots', 400],
    ['/Patient?name:contains=kem', 400],
    ['/Patient?_sort=birthdate', 400],
    ['/CarePlan?status=sleeping', 400],
    ['/CarePlan?_include=CarePlan:subject', 400],
    ['/CarePlan?performer:Patient=cl-00001', 400],
    ['/Organization/pr-9999', 404],
    ['/Organization?name=Apu', 400],
    ['/Patient?_format=xml', 406],
  ];
  it.each(cases)('%s → %i', async (path, expected) => {
    const { status, headers, body } = await get<fhir.OperationOutcome>(path);
    expect(status).toBe(expected);
    expect(headers.get('content-type')).toBe(FHIR_JSON);
    expect(body.resourceType).toBe('OperationOutcome');
    expect(body.issue[0].severity).toBe('error');
    expectValid(body);
  });

  it('writes are refused with 405', async () => {
    const response = await smartFetch(`${system.url}/Patient`, { method: 'POST', headers: { 'content-type': FHIR_JSON }, body: '{}' });
    expect(response.status).toBe(405);
    expect((await response.json()).resourceType).toBe('OperationOutcome');
  });

  it('Prefer: handling=lenient ignores an unknown parameter', async () => {
    const { status, body } = await get<Bundle>('/Patient?_id=cl-00001&favourite-colour=blue', { prefer: 'handling=lenient' });
    expect(status).toBe(200);
    expect(body.total).toBe(1);
  });
});

describe('faults', () => {
  let faulty: RunningStandIn;
  beforeAll(async () => {
    faulty = await startClientRecordSystem({ world, failureRate: 1, clients: [TEST_SMART_CLIENT.registration] });
  });
  afterAll(async () => {
    await faulty?.close();
  });

  it('STANDIN_FAILURE_RATE=1 answers 503 with an OperationOutcome', async () => {
    for (const path of ['/Patient/cl-00001', '/CarePlan?subject=cl-00001', '/metadata']) {
      // No token can be had from a system that fails every request; the fault strikes before any check of one.
      const { status, headers, body } = await get<fhir.OperationOutcome>(path, { authorization: 'Bearer unobtainable' }, () => faulty.url);
      expect(status).toBe(503);
      expect(headers.get('content-type')).toBe(FHIR_JSON);
      expect(headers.get('retry-after')).toBe('1');
      expectValid(body);
      expect(body.issue[0].code).toBe('transient');
    }
    expect(faulty.requests.count((r) => r.status === 503)).toBe(3);
  });

  it('latency is added to every response', async () => {
    faulty.setFaults({ failureRate: 0, latencyMs: 150 });
    const { status, ms } = await get('/Patient/cl-00001', {}, () => faulty.url);
    expect(status).toBe(200);
    expect(ms).toBeGreaterThanOrEqual(145);
    faulty.setFaults({ latencyMs: 0 });
    const fast = await get('/Patient/cl-00001', {}, () => faulty.url);
    expect(fast.ms).toBeLessThan(145);
  });
});
