/**
 * Contract tests of the client-record system's writes, over real HTTP: create (conditional
 * with If-None-Exist) and versioned update (If-Match) of CarePlan and Goal, update-as-create
 * of Organization (a provider registered by the graph at its own id), the history and
 * vread of every kept version, refusals that store nothing, and searches that find written
 * plans exactly as they find seeded ones (indexes follow every write, old entries go). Every
 * resource written or answered is valid FHIR R4 (the `fhir` package's validator).
 */
import { Fhir } from 'fhir';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FHIR_JSON,
  FHIR_PROFILE,
  type Bundle,
  type CarePlan,
  type CarePlanActivity,
  type Goal,
  type Organization,
  type Resource,
} from '../../lib/fhir-r4.js';
import { BUSINESS_ID_SYSTEM, MUNICIPALITY_SYSTEM, SERVICE_TYPE_SYSTEM } from '../../lib/reference.js';
import { getWorld } from '../../seed/world.js';
import type { RunningStandIn } from '../http.js';
import { startClientRecordSystem } from './server.js';
import { TEST_SMART_CLIENT, smartFetch } from './testing.js';

const world = getWorld();
const validator = new Fhir();
let system: RunningStandIn;

const KEY_SYSTEM = 'urn:henkilokohtainen-budjetti:idempotency-key';
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

interface Answer<T> {
  status: number;
  headers: Headers;
  body: T;
}

async function send<T = Resource>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
  const response = await smartFetch(path.startsWith('http') ? path : `${system.url}${path}`, {
    method,
    headers: { accept: FHIR_JSON, ...(body !== undefined ? { 'content-type': FHIR_JSON } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as T };
}
const get = <T = Resource>(path: string) => send<T>('GET', path);

function expectValid(resource: object): void {
  const result = validator.validate(resource, { errorOnUnexpected: true });
  const errors = result.messages.filter((m) => m.severity === 'error');
  expect(errors, JSON.stringify(errors.slice(0, 5))).toEqual([]);
  expect(result.valid).toBe(true);
}

/** A valid OperationOutcome with the status; returns its diagnostics, joined. */
function expectOutcome(answer: Answer<unknown>, status: number): string {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.headers.get('content-type')).toBe(FHIR_JSON);
  const outcome = answer.body as fhir.OperationOutcome;
  expect(outcome.resourceType).toBe('OperationOutcome');
  expectValid(outcome);
  return outcome.issue.map((i) => i.diagnostics).join(' | ');
}

/** Every match of a search, following next links; validates each page. */
async function searchAll<T extends Resource>(path: string): Promise<{ pages: Bundle[]; matches: T[]; included: Resource[] }> {
  const pages: Bundle[] = [];
  let next: string | undefined = path;
  while (next) {
    const { status, body }: Answer<Bundle> = await get<Bundle>(next);
    expect(status).toBe(200);
    expectValid(body);
    pages.push(body);
    next = body.link?.find((l) => l.relation === 'next')?.url;
    expect(pages.length).toBeLessThan(100);
  }
  const entries = pages.flatMap((p) => p.entry ?? []);
  return {
    pages,
    matches: entries.filter((e) => e.search?.mode === 'match').map((e) => e.resource as T),
    included: entries.filter((e) => e.search?.mode === 'include').map((e) => e.resource!),
  };
}
const ids = (resources: Resource[]) => resources.map((r) => (r as { id?: string }).id);
const total = async (path: string) => (await get<Bundle>(path)).body.total;

/** A planned service as resources.ts's seed writes it (the graph's to-fhir.ts writes the same). */
function activity(id: string | undefined, code = 'kotihoito', quantity = 2.5, performers: string[] = []): CarePlanActivity {
  return {
    ...(id ? { id } : {}),
    detail: {
      kind: 'ServiceRequest',
      code: { coding: [{ system: SERVICE_TYPE_SYSTEM, code, display: 'Kotihoito' }], text: 'Kotihoito' },
      status: 'not-started',
      scheduledTiming: { repeat: { period: 1, periodUnit: 'wk' }, code: { text: 'ma ja to aamupäivisin' } },
      location: { display: 'Kotona' },
      ...(performers.length ? { performer: performers.map((p) => ({ reference: `Organization/${p}` })) } : {}),
      quantity: { value: quantity, unit: 'hour', system: FHIR_PROFILE.serviceUnitSystem, code: code === 'ateriapalvelu' ? 'MEAL' : 'HOUR' },
      description: 'Avustetaan aamutoimissa',
    },
  };
}

const client = world.clients.find((c) => c.id === 'cl-00001')!;
const other = world.clients.find((c) => c.id === 'cl-00002')!;
let serial = 0;
/** Activity ids like the graph's: ps- and something random. */
const psId = () => `ps-test-${process.pid}-${++serial}`;

function carePlan(overrides: Partial<CarePlan> = {}): CarePlan {
  return {
    resourceType: 'CarePlan',
    status: 'draft',
    intent: 'plan',
    title: 'Asiakassuunnitelma',
    description: 'Asuu yksin, tarvitsee apua aamutoimissa.',
    subject: { reference: `Patient/${client.id}` },
    period: { start: '2026-12-01', end: '2027-11-30' },
    author: { reference: `Practitioner/${client.caseWorkerId}` },
    activity: [activity(psId()), activity(psId(), 'ateriapalvelu', 7)],
    ...overrides,
  };
}

function goal(text: string, patientId = client.id): Goal {
  return { resourceType: 'Goal', lifecycleStatus: 'proposed', description: { text }, subject: { reference: `Patient/${patientId}` } };
}

async function create<T extends CarePlan | Goal>(resource: T, headers: Record<string, string> = {}): Promise<T> {
  const answer = await send<T>('POST', `/${resource.resourceType}`, resource, headers);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  expectValid(answer.body);
  return answer.body;
}

async function update<T extends CarePlan | Goal>(resource: T, version = resource.meta!.versionId!): Promise<T> {
  const answer = await send<T>('PUT', `/${resource.resourceType}/${resource.id}`, resource, { 'if-match': `W/"${version}"` });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  expectValid(answer.body);
  return answer.body;
}

beforeAll(async () => {
  system = await startClientRecordSystem({ world, clients: [TEST_SMART_CLIENT.registration] });
});
afterAll(async () => {
  await system?.close();
});

describe('create', () => {
  it('answers 201 with the stored resource, its Location and ETag; the server assigns id and meta', async () => {
    const body = carePlan({ id: 'pl-00001-1', meta: { versionId: '7' } });
    const answer = await send<CarePlan>('POST', '/CarePlan', body);
    expect(answer.status).toBe(201);
    expect(answer.headers.get('content-type')).toBe(FHIR_JSON);
    const plan = answer.body;
    expectValid(plan);
    expect(plan.id).toMatch(/^cp-[0-9a-f]{16}$/);
    expect(plan.meta).toEqual({ versionId: '1', lastUpdated: expect.stringMatching(INSTANT) });
    expect(answer.headers.get('etag')).toBe('W/"1"');
    expect(answer.headers.get('location')).toBe(`${system.url}/CarePlan/${plan.id}/_history/1`);
    // What was sent is what is stored, with the municipality of the client filled in.
    expect(plan).toMatchObject({ status: 'draft', intent: 'plan', subject: body.subject, period: body.period, activity: body.activity });
    expect(plan.extension).toEqual([
      {
        url: FHIR_PROFILE.municipalityExtension,
        valueCoding: { system: MUNICIPALITY_SYSTEM, code: client.municipalityCode, display: expect.any(String) },
      },
    ]);

    const read = await get<CarePlan>(`/CarePlan/${plan.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(plan);
    expect(read.headers.get('etag')).toBe('W/"1"');
    // The seeded plan named by the body's id is untouched.
    expect((await get<CarePlan>('/CarePlan/pl-00001-1')).body.meta!.versionId).toBe(String(world.plans[0].versionId));
  });

  it('a Goal: 201 with a goal- id; a plan references it and _include returns it', async () => {
    const g = await create(goal('Pärjää kotona turvallisesti'));
    expect(g.id).toMatch(/^goal-[0-9a-f]{16}$/);
    expect(g.meta!.versionId).toBe('1');
    const plan = await create(carePlan({ goal: [{ reference: `Goal/${g.id}` }] }));
    const { body } = await get<Bundle>(`/CarePlan?_id=${plan.id}&_include=CarePlan:goal`);
    expectValid(body);
    expect(body.entry!.map((e) => [e.search!.mode, e.resource!.id])).toEqual([
      ['match', plan.id],
      ['include', g.id],
    ]);
    expect((await searchAll<Goal>(`/Goal?subject=Patient/${client.id}&_count=50`)).matches.map((x) => x.id)).toContain(g.id);
  });

  it('keeps the writer’s own extensions and an author it has no Practitioner for (a dev token’s worker)', async () => {
    const own = {
      url: 'https://henkilokohtainen-budjetti.example.fi/fhir/StructureDefinition/careplan-input-digest',
      valueString: 'sha256:abc',
    };
    const plan = await create(carePlan({ extension: [own as never], author: { reference: 'Practitioner/case-worker-205' } }));
    expect(plan.extension).toContainEqual(own);
    expect(plan.author).toEqual({ reference: 'Practitioner/case-worker-205' });
  });

  it('activity ids: the client’s are kept, absent ones are assigned (ps-…), every one unique', async () => {
    const mine = psId();
    const plan = await create(carePlan({ activity: [activity(mine), activity(undefined), activity(undefined, 'ateriapalvelu', 5)] }));
    expect(plan.activity![0].id).toBe(mine);
    const assigned = plan.activity!.slice(1).map((a) => a.id!);
    for (const id of assigned) expect(id).toMatch(/^ps-[0-9a-f]{16}$/);
    expect(new Set(assigned).size).toBe(2);
    for (const id of [mine, ...assigned])
      expect(ids((await get<Bundle<CarePlan>>(`/CarePlan?activity=${id}`)).body.entry!.map((e) => e.resource!))).toEqual([plan.id]);
  });

  it('an activity id of another plan is refused (409), a seeded one too; nothing is stored', async () => {
    const before = await total('/CarePlan?_count=0');
    const taken = (await create(carePlan())).activity![0].id!;
    const afterFirst = await total('/CarePlan?_count=0');
    expect(afterFirst).toBe(before! + 1);
    for (const id of [taken, 'ps-00001-1-01']) {
      const diagnostics = expectOutcome(await send('POST', '/CarePlan', carePlan({ activity: [activity(id)] })), 409);
      expect(diagnostics).toContain(`CarePlan.activity[0].id ${id} belongs to another plan`);
    }
    const twice = psId();
    expect(expectOutcome(await send('POST', '/CarePlan', carePlan({ activity: [activity(twice), activity(twice)] })), 422)).toContain(
      'CarePlan.activity[1].id',
    );
    expect(await total('/CarePlan?_count=0')).toBe(afterFirst);
  });
});

describe('conditional create (If-None-Exist)', () => {
  it('the same identifier twice: 201 then 200 with the same plan, one created', async () => {
    const key = `key-${process.pid}-${Date.now()}`;
    const before = await total('/CarePlan?_count=0');
    const body = carePlan({ identifier: [{ system: KEY_SYSTEM, value: key }], activity: [activity(psId())] });
    const condition = { 'if-none-exist': `identifier=${encodeURIComponent(`${KEY_SYSTEM}|${key}`)}` };
    const first = await send<CarePlan>('POST', '/CarePlan', body, condition);
    expect(first.status).toBe(201);
    expectValid(first.body);
    // A retry of the same create (its activity ids now the plan's own) finds it.
    const again = await send<CarePlan>('POST', '/CarePlan', body, condition);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('etag')).toBe('W/"1"');
    expect(again.headers.get('location')).toBe(`${system.url}/CarePlan/${first.body.id}/_history/1`);
    // The header may name the type, and the bare value (any system) finds it too.
    const typed = await send<CarePlan>('POST', '/CarePlan', body, { 'if-none-exist': `CarePlan?identifier=${key}` });
    expect(typed.status).toBe(200);
    expect(typed.body.id).toBe(first.body.id);
    expect(await total('/CarePlan?_count=0')).toBe(before! + 1);

    const found = await get<Bundle<CarePlan>>(`/CarePlan?identifier=${encodeURIComponent(`${KEY_SYSTEM}|${key}`)}`);
    expect(found.body.entry!.map((e) => e.resource!.id)).toEqual([first.body.id]);
    expect((await get<Bundle>(`/CarePlan?identifier=${encodeURIComponent(`urn:other|${key}`)}`)).body.total).toBe(0);
  });

  it('two matches are 412; a header without a search is 400; a Goal is conditional too', async () => {
    const key = `dup-${process.pid}-${Date.now()}`;
    const identifier = [{ system: KEY_SYSTEM, value: key }];
    await create(carePlan({ identifier, activity: [activity(psId())] }));
    await create(carePlan({ identifier, activity: [activity(psId())] }));
    const before = await total('/CarePlan?_count=0');
    const condition = { 'if-none-exist': `identifier=${KEY_SYSTEM}|${key}` };
    const outcome = await send<fhir.OperationOutcome>(
      'POST',
      '/CarePlan',
      carePlan({ identifier, activity: [activity(psId())] }),
      condition,
    );
    expect(expectOutcome(outcome, 412)).toContain('matched 2');
    expect(outcome.body.issue[0].code).toBe('multiple-matches');
    expectOutcome(await send('POST', '/CarePlan', carePlan(), { 'if-none-exist': '_count=1' }), 400);
    expectOutcome(await send('POST', '/CarePlan', carePlan(), { 'if-none-exist': 'favourite-colour=blue' }), 400);
    expect(await total('/CarePlan?_count=0')).toBe(before);

    const goalKey = { 'if-none-exist': `identifier=${KEY_SYSTEM}|goal-${key}` };
    const g = { ...goal('Liikkuu ulkona viikoittain'), identifier: [{ system: KEY_SYSTEM, value: `goal-${key}` }] };
    const one = await send<Goal>('POST', '/Goal', g, goalKey);
    const two = await send<Goal>('POST', '/Goal', g, goalKey);
    expect([one.status, two.status]).toEqual([201, 200]);
    expect(two.body.id).toBe(one.body.id);
  });
});

describe('update (If-Match) and versions', () => {
  it('right version 200, stale 412, missing 428; history and vread of both versions', async () => {
    const v1 = await create(carePlan());
    const path = `/CarePlan/${v1.id}`;
    const changed = { ...v1, description: 'Muutti palvelutaloon.', activity: [...v1.activity!, activity(psId(), 'ateriapalvelu', 10)] };

    const missing = await send('PUT', path, changed);
    expect(expectOutcome(missing, 428)).toContain('If-Match');
    const malformed = await send('PUT', path, changed, { 'if-match': '1' });
    expectOutcome(malformed, 400);

    const ok = await send<CarePlan>('PUT', path, changed, { 'if-match': 'W/"1"' });
    expect(ok.status).toBe(200);
    expectValid(ok.body);
    const v2 = ok.body;
    expect(ok.headers.get('etag')).toBe('W/"2"');
    expect(ok.headers.get('location')).toBe(`${system.url}${path}/_history/2`);
    expect(v2.meta!.versionId).toBe('2');
    expect(Date.parse(v2.meta!.lastUpdated!)).toBeGreaterThan(Date.parse(v1.meta!.lastUpdated!));
    expect(v2.description).toBe('Muutti palvelutaloon.');
    expect(v2.activity).toHaveLength(3);

    const stale = await send('PUT', path, { ...v2, description: 'Toinen muutos' }, { 'if-match': 'W/"1"' });
    expect(expectOutcome(stale, 412)).toContain('version 2');
    expect((await get<CarePlan>(path)).body).toEqual(v2);

    const history = await get<Bundle<CarePlan>>(`${path}/_history`);
    expect(history.status).toBe(200);
    expectValid(history.body);
    expect(history.body).toMatchObject({ resourceType: 'Bundle', type: 'history', total: 2 });
    expect(history.body.entry!.map((e) => e.resource)).toEqual([v2, v1]);
    expect(history.body.entry!.map((e) => [e.request!.method, e.response!.status, e.response!.etag])).toEqual([
      ['PUT', '200 OK', 'W/"2"'],
      ['POST', '201 Created', 'W/"1"'],
    ]);
    for (const version of [v1, v2]) {
      const vread = await get<CarePlan>(`${path}/_history/${version.meta!.versionId}`);
      expect(vread.status).toBe(200);
      expect(vread.body).toEqual(version);
      expect(vread.headers.get('etag')).toBe(`W/"${version.meta!.versionId}"`);
    }
    expectOutcome(await get(`${path}/_history/3`), 404);
  });

  it('unknown id 404 (no update-as-create), body id different from the URL 400, no body id 400, wrong type 400', async () => {
    const plan = await create(carePlan());
    const headers = { 'if-match': 'W/"1"' };
    expect(
      expectOutcome(await send('PUT', '/CarePlan/cp-0000000000000000', { ...plan, id: 'cp-0000000000000000' }, headers), 404),
    ).toContain('not known');
    expect(await total('/CarePlan?_id=cp-0000000000000000')).toBe(0);
    expect(expectOutcome(await send('PUT', `/CarePlan/${plan.id}`, { ...plan, id: 'pl-00001-1' }, headers), 400)).toContain(
      'not the id in the URL',
    );
    const { id: _, ...withoutId } = plan;
    expectOutcome(await send('PUT', `/CarePlan/${plan.id}`, withoutId, headers), 400);
    expectOutcome(await send('PUT', `/CarePlan/${plan.id}`, { ...goal('x'), id: plan.id }, headers), 400);
    expect((await get<CarePlan>(`/CarePlan/${plan.id}`)).body.meta!.versionId).toBe('1');
  });

  it('a seeded plan keeps its seeded version as the first kept one, and counts on from it', async () => {
    const seeded = world.plans.find((p) => p.id === 'pl-00005-1')!;
    const before = (await get<CarePlan>('/CarePlan/pl-00005-1')).body;
    expect(before.meta!.versionId).toBe(String(seeded.versionId));
    const initialHistory = await get<Bundle<CarePlan>>('/CarePlan/pl-00005-1/_history');
    expectValid(initialHistory.body);
    expect(initialHistory.body.entry!.map((e) => e.resource)).toEqual([before]);
    expect(initialHistory.body.entry![0].request!.method).toBe(seeded.versionId === 1 ? 'POST' : 'PUT');

    const after = await update({ ...before, description: 'Tilanne arvioitu uudelleen.' });
    expect(after.meta!.versionId).toBe(String(seeded.versionId + 1));
    const history = await get<Bundle<CarePlan>>('/CarePlan/pl-00005-1/_history');
    expect(history.body.entry!.map((e) => e.resource!.meta!.versionId)).toEqual([String(seeded.versionId + 1), String(seeded.versionId)]);
    expect((await get<CarePlan>(`/CarePlan/pl-00005-1/_history/${seeded.versionId}`)).body).toEqual(before);
    if (seeded.versionId > 1) expectOutcome(await get(`/CarePlan/pl-00005-1/_history/${seeded.versionId - 1}`), 404);
  });

  it('a Goal is updated with If-Match too; history of any type answers its versions', async () => {
    const g = await create(goal('Osallistuu päivätoimintaan'));
    const g2 = await update({ ...g, lifecycleStatus: 'active' });
    expect(g2.meta!.versionId).toBe('2');
    expectOutcome(await send('PUT', `/Goal/${g.id}`, { ...g2, lifecycleStatus: 'completed' }), 428);
    const history = await get<Bundle<Goal>>(`/Goal/${g.id}/_history`);
    expect(history.body.entry!.map((e) => e.resource!.lifecycleStatus)).toEqual(['active', 'proposed']);
    const patientHistory = await get<Bundle>('/Patient/cl-00001/_history');
    expectValid(patientHistory.body);
    expect(patientHistory.body.total).toBe(1);
    expectOutcome(await get('/Patient/cl-99999/_history'), 404);
    expectOutcome(await get('/Patient/cl-00001/_history?_since=2020-01-01'), 400);
  });
});

describe('refusals store nothing', () => {
  const plan = carePlan();
  const act = plan.activity![0];
  const withDetail = (detail: Record<string, unknown>) => ({
    ...plan,
    activity: [{ ...act, id: psId(), detail: { ...act.detail, ...detail } }],
  });
  const cases: [string, number, string, unknown][] = [
    ['no status', 422, 'CarePlan.status is required', { ...plan, status: undefined }],
    ['an unknown status', 422, 'CarePlan.status must be one of', { ...plan, status: 'sleeping' }],
    ['no intent', 422, 'CarePlan.intent is required', { ...plan, intent: undefined }],
    ['no subject', 422, 'CarePlan.subject is required', { ...plan, subject: undefined }],
    [
      'an unknown patient',
      422,
      'CarePlan.subject.reference names Patient/cl-99999',
      { ...plan, subject: { reference: 'Patient/cl-99999' } },
    ],
    [
      'a subject that is no patient',
      422,
      'CarePlan.subject.reference must be a relative reference Patient/id',
      { ...plan, subject: { reference: 'Practitioner/cw-0001' } },
    ],
    ['no period start', 422, 'CarePlan.period.start is required', { ...plan, period: { end: '2027-01-01' } }],
    ['an impossible date', 422, 'CarePlan.period.start is not a calendar date', { ...plan, period: { start: '2026-02-30' } }],
    [
      'an end before the start',
      422,
      'CarePlan.period.end is before the start',
      { ...plan, period: { start: '2027-01-01', end: '2026-01-01' } },
    ],
    ['an unknown goal', 422, 'CarePlan.goal[0].reference names Goal/go-99999-1-1', { ...plan, goal: [{ reference: 'Goal/go-99999-1-1' }] }],
    ['a goal of another client', 422, 'which is a goal of Patient/cl-00002', { ...plan, goal: [{ reference: 'Goal/go-00002-1-1' }] }],
    [
      'an element the server does not store',
      422,
      'CarePlan.favouriteColour is not an element this server stores',
      { ...plan, favouriteColour: 'blue' },
    ],
    ['an empty array', 422, 'CarePlan.activity must not be empty', { ...plan, activity: [] }],
    ['an activity without detail', 422, 'CarePlan.activity[0].detail is required', { ...plan, activity: [{ id: psId() }] }],
    ['an activity id that is no FHIR id', 422, 'CarePlan.activity[0].id must be an id', { ...plan, activity: [{ ...act, id: 'ps 1' }] }],
    [
      'no service-type coding',
      422,
      'CarePlan.activity[0].detail.code.coding must have a coding in',
      withDetail({ code: { coding: [{ system: 'urn:other', code: 'x' }] } }),
    ],
    [
      'an unknown service type',
      422,
      'is not a service type',
      withDetail({ code: { coding: [{ system: SERVICE_TYPE_SYSTEM, code: 'lumityot' }] } }),
    ],
    [
      'a quantity in another system',
      422,
      'CarePlan.activity[0].detail.quantity.system must be one of',
      withDetail({ quantity: { value: 2, system: 'http://unitsofmeasure.org', code: 'h' } }),
    ],
    [
      'a quantity in another unit than the service type',
      422,
      'but the service type is planned in HOUR',
      withDetail({ quantity: { value: 2, system: FHIR_PROFILE.serviceUnitSystem, code: 'MEAL' } }),
    ],
    [
      'a quantity of three decimals',
      422,
      'at most two decimals',
      withDetail({ quantity: { value: 2.555, system: FHIR_PROFILE.serviceUnitSystem, code: 'HOUR' } }),
    ],
    [
      'a zero quantity',
      422,
      'must be a number above 0',
      withDetail({ quantity: { value: 0, system: FHIR_PROFILE.serviceUnitSystem, code: 'HOUR' } }),
    ],
    ['a period of two weeks', 422, 'repeat.period must be 1', withDetail({ scheduledTiming: { repeat: { period: 2, periodUnit: 'wk' } } })],
    [
      'a period in days',
      422,
      'repeat.periodUnit must be one of wk | mo | a',
      withDetail({ scheduledTiming: { repeat: { period: 1, periodUnit: 'd' } } }),
    ],
    [
      'an unknown performer',
      422,
      'CarePlan.activity[0].detail.performer[0].reference names Organization/pr-9999',
      withDetail({ performer: [{ reference: 'Organization/pr-9999' }] }),
    ],
    [
      'a performer twice',
      422,
      'performer[1] repeats',
      withDetail({ performer: [{ reference: 'Organization/pr-0001' }, { reference: 'Organization/pr-0001' }] }),
    ],
    ['another kind of activity', 422, 'detail.kind must be one of ServiceRequest', withDetail({ kind: 'MedicationRequest' })],
    [
      'a municipality other than the client’s',
      422,
      `lives in ${client.municipalityCode}`,
      { ...plan, extension: [{ url: FHIR_PROFILE.municipalityExtension, valueCoding: { system: MUNICIPALITY_SYSTEM, code: '905' } }] },
    ],
    [
      'an author that is no practitioner',
      422,
      'CarePlan.author.reference must be a relative reference Practitioner/id',
      { ...plan, author: { reference: 'Patient/cl-00001' } },
    ],
    [
      'an extension of a complex type',
      422,
      'CarePlan.extension[0].valueQuantity is not an element',
      { ...plan, extension: [{ url: 'urn:x:y', valueQuantity: { value: 1 } }] },
    ],
    ['an extension without a value', 422, 'CarePlan.extension[0].value[x]', { ...plan, extension: [{ url: 'urn:x:y' }] }],
    [
      'an approval that is no dateTime',
      422,
      'valueDateTime must be a date',
      { ...plan, extension: [{ url: FHIR_PROFILE.planApprovedExtension, valueDateTime: 'yesterday' }] },
    ],
    ['an identifier without value', 422, 'CarePlan.identifier[0].value is required', { ...plan, identifier: [{ system: KEY_SYSTEM }] }],
    ['a Patient sent to /CarePlan', 400, 'the body is a Patient, but the URL names CarePlan', { resourceType: 'Patient' }],
    ['no resourceType', 400, 'resourceType is missing', { ...plan, resourceType: undefined }],
    ['an array', 400, 'must be a CarePlan resource', [plan]],
    ['not JSON', 400, 'not valid JSON', '{"resourceType": "CarePlan",'],
  ];
  it.each(cases)('%s → %i', async (_what, status, diagnostics, body) => {
    const before = await total('/CarePlan?_count=0');
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    expect(expectOutcome(await send('POST', '/CarePlan', text), status)).toContain(diagnostics);
    expect(await total('/CarePlan?_count=0')).toBe(before);
  });

  it('every issue of a body is named at once, with its path as expression', async () => {
    const answer = await send<fhir.OperationOutcome>('POST', '/CarePlan', { ...plan, status: 'x', subject: undefined, period: undefined });
    expectOutcome(answer, 422);
    expect(answer.body.issue.map((i) => i.expression![0]).sort()).toEqual(['CarePlan.period', 'CarePlan.status', 'CarePlan.subject']);
  });

  it('a refused update changes nothing: the version and the indexes stay', async () => {
    const stored = await create(carePlan({ status: 'draft' }));
    const broken = {
      ...stored,
      status: 'active',
      activity: [{ ...stored.activity![0], detail: { ...stored.activity![0].detail, quantity: undefined } }],
    };
    expect(expectOutcome(await send('PUT', `/CarePlan/${stored.id}`, broken, { 'if-match': 'W/"1"' }), 422)).toContain(
      'quantity is required',
    );
    expect((await get<CarePlan>(`/CarePlan/${stored.id}`)).body).toEqual(stored);
    expect(ids((await searchAll<CarePlan>(`/CarePlan?subject=Patient/${client.id}&status=active&_count=100`)).matches)).not.toContain(
      stored.id,
    );
  });

  it('Goals: lifecycle status, text and a known subject', async () => {
    const before = await total('/Goal?_count=0');
    expect(expectOutcome(await send('POST', '/Goal', { ...goal('x'), lifecycleStatus: 'dreaming' }), 422)).toContain(
      'Goal.lifecycleStatus must be one of',
    );
    expect(expectOutcome(await send('POST', '/Goal', { ...goal('x'), description: {} }), 422)).toContain(
      'Goal.description.text is required',
    );
    expect(expectOutcome(await send('POST', '/Goal', goal('x', 'cl-99999')), 422)).toContain(
      'Goal.subject.reference names Patient/cl-99999',
    );
    expect(await total('/Goal?_count=0')).toBe(before);
  });

  it('a body over 256 kB is 413, another content type 415, no body 400', async () => {
    const before = await total('/CarePlan?_count=0');
    const huge = { ...plan, description: 'x'.repeat(300 * 1024) };
    expect(expectOutcome(await send('POST', '/CarePlan', huge), 413)).toContain('256 kB');
    expectOutcome(await send('POST', '/CarePlan', JSON.stringify(plan), { 'content-type': 'text/plain' }), 415);
    const empty = await smartFetch(`${system.url}/CarePlan`, { method: 'POST', headers: { 'content-type': FHIR_JSON } });
    expectOutcome({ status: empty.status, headers: empty.headers, body: await empty.json() }, 400);
    expect(await total('/CarePlan?_count=0')).toBe(before);
  });

  it('other types and methods answer 405', async () => {
    expectOutcome(await send('POST', '/Patient', { resourceType: 'Patient' }), 405);
    expectOutcome(
      await send('PUT', '/Practitioner/cw-0001', { resourceType: 'Practitioner', id: 'cw-0001' }, { 'if-match': 'W/"1"' }),
      405,
    );
    expectOutcome(await send('DELETE', '/CarePlan/pl-00001-1'), 405);
    expectOutcome(await send('PATCH', '/CarePlan/pl-00001-1', []), 405);
    expectOutcome(await send('PUT', '/CarePlan', carePlan()), 405);
    expectOutcome(await send('POST', '/CarePlan/pl-00001-1', carePlan()), 405);
    expectOutcome(await send('POST', '/Observation', { resourceType: 'Observation' }), 404);
    expect((await get<CarePlan>('/CarePlan/pl-00001-1')).body.meta!.versionId).toBe(String(world.plans[0].versionId));
  });
});

describe('searches follow writes', () => {
  it('a created plan is found by subject, patient, status, _id, activity, identifier; totals and paging count it', async () => {
    const subject = other;
    const seededOfSubject = world.plans.filter((p) => p.clientId === subject.id).map((p) => p.id);
    const plan = await create(
      carePlan({ subject: { reference: `Patient/${subject.id}` }, identifier: [{ system: KEY_SYSTEM, value: `find-${process.pid}` }] }),
    );
    const allBefore = await total('/CarePlan?_count=0');

    const bySubject = await searchAll<CarePlan>(`/CarePlan?subject=Patient/${subject.id}&_count=1`);
    expect(ids(bySubject.matches)).toEqual([...seededOfSubject, plan.id]);
    expect(bySubject.pages).toHaveLength(seededOfSubject.length + 1);
    expect(bySubject.pages.every((p) => p.total === seededOfSubject.length + 1)).toBe(true);
    expect(await total(`/CarePlan?patient=${subject.id}`)).toBe(seededOfSubject.length + 1);
    expect(ids((await searchAll<CarePlan>(`/CarePlan?status=draft&subject=Patient/${subject.id}`)).matches)).toContain(plan.id);
    expect(ids((await get<Bundle<CarePlan>>(`/CarePlan?_id=${plan.id},pl-00002-1`)).body.entry!.map((e) => e.resource!)).sort()).toEqual(
      [plan.id, 'pl-00002-1'].sort(),
    );
    expect(ids((await get<Bundle<CarePlan>>(`/CarePlan?activity=${plan.activity![1].id}`)).body.entry!.map((e) => e.resource!))).toEqual([
      plan.id,
    ]);
    expect(ids((await get<Bundle<CarePlan>>(`/CarePlan?identifier=find-${process.pid}`)).body.entry!.map((e) => e.resource!))).toEqual([
      plan.id,
    ]);

    // All plans, paged to the end: every one once, the written ones after the seeded ones.
    const all = await searchAll<CarePlan>('/CarePlan?_count=100');
    expect(all.matches).toHaveLength(allBefore!);
    expect(new Set(ids(all.matches)).size).toBe(allBefore);
    expect(ids(all.matches).slice(0, world.plans.length)).toEqual(world.plans.map((p) => p.id));
    // _sort=_id puts it in id order among the seeded ones (cp- before pl-).
    const sorted = ids((await searchAll<CarePlan>(`/CarePlan?subject=Patient/${subject.id}&_sort=_id`)).matches);
    expect(sorted).toEqual([...sorted].sort());
    expect(ids((await searchAll<CarePlan>(`/CarePlan?subject=Patient/${subject.id}&_sort=-_id`)).matches)).toEqual([...sorted].reverse());
  });

  it('an update moves the plan between statuses: draft no longer finds it, active does', async () => {
    const plan = await create(carePlan());
    const draftOf = async () => ids((await searchAll<CarePlan>(`/CarePlan?status=draft&subject=Patient/${client.id}&_count=100`)).matches);
    const activeOf = async () =>
      ids((await searchAll<CarePlan>(`/CarePlan?status=active&subject=Patient/${client.id}&_count=100`)).matches);
    expect(await draftOf()).toContain(plan.id);
    const activeBefore = await total('/CarePlan?status=active&_count=0');
    const approved = await update({
      ...plan,
      status: 'active',
      extension: [...(plan.extension ?? []), { url: FHIR_PROFILE.planApprovedExtension, valueDateTime: '2026-11-21T10:00:00Z' }],
      activity: plan.activity!.map((a) => ({ ...a, detail: { ...a.detail!, status: 'in-progress' as const } })),
    });
    expect(approved.status).toBe('active');
    expect(await draftOf()).not.toContain(plan.id);
    expect(await activeOf()).toContain(plan.id);
    expect(await total('/CarePlan?status=active&_count=0')).toBe(activeBefore! + 1);
    // Seeded plans are still found exactly as before.
    expect(await total('/CarePlan?status=active&_count=0')).toBe(world.plans.filter((p) => p.status === 'active').length + 1);
  });

  it('the performer index follows activity.detail.performer: added, replaced, removed, on written and seeded plans', async () => {
    const planIdsOf = async (provider: string) =>
      ids((await searchAll<CarePlan>(`/CarePlan?performer=Organization/${provider}&_count=100`)).matches);
    const plan = await create(
      carePlan({ activity: [activity(psId(), 'kotihoito', 3, ['pr-0002']), activity(psId(), 'ateriapalvelu', 7)] }),
    );
    expect(await planIdsOf('pr-0002')).toContain(plan.id);
    expect(await planIdsOf('pr-0003')).not.toContain(plan.id);

    const replaced = await update({
      ...plan,
      activity: [
        activity(plan.activity![0].id, 'kotihoito', 3, ['pr-0003']),
        activity(plan.activity![1].id, 'ateriapalvelu', 7, ['pr-0003']),
      ],
    });
    expect(await planIdsOf('pr-0002')).not.toContain(plan.id);
    expect(await planIdsOf('pr-0003')).toContain(plan.id);
    expect(
      ids(
        (await get<Bundle<CarePlan>>(`/CarePlan?performer=pr-0003&subject=Patient/${client.id}&_count=100`)).body.entry!.map(
          (e) => e.resource!,
        ),
      ),
    ).toContain(plan.id);

    // One of two activities loses the performer: the plan still has it on the other.
    await update({
      ...replaced,
      activity: [activity(plan.activity![0].id, 'kotihoito', 3), activity(plan.activity![1].id, 'ateriapalvelu', 7, ['pr-0003'])],
    });
    expect(await planIdsOf('pr-0003')).toContain(plan.id);

    // A seeded plan: pl-00003-1 names pr-0001 on a service; without performers it is no longer pr-0001's.
    const seeded = (await get<CarePlan>('/CarePlan/pl-00003-1')).body;
    expect(await planIdsOf('pr-0001')).toContain('pl-00003-1');
    const seededProviders = [
      ...new Set(seeded.activity!.flatMap((a) => (a.detail!.performer ?? []).map((p) => p.reference!.split('/')[1]))),
    ];
    await update({ ...seeded, activity: seeded.activity!.map((a) => ({ ...a, detail: { ...a.detail!, performer: undefined } })) });
    for (const provider of seededProviders) expect(await planIdsOf(provider)).not.toContain('pl-00003-1');
    expect(ids((await searchAll<CarePlan>('/CarePlan?subject=Patient/cl-00003')).matches)).toContain('pl-00003-1');
  });

  it('an activity removed from a plan is no longer found by it, stays that plan’s own, and may come back', async () => {
    const plan = await create(carePlan());
    const [kept, removed] = plan.activity!;
    const v2 = await update({ ...plan, activity: [kept] });
    expect((await get<Bundle>(`/CarePlan?activity=${removed.id}`)).body.total).toBe(0);
    expectOutcome(await send('POST', '/CarePlan', carePlan({ activity: [{ ...removed }] })), 409);
    await update({ ...v2, activity: [kept, removed] });
    expect(ids((await get<Bundle<CarePlan>>(`/CarePlan?activity=${removed.id}`)).body.entry!.map((e) => e.resource!))).toEqual([plan.id]);
  });

  it('_include=CarePlan:goal follows the plan’s current goals', async () => {
    const [g1, g2] = [await create(goal('Ensimmäinen tavoite')), await create(goal('Toinen tavoite'))];
    const plan = await create(carePlan({ goal: [{ reference: `Goal/${g1.id}` }] }));
    await update({ ...plan, goal: [{ reference: `Goal/${g2.id}` }, { reference: `Goal/${g1.id}` }] });
    const after = await get<Bundle>(`/CarePlan?_id=${plan.id}&_include=CarePlan:goal`);
    expectValid(after.body);
    expect(
      after.body
        .entry!.filter((e) => e.search?.mode === 'include')
        .map((e) => e.resource!.id)
        .sort(),
    ).toEqual([g1.id, g2.id].sort());
  });

  it('a Goal moved to another subject leaves the first subject’s index', async () => {
    const g = await create(goal('Siirtyvä tavoite'));
    await update({ ...g, subject: { reference: `Patient/${other.id}` } });
    expect(ids((await searchAll<Goal>(`/Goal?subject=Patient/${client.id}&_count=100`)).matches)).not.toContain(g.id);
    expect(ids((await searchAll<Goal>(`/Goal?subject=Patient/${other.id}&_count=100`)).matches)).toContain(g.id);
  });

  it('the CapabilityStatement declares versioned-update, create, update and history for CarePlan and Goal', async () => {
    const { body } = await get<fhir.CapabilityStatement>('/metadata');
    expectValid(body);
    for (const type of ['CarePlan', 'Goal']) {
      const resource = body.rest![0].resource!.find((r) => r.type === type)!;
      expect(resource).toMatchObject({ versioning: 'versioned-update', readHistory: true, updateCreate: false, conditionalCreate: true });
      expect(resource.interaction!.map((i) => i.code).sort()).toEqual([
        'create',
        'history-instance',
        'read',
        'search-type',
        'update',
        'vread',
      ]);
      expect(resource.searchParam!.map((p) => p.name)).toContain('identifier');
    }
  });
});

describe('Organization: update-as-create at the provider’s id, then versioned updates', () => {
  let serialOrg = 0;
  const orgId = () => `pr-test-${process.pid}-${++serialOrg}`;
  const organization = (id: string, overrides: Record<string, unknown> = {}): Organization => ({
    resourceType: 'Organization',
    id,
    identifier: [{ use: 'official', system: BUSINESS_ID_SYSTEM, value: '1572860-0' }],
    active: true,
    name: 'Kainuun Hoivapolku Oy',
    ...overrides,
  });
  const put = <T = Organization>(
    body: Organization | Record<string, unknown>,
    headers: Record<string, string> = {},
    id = (body as { id?: string }).id,
  ) => send<T>('PUT', `/Organization/${id}`, body, headers);
  const organizationTotal = () => total('/Organization?_count=0');

  it('PUT to an unknown id creates it: 201 with Location and ETag, version 1; read, history (a PUT), vread; found by _id and business ID', async () => {
    const id = orgId();
    const before = await organizationTotal();
    const answer = await put(organization(id, { meta: { versionId: '9' } }));
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.headers.get('content-type')).toBe(FHIR_JSON);
    expectValid(answer.body);
    expect(answer.body).toEqual({ ...organization(id), meta: { versionId: '1', lastUpdated: expect.stringMatching(INSTANT) } });
    expect(answer.headers.get('etag')).toBe('W/"1"');
    expect(answer.headers.get('location')).toBe(`${system.url}/Organization/${id}/_history/1`);

    const read = await get<Organization>(`/Organization/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(answer.body);
    const history = await get<Bundle<Organization>>(`/Organization/${id}/_history`);
    expectValid(history.body);
    expect(history.body.entry!.map((e) => [e.request!.method, e.request!.url, e.response!.status])).toEqual([
      ['PUT', `Organization/${id}`, '201 Created'],
    ]);
    expect((await get<Organization>(`/Organization/${id}/_history/1`)).body).toEqual(answer.body);

    expect(await organizationTotal()).toBe(before! + 1);
    expect(ids((await get<Bundle<Organization>>(`/Organization?_id=${id}`)).body.entry!.map((e) => e.resource!))).toEqual([id]);
    const byBusinessId = await searchAll<Organization>(
      `/Organization?identifier=${encodeURIComponent(`${BUSINESS_ID_SYSTEM}|1572860-0`)}&_count=100`,
    );
    expect(ids(byBusinessId.matches)).toContain(id);
  });

  it('a created Organization is a known performer of planned services at once; an unknown one is still refused', async () => {
    const id = orgId();
    const unknown = await send('POST', '/CarePlan', carePlan({ activity: [activity(psId(), 'kotihoito', 3, [id])] }));
    expect(expectOutcome(unknown, 422)).toContain(`Organization/${id}, which this server does not know`);
    expect((await put(organization(id))).status).toBe(201);
    const plan = await create(carePlan({ activity: [activity(psId(), 'kotihoito', 3, [id])] }));
    expect(ids((await searchAll<CarePlan>(`/CarePlan?performer=Organization/${id}`)).matches)).toEqual([plan.id]);
    // Inactive (a suspended provider) it stays known: plans that name it are still revised.
    const inactive = await put({ ...organization(id), active: false }, { 'if-match': 'W/"1"' });
    expect(inactive.status).toBe(200);
    expect((await update({ ...plan, description: 'Tarkistettu' })).meta!.versionId).toBe('2');
  });

  it('an existing one: 428 without If-Match, 412 when stale, 200 with its version; the business-ID index follows', async () => {
    const id = orgId();
    const v1 = (await put(organization(id))).body;
    const changed = {
      ...v1,
      name: 'Kainuun Hoivapolku Oy (uusi nimi)',
      identifier: [{ use: 'official', system: BUSINESS_ID_SYSTEM, value: '0737546-2' }],
      active: false,
    };
    expect(expectOutcome(await put(changed), 428)).toContain('If-Match');
    expect(expectOutcome(await put(changed, { 'if-match': 'W/"2"' }), 412)).toContain('version 1');
    expectOutcome(await put(changed, { 'if-match': '1' }), 400);
    expect((await get<Organization>(`/Organization/${id}`)).body).toEqual(v1);

    const ok = await put<Organization>(changed, { 'if-match': 'W/"1"' });
    expect(ok.status).toBe(200);
    expectValid(ok.body);
    expect(ok.headers.get('etag')).toBe('W/"2"');
    expect(ok.body).toMatchObject({ id, name: changed.name, active: false, meta: { versionId: '2' } });
    const history = await get<Bundle<Organization>>(`/Organization/${id}/_history`);
    expect(history.body.entry!.map((e) => [e.request!.method, e.response!.status, e.resource!.active])).toEqual([
      ['PUT', '200 OK', false],
      ['PUT', '201 Created', true],
    ]);
    const holders = async (businessId: string) =>
      ids(
        (await searchAll<Organization>(`/Organization?identifier=${encodeURIComponent(`${BUSINESS_ID_SYSTEM}|${businessId}`)}&_count=100`))
          .matches,
      );
    expect(await holders('0737546-2')).toContain(id);
    expect(await holders('1572860-0')).not.toContain(id);
  });

  it('a seeded Organization is updated from its seeded version (a provider approved after applying in the seed)', async () => {
    const applied = world.providers.find((p) => p.status === 'APPLIED')!;
    const seeded = (await get<Organization>(`/Organization/${applied.id}`)).body;
    expect(seeded).toMatchObject({ active: false, meta: { versionId: '1' } });
    const approved = await put<Organization>({ ...seeded, active: true }, { 'if-match': 'W/"1"' });
    expect(approved.status).toBe(200);
    expectValid(approved.body);
    expect(approved.body).toMatchObject({ active: true, telecom: seeded.telecom, type: seeded.type, meta: { versionId: '2' } });
    expect((await get<Bundle<Organization>>(`/Organization/${applied.id}/_history`)).body.total).toBe(2);
  });

  it('If-Match to an id that does not exist is 412: nothing created', async () => {
    const id = orgId();
    expect(expectOutcome(await put(organization(id), { 'if-match': 'W/"1"' }), 412)).toContain('does not exist');
    expectOutcome(await get(`/Organization/${id}`), 404);
  });

  it('refusals (422, every issue with its path): id, business ID, name, active, elements; nothing stored', async () => {
    const before = await organizationTotal();
    const id = orgId();
    const cases: [string, Record<string, unknown>, string[]][] = [
      ['a malformed id', { ...organization('pr_under'), id: 'pr_under' }, ['Organization.id']],
      ['an id over 64 characters', { ...organization('p'.repeat(65)) }, ['Organization.id']],
      ['no identifier', organization(id, { identifier: undefined }), ['Organization.identifier']],
      [
        'no business ID among the identifiers',
        organization(id, { identifier: [{ system: 'urn:other', value: 'x' }] }),
        ['Organization.identifier'],
      ],
      [
        'a wrong check digit',
        organization(id, { identifier: [{ system: BUSINESS_ID_SYSTEM, value: '1572860-1' }] }),
        ['Organization.identifier[0].value'],
      ],
      [
        'two business IDs',
        organization(id, {
          identifier: [
            { system: BUSINESS_ID_SYSTEM, value: '1572860-0' },
            { system: BUSINESS_ID_SYSTEM, value: '0737546-2' },
          ],
        }),
        ['Organization.identifier'],
      ],
      ['an empty name', organization(id, { name: '  ' }), ['Organization.name']],
      ['no name', organization(id, { name: undefined }), ['Organization.name']],
      ['active as a string', organization(id, { active: 'true' }), ['Organization.active']],
      ['no active', organization(id, { active: undefined }), ['Organization.active']],
      ['an element not stored', organization(id, { partOf: { reference: 'Organization/pr-0001' } }), ['Organization.partOf']],
      ['a bad telecom', organization(id, { telecom: [{ system: 'pigeon', value: 'x' }] }), ['Organization.telecom[0].system']],
    ];
    for (const [what, body, paths] of cases) {
      const answer = await put(body);
      expectOutcome(answer, 422);
      const issues = (answer.body as fhir.OperationOutcome).issue;
      expect(
        issues.flatMap((i) => i.expression ?? []),
        what,
      ).toEqual(paths);
    }
    // Everything at once, each named.
    const all = await put(organization(id, { identifier: [{ system: BUSINESS_ID_SYSTEM, value: '123' }], name: '', active: 1 }));
    expectOutcome(all, 422);
    expect((all.body as fhir.OperationOutcome).issue.flatMap((i) => i.expression ?? [])).toEqual([
      'Organization.identifier[0].value',
      'Organization.name',
      'Organization.active',
    ]);
    expect(await organizationTotal()).toBe(before);
    expectOutcome(await get(`/Organization/${id}`), 404);
    // A refused update changes nothing either.
    const v1 = (await put(organization(id))).body;
    expectOutcome(await put({ ...v1, name: '' }, { 'if-match': 'W/"1"' }), 422);
    expect((await get<Organization>(`/Organization/${id}`)).body).toEqual(v1);
  });

  it('the body must be the Organization of the URL (400); POST and DELETE are 405: it is written to its id, never deleted', async () => {
    const id = orgId();
    expect(expectOutcome(await put(organization('pr-0001'), {}, id), 400)).toContain('not the id in the URL');
    const { id: _, ...withoutId } = organization(id);
    expectOutcome(await put(withoutId, {}, id), 400);
    expectOutcome(await put({ ...goal('x'), id }, {}, id), 400);
    expect(expectOutcome(await send('POST', '/Organization', organization(id)), 405)).toContain(`PUT Organization/{id}`);
    expectOutcome(await send('DELETE', '/Organization/pr-0001'), 405);
    expectOutcome(await get(`/Organization/${id}`), 404);
  });

  it('the CapabilityStatement declares update-as-create and versioned updates for Organization, no create', async () => {
    const { body } = await get<fhir.CapabilityStatement>('/metadata');
    expectValid(body);
    const resource = body.rest![0].resource!.find((r) => r.type === 'Organization')!;
    expect(resource).toMatchObject({ versioning: 'versioned-update', readHistory: true, updateCreate: true, conditionalCreate: false });
    expect(resource.interaction!.map((i) => i.code).sort()).toEqual(['history-instance', 'read', 'search-type', 'update', 'vread']);
  });
});
