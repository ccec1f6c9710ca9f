/**
 * The audit notes as they travel (lib/audit.ts, lib/audit-ingest.ts, the gateway's merge):
 * reads and writes of a client's data, per client, validated on the way in, signed on the way
 * to the store — with batches of the previous shape (no writes) still accepted.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mergeReads, mergeSubjectWrites } from '../gateway/audit/index.js';
import {
  accessKindOf,
  AUDIT_EXTENSION,
  AuditTrail,
  readsFromExtensions,
  releasedKinds,
  subjectWritesFromExtensions,
  type ClientDataRead,
} from './audit.js';
import { signAuditBatch, verifyAuditBatch, type AuditEntry } from './audit-ingest.js';

const secret = new TextEncoder().encode(randomBytes(32).toString('hex'));
const note = (clientId: string, kinds: string[], written: string[] = [], municipalityCode: string | null = '205'): ClientDataRead => ({
  clientId,
  municipalityCode,
  kinds,
  written,
});

describe('AuditTrail', () => {
  it('notes reads per client, kinds sorted and once', () => {
    const trail = new AuditTrail();
    trail.record('cl-1', '205', 'ClientPlan');
    trail.record('cl-1', null, 'Client');
    trail.record('cl-1', '205', 'Client');
    expect(trail.size).toBe(1);
    expect(trail.toJSON()).toEqual([{ clientId: 'cl-1', municipalityCode: '205', kinds: ['Client', 'ClientPlan'] }]);
  });

  it('notes writes beside reads, in order, and counts a client with writes only', () => {
    const trail = new AuditTrail();
    trail.record('cl-1', '205', 'ClientPlan');
    trail.recordWrite('cl-1', '205', 'updatePlan ClientPlan/cp-1');
    trail.recordWrite('cl-1', '205', 'approvePlan ClientPlan/cp-1');
    trail.recordWrite('cl-1', '205', 'approvePlan ClientPlan/cp-1');
    trail.recordWrite('cl-2', undefined, 'orderService Order/or-9');
    expect(trail.size).toBe(2);
    expect(trail.toJSON()).toEqual([
      {
        clientId: 'cl-1',
        municipalityCode: '205',
        kinds: ['ClientPlan'],
        written: ['updatePlan ClientPlan/cp-1', 'approvePlan ClientPlan/cp-1'],
      },
      { clientId: 'cl-2', municipalityCode: null, kinds: [], written: ['orderService Order/or-9'] },
    ]);
  });

  it('fills in the municipality a later note knows', () => {
    const trail = new AuditTrail();
    trail.recordWrite('cl-1', null, 'cancelOrder Order/or-1');
    trail.record('cl-1', '905', 'Order');
    expect(trail.toJSON()[0]).toMatchObject({ municipalityCode: '905' });
  });

  it('cuts a write action to 200 characters and never keeps an empty one', () => {
    const trail = new AuditTrail();
    trail.recordWrite('cl-1', '205', `reportDelivery Delivery/${'d'.repeat(300)}`);
    trail.recordWrite('cl-2', '205', '   ');
    const [long, empty] = trail.toJSON();
    expect(long!.written![0]).toHaveLength(200);
    expect(long!.written![0]!.startsWith('reportDelivery Delivery/ddd')).toBe(true);
    expect(empty!.written).toEqual(['unnamed write']);
  });
});

describe("writes that changed no client's data", () => {
  it('travel in the same extension as subject notes, apart from the client notes', () => {
    const trail = new AuditTrail();
    trail.record('cl-1', '205', 'Client');
    trail.recordSubjectWrite('Provider/pr-1', 'applyAsProvider Provider/pr-1');
    trail.recordSubjectWrite('Provider/pr-1', 'setOffering ServiceOffering/of-1');
    trail.recordSubjectWrite('Provider/pr-1', 'applyAsProvider Provider/pr-1');
    expect(trail.size).toBe(2);
    const wire = JSON.parse(JSON.stringify({ [AUDIT_EXTENSION]: trail.toJSON() }));
    expect(readsFromExtensions(wire)).toEqual([{ clientId: 'cl-1', municipalityCode: '205', kinds: ['Client'], written: [] }]);
    expect(subjectWritesFromExtensions(wire)).toEqual([
      { subject: 'Provider/pr-1', written: ['applyAsProvider Provider/pr-1', 'setOffering ServiceOffering/of-1'] },
    ]);
  });

  it('drops subject notes without a write, with a client id, or of the wrong shape', () => {
    const wire = {
      [AUDIT_EXTENSION]: [
        { subject: 'Provider/pr-1', written: [] },
        { subject: 'X/1', clientId: 'cl-1', written: ['a'] },
        { subject: 5, written: ['a'] },
        { subject: '  ', written: ['a'] },
        { subject: 'UnitCost/205/kotihoito', written: ['setUnitCost UnitCost/205/kotihoito/2027-01-01', 7] },
      ],
    };
    expect(subjectWritesFromExtensions(wire)).toEqual([
      { subject: 'UnitCost/205/kotihoito', written: ['setUnitCost UnitCost/205/kotihoito/2027-01-01'] },
    ]);
  });

  it('merge per subject across subgraphs, in order, without repeats', () => {
    expect(
      mergeSubjectWrites([
        { subject: 'Provider/pr-1', written: ['a', 'b'] },
        { subject: 'Provider/pr-2', written: ['c'] },
        { subject: 'Provider/pr-1', written: ['b', 'd'] },
      ]),
    ).toEqual([
      { subject: 'Provider/pr-1', written: ['a', 'b', 'd'] },
      { subject: 'Provider/pr-2', written: ['c'] },
    ]);
  });
});

describe('readsFromExtensions', () => {
  it('reads what a subgraph server sends (the trail as JSON)', () => {
    const trail = new AuditTrail();
    trail.record('cl-1', '205', 'Client');
    trail.recordWrite('cl-2', '205', 'acceptOrder Order/or-1');
    const wire = JSON.parse(JSON.stringify({ [AUDIT_EXTENSION]: trail.toJSON() }));
    expect(readsFromExtensions(wire)).toEqual([
      { clientId: 'cl-1', municipalityCode: '205', kinds: ['Client'], written: [] },
      { clientId: 'cl-2', municipalityCode: '205', kinds: [], written: ['acceptOrder Order/or-1'] },
    ]);
  });

  it('takes entries of the previous shape (kinds, no written) and entries with writes only', () => {
    expect(
      readsFromExtensions({
        [AUDIT_EXTENSION]: [
          { clientId: 'cl-1', municipalityCode: '205', kinds: ['Client'] },
          { clientId: 'cl-2', municipalityCode: null, written: ['revokePlan ClientPlan/cp-2'] },
        ],
      }),
    ).toEqual([note('cl-1', ['Client']), note('cl-2', [], ['revokePlan ClientPlan/cp-2'], null)]);
  });

  it('drops what is not typed right, and cuts writes to the store’s limit', () => {
    const reads = readsFromExtensions({
      [AUDIT_EXTENSION]: [
        null,
        'cl-0',
        { clientId: 7, kinds: ['Client'] },
        { clientId: 'cl-1' },
        {
          clientId: 'cl-2',
          municipalityCode: 205,
          kinds: ['Client', 3],
          written: [null, '', ' ', 'x'.repeat(250), 'cancelOrder Order/or-1'],
        },
        { clientId: 'cl-3', kinds: 'Client', written: 'approvePlan' },
      ],
    });
    expect(reads).toEqual([note('cl-2', ['Client'], ['x'.repeat(200), 'cancelOrder Order/or-1'], null)]);
    expect(readsFromExtensions(undefined)).toEqual([]);
    expect(readsFromExtensions({ [AUDIT_EXTENSION]: { clientId: 'cl-1' } })).toEqual([]);
  });
});

describe('mergeReads (gateway)', () => {
  it('makes one note per client across subgraphs: kinds united and sorted, writes united in order', () => {
    const merged = mergeReads([
      note('cl-1', ['ClientPlan'], ['approvePlan ClientPlan/cp-1'], null),
      note('cl-2', ['Order']),
      note('cl-1', ['Budget', 'ClientPlan'], ['grantVoucher Voucher/vo-1', 'approvePlan ClientPlan/cp-1'], '205'),
      note('cl-3', [], ['orderService Order/or-3']),
    ]);
    expect(merged).toEqual([
      note('cl-1', ['Budget', 'ClientPlan'], ['approvePlan ClientPlan/cp-1', 'grantVoucher Voucher/vo-1'], '205'),
      note('cl-2', ['Order']),
      note('cl-3', [], ['orderService Order/or-3']),
    ]);
  });

  it('does not change the notes it was given', () => {
    const first = note('cl-1', ['Client'], ['a']);
    mergeReads([first, note('cl-1', ['Order'], ['b'])]);
    expect(first).toEqual(note('cl-1', ['Client'], ['a']));
  });
});

describe('signed audit batches', () => {
  const entry: AuditEntry = {
    actorRole: 'CASE_WORKER',
    actorId: 'cw-0001',
    clientId: 'cl-1',
    municipalityCode: '205',
    operation: 'ApprovePlan',
    requestId: 'r-1',
    dataRead: ['ClientPlan'],
    dataWritten: ['approvePlan ClientPlan/cp-1'],
    accessKind: 'WRITE',
    recipient: null,
    basis: [],
  };
  const disclosure: AuditEntry = {
    ...entry,
    actorRole: 'PROVIDER',
    actorId: 'system-pr-1',
    dataRead: ['Client', 'Order'],
    dataWritten: [],
    accessKind: 'DISCLOSURE',
    recipient: 'pr-1',
    basis: ['Order/or-1', 'PlannedService/ps-1'],
  };
  const entriesOf = async (token: string) => (await verifyAuditBatch(token, secret))?.entries ?? null;

  it('round-trips entries with their writes, kinds, recipients and bases', async () => {
    const writesOnly = { ...entry, clientId: 'cl-2', dataRead: [], dataWritten: [`reportDelivery Delivery/${'d'.repeat(176)}`] };
    expect(await entriesOf(await signAuditBatch([entry, writesOnly, disclosure], secret))).toEqual([entry, writesOnly, disclosure]);
  });

  it('gives every batch an id of its own, so a replay can be told from a new batch', async () => {
    const [a, b] = await Promise.all([signAuditBatch([entry], secret), signAuditBatch([entry], secret)]);
    const [first, second] = await Promise.all([verifyAuditBatch(a, secret), verifyAuditBatch(b, secret)]);
    expect(first!.batchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first!.batchId).not.toBe(second!.batchId);
  });

  it('still verifies entries of the previous shape: no writes, no kind (derived), no basis', async () => {
    const { dataWritten: _none, accessKind: _kind, recipient: _r, basis: _b, ...old } = entry;
    expect(await entriesOf(await signAuditBatch([old as AuditEntry], secret))).toEqual([{ ...entry, dataWritten: [], accessKind: 'READ' }]);
  });

  it('refuses a kind the entry does not show, and a recipient without a disclosure (or none with one)', async () => {
    for (const bad of [
      { ...entry, accessKind: 'READ' },
      { ...disclosure, accessKind: 'READ' },
      { ...entry, accessKind: 'GLANCE' },
      { ...entry, recipient: 'pr-1' },
      { ...disclosure, recipient: null },
      { ...disclosure, basis: ['because I asked'] },
    ]) {
      expect(await entriesOf(await signAuditBatch([bad as AuditEntry], secret)), JSON.stringify(bad)).toBeNull();
    }
  });

  it('refuses malformed writes and foreign signatures', async () => {
    for (const dataWritten of [['x'.repeat(201)], [''], [42], 'approvePlan', null]) {
      expect(await verifyAuditBatch(await signAuditBatch([{ ...entry, dataWritten } as unknown as AuditEntry], secret), secret)).toBeNull();
    }
    const foreign = new TextEncoder().encode(randomBytes(32).toString('hex'));
    expect(await verifyAuditBatch(await signAuditBatch([entry], foreign), secret)).toBeNull();
  });
});

describe('what an entry says happened', () => {
  it('lists Existence only when nothing more of the client was released', () => {
    expect(releasedKinds(['Existence'])).toEqual(['Existence']);
    expect(releasedKinds(['Order', 'Existence', 'Client', 'Order'])).toEqual(['Client', 'Order']);
  });

  it('derives the kind of access from the entry, not from any name', () => {
    expect(accessKindOf({ actorRole: 'CASE_WORKER', dataRead: ['Existence'], dataWritten: [] })).toBe('EXISTENCE');
    expect(accessKindOf({ actorRole: 'CASE_WORKER', dataRead: ['Client'], dataWritten: [] })).toBe('READ');
    expect(accessKindOf({ actorRole: 'CLIENT', dataRead: ['Order'], dataWritten: ['orderService Order/or-1'] })).toBe('WRITE');
    expect(accessKindOf({ actorRole: 'PROVIDER', dataRead: ['Order'], dataWritten: ['acceptOrder Order/or-1'] })).toBe('DISCLOSURE');
    expect(accessKindOf({ actorRole: 'PROVIDER', dataRead: [], dataWritten: ['reportDelivery Delivery/de-1'] })).toBe('WRITE');
  });

  it("carries a provider's basis with the notes, merged per client and sorted", () => {
    const trail = new AuditTrail();
    trail.record('cl-1', '205', 'Order', { basis: 'Order/or-2' });
    trail.record('cl-1', '205', 'Client', { basis: 'PlannedService/ps-1' });
    trail.record('cl-1', '205', 'Client', { basis: 'not a basis' });
    const wire = JSON.parse(JSON.stringify({ [AUDIT_EXTENSION]: trail.toJSON() }));
    const [read] = readsFromExtensions(wire);
    expect(read).toEqual({
      clientId: 'cl-1',
      municipalityCode: '205',
      kinds: ['Client', 'Order'],
      written: [],
      basis: ['Order/or-2', 'PlannedService/ps-1'],
    });
    expect(mergeReads([read!, { ...note('cl-1', ['Existence']), basis: ['Order/or-1'] }])).toEqual([
      { ...note('cl-1', ['Client', 'Order']), basis: ['Order/or-1', 'Order/or-2', 'PlannedService/ps-1'] },
    ]);
  });
});
