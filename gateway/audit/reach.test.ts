/**
 * Which audited reads reached the caller (reach.ts), on answers written out by hand: root
 * fetches, entity fetches that line up with the final answer and ones that do not, nulls in
 * the subgraph's answer and in the gateway's, and kinds whose place is unknown.
 */
import { describe, expect, it } from 'vitest';
import type { ClientDataRead } from '../../lib/audit.js';
import { expandFetchPath, locateRead, reachAt, reachedReads, type FetchPlace } from './reach.js';

const note = (clientId: string, kinds: string[], written: string[] = []): ClientDataRead => ({
  clientId,
  municipalityCode: '205',
  kinds,
  written,
});
const root: FetchPlace = { path: [], entities: null };

describe('reachAt', () => {
  const data = { client: { firstName: 'Aino', currentPlan: null, orders: [{ id: 'or-1' }, null] } };
  it('follows keys and indices', () => {
    expect(reachAt(data, ['client', 'firstName'])).toBe('present');
    expect(reachAt(data, ['client', 'orders', 0, 'id'])).toBe('present');
  });
  it('is null at or under a null', () => {
    expect(reachAt(data, ['client', 'currentPlan'])).toBe('null');
    expect(reachAt(data, ['client', 'currentPlan', 'goals'])).toBe('null');
    expect(reachAt(data, ['client', 'orders', 1, 'id'])).toBe('null');
    expect(reachAt(null, ['client'])).toBe('null');
  });
  it('is unknown where the answer has no such key (the audit then keeps the read)', () => {
    expect(reachAt(data, ['client', 'renamed'])).toBe('unknown');
    expect(reachAt(data, ['client', 'orders', 7])).toBe('unknown');
  });
});

describe('expandFetchPath', () => {
  it('expands every list item, skipping nulls as the gateway does', () => {
    const data = {
      assignedOrders: { edges: [{ node: { client: { id: 'a' } } }, { node: { client: null } }, null, { node: { client: { id: 'b' } } }] },
    };
    expect(expandFetchPath(data, ['assignedOrders', 'edges', '@', 'node', 'client'])).toEqual([
      ['assignedOrders', 'edges', 0, 'node', 'client'],
      ['assignedOrders', 'edges', 3, 'node', 'client'],
    ]);
  });
});

describe('reachedReads', () => {
  it('keeps the kinds of a root fetch whose places are in the answer, drops those that ended null', () => {
    const read = locateRead(
      note('cl-1', ['Client', 'ClientPlan']),
      { Client: [['client', 'firstName']], ClientPlan: [['client', 'currentPlan']] },
      root,
      {
        client: { firstName: 'Aino', currentPlan: { id: 'cp-1' } },
      },
    );
    // The gateway nulled the plan (a sibling from another subgraph failed non-nullably).
    expect(reachedReads([read], { client: { firstName: 'Aino', currentPlan: null } })).toEqual([note('cl-1', ['Client'])]);
  });

  it('drops the whole note when nothing of the client reached the caller (data: null)', () => {
    const read = locateRead(note('cl-1', ['Client']), { Client: [['client', 'firstName']] }, root, { client: { firstName: 'Aino' } });
    expect(reachedReads([read], null)).toEqual([]);
  });

  it('keeps the writes of a mutation whatever the answer shows', () => {
    const read = locateRead(note('cl-1', ['ClientPlan'], ['approvePlan ClientPlan/cp-1']), { ClientPlan: [['approvePlan']] }, root, {
      approvePlan: { id: 'cp-1' },
    });
    expect(reachedReads([read], null)).toEqual([note('cl-1', [], ['approvePlan ClientPlan/cp-1'])]);
  });

  it('drops what was already null in the subgraph’s own answer', () => {
    const read = locateRead(
      note('cl-1', ['Client', 'ClientPlan']),
      { Client: [['client', 'firstName']], ClientPlan: [['client', 'currentPlan', 'situation']] },
      root,
      {
        client: { firstName: 'Aino', currentPlan: null },
      },
    );
    expect(reachedReads([read], { client: { firstName: 'Aino', currentPlan: null } })).toEqual([note('cl-1', ['Client'])]);
  });

  it('keeps kinds whose place is unknown, and notes without places', () => {
    const read = locateRead(note('cl-1', ['Client', 'Order']), { Client: [['client', 'firstName']] }, root, { client: { firstName: 'A' } });
    expect(reachedReads([read, note('cl-2', ['Voucher'])], null)).toEqual([note('cl-1', ['Order']), note('cl-2', ['Voucher'])]);
  });

  describe('entities', () => {
    const fetch: FetchPlace = { path: ['assignedOrders', 'edges', '@', 'node', 'client'], entities: 3 };
    const answer = (clients: unknown[]) => ({ assignedOrders: { edges: clients.map((client) => ({ node: { id: 'or', client } })) } });
    const subgraph = { _entities: [{ firstName: 'A' }, { firstName: 'B' }, { firstName: 'C' }] };

    it('follows entity i to the i-th object at the fetch path when they line up', () => {
      const reads = ['cl-a', 'cl-b', 'cl-c'].map((id, i) =>
        locateRead(note(id, ['Client']), { Client: [['_entities', i, 'firstName']] }, fetch, subgraph),
      );
      const final = answer([{ firstName: 'A' }, { firstName: null }, { firstName: 'C' }]);
      expect(reachedReads(reads, final).map((r) => r.clientId)).toEqual(['cl-a', 'cl-c']);
    });

    it('when nulls spread upward after the fetch, counts a read as reaching the caller if it reached any object there', () => {
      const reads = ['cl-a', 'cl-b', 'cl-c'].map((id, i) =>
        locateRead(note(id, ['Client']), { Client: [['_entities', i]] }, fetch, subgraph),
      );
      // Two clients nulled by the gateway: one object left, which stands for all three.
      expect(reachedReads(reads, answer([null, { firstName: 'B' }, null])).map((r) => r.clientId)).toEqual(['cl-a', 'cl-b', 'cl-c']);
      // All nulled: none reached.
      expect(reachedReads(reads, answer([null, null, null]))).toEqual([]);
    });
  });
});
