/**
 * The access policy as a table: every role against clients of their own and of another
 * municipality, field by field. Fast, no HTTP: the integration tests show the same rules at
 * the subgraph's boundary.
 */
import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../lib/viewer.js';
import { clientSearchParams } from './client-search.js';
import { AccessPolicy, type ClientField } from './policy.js';

const v = (p: Partial<Viewer> & Pick<Viewer, 'role'>): Viewer => ({ subject: 's', municipalityCode: null, providerId: null, clientId: null, ...p });
const own = { id: 'cl-00001', municipalityCode: '205' };
const elsewhere = { id: 'cl-00150', municipalityCode: '905' };
const allowed = (viewer: Viewer, client: typeof own, field: ClientField) => {
  try {
    new AccessPolicy(viewer).assertClientField(client, field);
    return true;
  } catch (error) {
    expect((error as { extensions: { code: string } }).extensions.code).toBe('FORBIDDEN');
    return false;
  }
};

describe('AccessPolicy', () => {
  const caseWorker = v({ role: 'CASE_WORKER', municipalityCode: '205' });
  const client = v({ role: 'CLIENT', clientId: 'cl-00001' });
  const provider = v({ role: 'PROVIDER', providerId: 'pr-0001' });

  it('access levels per role', () => {
    expect(new AccessPolicy(caseWorker).clientAccess(own)).toBe('full');
    expect(new AccessPolicy(caseWorker).clientAccess(elsewhere)).toBe('none');
    expect(new AccessPolicy(client).clientAccess(own)).toBe('full');
    expect(new AccessPolicy(client).clientAccess(elsewhere)).toBe('none');
    expect(new AccessPolicy(provider).clientAccess(own)).toBe('delivery');
    expect(new AccessPolicy(v({ role: 'PROVIDER' })).clientAccess(own)).toBe('none');
    expect(new AccessPolicy(v({ role: 'ANALYST', municipalityCode: '205' })).clientAccess(own)).toBe('none');
    expect(new AccessPolicy(v({ role: 'ADMIN' })).clientAccess(own)).toBe('none');
    expect(new AccessPolicy(v({ role: 'CASE_WORKER' })).clientAccess(own)).toBe('none');
  });

  it('a provider reads only the delivery fields', () => {
    const fields: ClientField[] = ['id', 'personalIdentityCode', 'firstName', 'lastName', 'birthDate', 'municipality', 'municipalityCode', 'language', 'address', 'phone', 'responsibleWorker', 'currentPlan', 'plans'];
    expect(fields.filter((f) => allowed(provider, own, f))).toEqual(['id', 'firstName', 'lastName', 'municipality', 'municipalityCode', 'language', 'address']);
    expect(fields.every((f) => allowed(caseWorker, own, f))).toBe(true);
    expect(fields.some((f) => allowed(caseWorker, elsewhere, f))).toBe(false);
  });

  it('the identity code: the client and case workers of the client’s municipality only', () => {
    expect(allowed(client, own, 'personalIdentityCode')).toBe(true);
    expect(allowed(caseWorker, own, 'personalIdentityCode')).toBe(true);
    expect(allowed(caseWorker, elsewhere, 'personalIdentityCode')).toBe(false);
    expect(allowed(provider, own, 'personalIdentityCode')).toBe(false);
  });

  it('root lookups: clients and case workers, scoped to self or municipality', () => {
    expect(new AccessPolicy(client).clientListScope()).toEqual({ clientId: 'cl-00001' });
    expect(new AccessPolicy(caseWorker).clientListScope()).toEqual({ municipalityCode: '205' });
    for (const role of ['PROVIDER', 'ANALYST', 'ADMIN'] as const) {
      expect(() => new AccessPolicy(v({ role })).assertMayQueryClients()).toThrow();
    }
    expect(() => new AccessPolicy(v({ role: 'CASE_WORKER' })).clientListScope()).toThrow();
  });

  it('plan fields: a provider gets what the planned service and its budget need, not the content', () => {
    const p = new AccessPolicy(provider);
    expect(() => p.assertPlanField(own, 'services')).not.toThrow();
    expect(() => p.assertPlanField(own, 'municipalityCode')).not.toThrow();
    expect(() => p.assertPlanField(own, 'situation')).toThrow();
    expect(() => p.assertPlanField(own, 'goals')).toThrow();
    expect(() => p.assertServiceField(own, 'instructions')).not.toThrow();
  });
});

describe('clientSearchParams', () => {
  it('a valid identity code searches the HETU identifier, normalised', () => {
    expect(clientSearchParams(' 030844y004v ')).toEqual([['identifier', 'urn:oid:1.2.246.21|030844Y004V']]);
  });
  it('names: every word a name parameter', () => {
    expect(clientSearchParams('Anne  Kem')).toEqual([['name', 'Anne'], ['name', 'Kem']]);
    expect(clientSearchParams('')).toEqual([]);
    expect(clientSearchParams(null)).toEqual([]);
  });
  it.each(['030844Y004A', '030844', 'Kemp,Virt', 'x|y', 'a'.repeat(101)])('refuses %s', (s) => {
    expect(() => clientSearchParams(s)).toThrow(/search/);
  });
});
