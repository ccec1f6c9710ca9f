/**
 * The shared shape of the subgraphs' access policies: a grant as data, applied. The subgraphs'
 * own tests show each policy at its boundary; these show the rules every one of them relies on.
 */
import { describe, expect, it } from 'vitest';
import { ALL, AccessPolicy, NONE, only } from './access-policy.js';

type Kind = 'Order' | 'Provider' | 'Report';
const policy = (read: Partial<Record<Kind, ReturnType<typeof only>>>, write: Partial<Record<'decide', ReturnType<typeof only>>> = {}) =>
  new AccessPolicy<Kind, 'decide'>({ read: { Order: NONE, Provider: NONE, Report: NONE, ...read }, write: { decide: NONE, ...write } });

describe('AccessPolicy', () => {
  it("a record is the viewer's when its facts meet every criterion of an entry; a missing fact never does", () => {
    const p = policy({ Order: only('providerId', 'pr-1') });
    expect(p.may('Order', { providerId: 'pr-1', clientId: 'cl-1' })).toBe(true);
    expect(p.may('Order', { providerId: 'pr-2' })).toBe(false);
    expect(p.may('Order', { clientId: 'cl-1' })).toBe(false);
    expect(p.may('Order', { providerId: null })).toBe(false);
    // A fact of several values (the providers performing in a plan) meets a criterion it contains.
    expect(p.may('Order', { providerId: ['pr-3', 'pr-1'] })).toBe(true);
    expect(p.may('Order', { providerId: [] })).toBe(false);
  });

  it('a token without the id a grant needs reaches nothing', () => {
    expect(only('clientId', null)).toBe(NONE);
    const p = policy({ Order: only('clientId', undefined) });
    expect(p.mayReach('Order')).toBe(false);
    expect(p.may('Order', { clientId: 'cl-1' })).toBe(false);
  });

  it('before a record is loaded, only the facts known are judged', () => {
    const p = policy({ Order: only('municipalityCode', '205') });
    expect(p.mayReach('Order', { clientId: 'cl-1' })).toBe(true);
    expect(p.mayReach('Order', { municipalityCode: '905' })).toBe(false);
    expect(policy({}).mayReach('Order')).toBe(false);
  });

  it('the first entry a record meets decides its hidden fields; every field of a record not seen is hidden', () => {
    const p = policy({
      Provider: [
        { where: { id: 'pr-1' } },
        { where: { status: 'APPROVED' }, hidden: ['iban'] },
        { where: { status: 'SUSPENDED' }, hidden: ['iban'], unlisted: true },
      ],
    });
    expect(p.hides('Provider', { id: 'pr-1', status: 'APPROVED' }, 'iban')).toBe(false);
    expect(p.hides('Provider', { id: 'pr-2', status: 'APPROVED' }, 'iban')).toBe(true);
    expect(p.hides('Provider', { id: 'pr-2', status: 'APPROVED' }, 'name')).toBe(false);
    expect(p.hides('Provider', { id: 'pr-2', status: 'APPLIED' }, 'name')).toBe(true);
    // Lists and searches leave unlisted entries out.
    expect(p.listed('Provider')).toEqual([{ id: 'pr-1' }, { status: 'APPROVED' }]);
    expect(policy({ Provider: ALL }).listed('Provider')).toBe('all');
  });

  it("a fact every entry fixes is the viewer's own (e.g. its provider id); otherwise none", () => {
    expect(policy({ Order: only('providerId', 'pr-1') }).fixed('Order', 'providerId')).toBe('pr-1');
    expect(policy({ Order: ALL }).fixed('Order', 'providerId')).toBeNull();
    expect(policy({}).fixed('Order', 'providerId')).toBeNull();
    expect(
      policy({ Order: [{ where: { providerId: 'pr-1' } }, { where: { providerId: 'pr-2' } }] }).fixed('Order', 'providerId'),
    ).toBeNull();
  });

  it('writes: refused before anything is read when no entry could match, then judged on the record', () => {
    const p = policy({}, { decide: only('providerId', 'pr-1') });
    expect(p.mayWrite('decide')).toBe(true);
    expect(p.mayWrite('decide', { providerId: 'pr-1' })).toBe(true);
    expect(p.mayWrite('decide', { providerId: 'pr-2' })).toBe(false);
    expect(policy({}).mayWrite('decide')).toBe(false);
  });

  it("aggregates are narrowed to the viewer's own, refused for another, open for every record under ALL", () => {
    const own = policy({ Report: only('municipalityCode', '205') });
    expect(own.narrow('Report', 'municipalityCode', null, 'reports')).toBe('205');
    expect(own.narrow('Report', 'municipalityCode', '205', 'reports')).toBe('205');
    expect(() => own.narrow('Report', 'municipalityCode', '905', 'reports')).toThrow(
      expect.objectContaining({ extensions: { code: 'FORBIDDEN' } }),
    );
    expect(policy({ Report: ALL }).narrow('Report', 'municipalityCode', '905', 'reports')).toBe('905');
    expect(policy({ Report: ALL }).narrow('Report', 'municipalityCode', undefined, 'reports')).toBeNull();
    expect(() => policy({}).narrow('Report', 'municipalityCode', null, 'reports')).toThrow(
      expect.objectContaining({ extensions: { code: 'FORBIDDEN' } }),
    );
  });
});
