/**
 * The access policy as a table: every role against clients of their own and of another
 * municipality, a provider against clients it does and does not serve, field by field, and the
 * audit notes it leaves. Fast, no HTTP (the facts are in memory): the integration tests show the
 * same rules at the subgraph's boundary.
 */
import { describe, expect, it } from 'vitest';
import { AuditTrail } from '../../lib/audit.js';
import type { Viewer } from '../../lib/viewer.js';
import { clientSearchParams } from './client-search.js';
import type { ClientModel, PlanModel, PlanStatusModel, PlannedServiceModel } from './models.js';
import { ClientRecordsPolicy, type ClientValueField, type PolicyFacts } from './policy.js';

const v = (p: Partial<Viewer> & Pick<Viewer, 'role'>): Viewer => ({
  subject: 's',
  municipalityCode: null,
  providerId: null,
  clientId: null,
  ...p,
});
const own = { id: 'cl-00001', municipalityCode: '205' };
const elsewhere = { id: 'cl-00150', municipalityCode: '905' };

const service = (
  planId: string,
  clientId: string,
  n: number,
  planStatus: PlanStatusModel,
  performerIds: string[],
): PlannedServiceModel => ({
  id: `ps-${planId.slice(3)}-0${n}`,
  planId,
  clientId,
  municipalityCode: '205',
  planStatus,
  performerIds,
  serviceTypeCode: 'kotihoito',
  quantity: '2.5',
  unit: 'HOUR',
  per: 'WEEK',
  schedule: null,
  location: null,
  instructions: null,
});
const plan = (id: string, clientId: string, status: PlanStatusModel, performers: string[][]): PlanModel => ({
  id,
  clientId,
  version: '1',
  status,
  validFrom: '2026-01-01',
  validTo: null,
  situation: 'situation',
  goals: ['goal'],
  approvedAt: null,
  revocationReason: null,
  municipalityCode: '205',
  services: performers.map((p, i) => service(id, clientId, i + 1, status, p)),
});

// cl-00001: pr-0001 performs the first service of the active plan; pr-0002 the second.
// cl-00003: pr-0001 only in a revoked plan; pr-0003 in a completed one.
const PLANS: Record<string, PlanModel[]> = {
  'cl-00001': [plan('pl-00001-1', 'cl-00001', 'ACTIVE', [['pr-0001'], ['pr-0002'], []])],
  'cl-00003': [plan('pl-00003-2', 'cl-00003', 'REVOKED', [['pr-0001']]), plan('pl-00003-1', 'cl-00003', 'COMPLETED', [['pr-0003']])],
};
const facts: PolicyFacts = {
  plansOfClient: async (id) => PLANS[id] ?? [],
  client: async (id) => (id === 'cl-00001' ? ({ id, responsibleWorkerId: 'cw-0001' } as ClientModel) : null),
  plan: async (id) =>
    Object.values(PLANS)
      .flat()
      .find((p) => p.id === id) ?? null,
  planOfService: async (id) =>
    Object.values(PLANS)
      .flat()
      .find((p) => p.services.some((s) => s.id === id)) ?? null,
  caseWorker: async () => null,
};
const policy = (viewer: Viewer, audit = new AuditTrail()) => new ClientRecordsPolicy(viewer, facts, audit);
/** The access a viewer has to a client: full, delivery (some fields hidden) or none. */
const clientAccess = async (p: ClientRecordsPolicy, c: typeof own) => {
  const entry = await p.access('Client', c);
  return !entry ? 'none' : entry.hidden?.length ? 'delivery' : 'full';
};
const allowed = async (viewer: Viewer, client: typeof own, field: ClientValueField) => {
  try {
    await policy(viewer).releaseField('Client', client, field, () => 'x');
    return true;
  } catch (error) {
    expect((error as { extensions: { code: string } }).extensions.code).toBe('FORBIDDEN');
    return false;
  }
};
/** Refused with FORBIDDEN: a promise that rejects, or a call that throws at once or rejects (releaseField decides at once when it can). */
const refused = async (p: Promise<unknown> | (() => unknown)) => {
  await expect(typeof p === 'function' ? (async () => p())() : p).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
};

describe('AccessPolicy', () => {
  const caseWorker = v({ role: 'CASE_WORKER', municipalityCode: '205' });
  const client = v({ role: 'CLIENT', clientId: 'cl-00001' });
  const provider = v({ role: 'PROVIDER', providerId: 'pr-0001' });
  const cl3 = { id: 'cl-00003', municipalityCode: '205' };

  it('access levels per role; a provider only for clients it performs a service for', async () => {
    expect(await clientAccess(policy(caseWorker), own)).toBe('full');
    expect(await clientAccess(policy(caseWorker), elsewhere)).toBe('none');
    expect(await clientAccess(policy(client), own)).toBe('full');
    expect(await clientAccess(policy(client), elsewhere)).toBe('none');
    expect(await clientAccess(policy(provider), own)).toBe('delivery');
    expect(await clientAccess(policy(provider), elsewhere)).toBe('none');
    expect(await clientAccess(policy(v({ role: 'PROVIDER', providerId: 'pr-0002' })), own)).toBe('delivery');
    expect(await clientAccess(policy(v({ role: 'PROVIDER', providerId: 'pr-0009' })), own)).toBe('none');
    expect(await clientAccess(policy(v({ role: 'PROVIDER' })), own)).toBe('none');
    expect(await clientAccess(policy(v({ role: 'ANALYST', municipalityCode: '205' })), own)).toBe('none');
    expect(await clientAccess(policy(v({ role: 'ADMIN' })), own)).toBe('none');
    expect(await clientAccess(policy(v({ role: 'CASE_WORKER' })), own)).toBe('none');
  });

  it('a revoked plan gives a provider nothing; a completed one does', async () => {
    expect(await clientAccess(policy(provider), cl3)).toBe('none');
    expect(await clientAccess(policy(v({ role: 'PROVIDER', providerId: 'pr-0003' })), cl3)).toBe('delivery');
  });

  it('a provider reads only the delivery fields', async () => {
    const fields: ClientValueField[] = [
      'id',
      'personalIdentityCode',
      'firstName',
      'lastName',
      'birthDate',
      'municipality',
      'municipalityCode',
      'language',
      'address',
      'phone',
      'responsibleWorker',
    ];
    const readable = async (viewer: Viewer, client: typeof own) => {
      const out: ClientValueField[] = [];
      for (const f of fields) if (await allowed(viewer, client, f)) out.push(f);
      return out;
    };
    expect(await readable(provider, own)).toEqual([
      'id',
      'firstName',
      'lastName',
      'municipality',
      'municipalityCode',
      'language',
      'address',
    ]);
    expect(await readable(provider, cl3)).toEqual([]);
    expect(await readable(caseWorker, own)).toEqual(fields);
    expect(await readable(client, own)).toEqual(fields);
    expect(await readable(caseWorker, elsewhere)).toEqual([]);
    expect(await readable(v({ role: 'ANALYST', municipalityCode: '205' }), own)).toEqual([]);
  });

  it('the identity code: the client and case workers of the client’s municipality only', async () => {
    expect(await allowed(client, own, 'personalIdentityCode')).toBe(true);
    expect(await allowed(caseWorker, own, 'personalIdentityCode')).toBe(true);
    expect(await allowed(caseWorker, elsewhere, 'personalIdentityCode')).toBe(false);
    expect(await allowed(provider, own, 'personalIdentityCode')).toBe(false);
  });

  it('root lookups: clients and case workers, scoped to self or municipality', () => {
    expect(policy(client).searchScope()).toEqual({ clientId: 'cl-00001' });
    expect(policy(caseWorker).searchScope()).toEqual({ municipalityCode: '205' });
    for (const role of ['PROVIDER', 'ANALYST', 'ADMIN'] as const) {
      expect(() => policy(v({ role })).searchScope()).toThrow();
    }
    expect(() => policy(v({ role: 'CASE_WORKER' })).searchScope()).toThrow();
  });

  it('lookups by id are refused before loading where the role decides', async () => {
    expect(() => policy(client).assertMayLookUp('Client', 'cl-00002')).toThrow();
    expect(() => policy(v({ role: 'ANALYST' })).assertMayLookUp('Client', 'cl-00001')).toThrow();
    expect(() => policy(v({ role: 'ADMIN' })).assertMayLookUp('Client', 'cl-00001')).toThrow();
    await expect(policy(client).assertMayLookUp('Client', 'cl-00001')).resolves.toBeUndefined();
    await expect(policy(caseWorker).assertMayLookUp('Client', 'cl-00150')).resolves.toBeUndefined(); // decided on the record
    await expect(policy(provider).assertMayLookUp('Client', 'cl-00001')).resolves.toBeUndefined();
    await refused(policy(provider).assertMayLookUp('Client', 'cl-00003'));
    await refused(policy(provider).assertMayLookUp('Client', 'cl-99999'));
  });

  it('a provider: plans it performs in, services it performs, no goals or situation', async () => {
    const [active] = PLANS['cl-00001'];
    const p = policy(provider);
    expect(await p.releaseAll('ClientPlan', own, async () => PLANS['cl-00001'])).toEqual([active]);
    expect((await p.releaseAll('PlannedService', active)).map((s) => s.id)).toEqual(['ps-00001-1-01']);
    expect(await p.releaseField('ClientPlan', active, 'goals', () => active.goals)).toEqual([]);
    await refused(() => p.releaseField('ClientPlan', active, 'situation', () => 'x'));
    await refused(() => p.releaseField('ClientPlan', active, 'approvedAt', () => 'x'));
    expect(await p.releaseField('ClientPlan', active, 'validFrom', () => active.validFrom)).toBe('2026-01-01');
    expect(await p.releaseField('PlannedService', active.services[0], 'instructions', () => 'ok')).toBe('ok');
    await refused(() => p.releaseField('PlannedService', active.services[1], 'instructions', () => 'x'));
    await refused(p.release('PlannedService', active.services[2]));
    const [revoked, completed] = PLANS['cl-00003'];
    await refused(p.release('ClientPlan', revoked));
    await refused(p.release('PlannedService', revoked.services[0]));
    await refused(p.release('ClientPlan', completed));
    // currentPlan: FORBIDDEN when there is an active plan it does not perform in.
    await refused(
      policy(v({ role: 'PROVIDER', providerId: 'pr-0003' })).releaseCurrentPlan(cl3, async () => ({
        ...completed,
        status: 'ACTIVE' as const,
        services: [],
      })),
    );
    expect(await policy(v({ role: 'PROVIDER', providerId: 'pr-0003' })).releaseCurrentPlan(cl3, async () => null)).toBeNull();
  });

  it('full access: every plan, service and goal', async () => {
    const [active] = PLANS['cl-00001'];
    const p = policy(caseWorker);
    expect(await p.releaseAll('PlannedService', active)).toHaveLength(3);
    expect(await p.releaseField('ClientPlan', active, 'goals', () => active.goals)).toEqual(['goal']);
    expect(await p.releaseField('ClientPlan', active, 'situation', () => active.situation)).toBe('situation');
  });

  it('case workers: colleagues of the municipality; a client’s own responsible worker; nobody else', async () => {
    const cw1 = { id: 'cw-0001', name: 'A', phone: null, email: null, municipalityCode: '205' };
    const cw9 = { id: 'cw-0009', name: 'B', phone: null, email: null, municipalityCode: '905' };
    await expect(policy(caseWorker).release('CaseWorker', cw1)).resolves.toBe(cw1);
    await refused(policy(caseWorker).release('CaseWorker', cw9));
    await expect(policy(client).release('CaseWorker', cw1)).resolves.toBe(cw1);
    await refused(policy(client).release('CaseWorker', { ...cw1, id: 'cw-0002' }));
    for (const role of ['PROVIDER', 'ANALYST', 'ADMIN'] as const) {
      expect(() => policy(v({ role, providerId: 'pr-0001' })).assertMayLookUp('CaseWorker')).toThrow();
    }
  });

  it('notes every allowed read for the audit, with the kind, and nothing refused', async () => {
    const audit = new AuditTrail();
    const p = policy(provider, audit);
    const [active] = PLANS['cl-00001'];
    await p.releaseField('Client', own, 'firstName', () => 'x');
    await refused(() => p.releaseField('Client', own, 'personalIdentityCode', () => 'x'));
    await p.releaseField('PlannedService', active.services[0], 'quantity', () => '2.5');
    await refused(() => p.releaseField('Client', cl3, 'firstName', () => 'x'));
    // A provider's reads are disclosures: noted with the service it performs as their basis.
    expect(audit.toJSON()).toEqual([
      { clientId: 'cl-00001', municipalityCode: '205', kinds: ['Client', 'PlannedService'], basis: ['PlannedService/ps-00001-1-01'] },
    ]);

    const full = new AuditTrail();
    const cw = policy(caseWorker, full);
    await cw.releaseField('Client', own, 'personalIdentityCode', () => 'x');
    await cw.releaseField('ClientPlan', active, 'situation', () => 'x');
    await refused(() => cw.releaseField('Client', elsewhere, 'firstName', () => 'x'));
    expect(full.toJSON()).toEqual([{ clientId: 'cl-00001', municipalityCode: '205', kinds: ['ClientPlan', 'IdentityCode'] }]);
  });

  it("notes a client's id, and a client found by a lookup, as their existence only", async () => {
    const audit = new AuditTrail();
    const cw = policy(caseWorker, audit);
    await cw.releaseField('Client', own, 'id', () => 'cl-00001');
    await cw.release('Client', own);
    expect(audit.toJSON()).toEqual([{ clientId: 'cl-00001', municipalityCode: '205', kinds: ['Existence'] }]);
    // An unknown id is refused exactly as another municipality's client.
    await refused(cw.release('Client', elsewhere));
    const notVisible = await cw.release('Client', elsewhere).catch((e: Error) => e);
    expect(cw.unknownClient()).toEqual(notVisible);
  });
});

describe('clientSearchParams', () => {
  it('a valid identity code searches the HETU identifier, normalised', () => {
    expect(clientSearchParams(' 030844y004v ')).toEqual([['identifier', 'urn:oid:1.2.246.21|030844Y004V']]);
  });
  it('names: every word a name parameter', () => {
    expect(clientSearchParams('Anne  Kem')).toEqual([
      ['name', 'Anne'],
      ['name', 'Kem'],
    ]);
    expect(clientSearchParams('')).toEqual([]);
    expect(clientSearchParams(null)).toEqual([]);
  });
  it.each(['030844Y004A', '030844', 'Kemp,Virt', 'x|y', 'a'.repeat(101)])('refuses %s', (s) => {
    expect(() => clientSearchParams(s)).toThrow(/search/);
  });
});
