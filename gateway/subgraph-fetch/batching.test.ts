/**
 * Merging a round's fetches to one subgraph, and splitting the answer back: what each fetch
 * gets must be what it would have got alone — data, errors with their paths, and the audit's
 * notes with their places (each kind kept exactly once, at the places of its own fetch).
 */
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AUDIT_EXTENSION } from '../../lib/audit.js';
import { AUDIT_PLACES_EXTENSION } from '../../lib/audit-paths.js';
import { mergeFetches } from './batching.js';

const clients = {
  query: 'query Plan__vouchers__1($representations:[_Any!]!){_entities(representations:$representations){...on Client{vouchers{id}}}}',
  variables: { representations: [{ __typename: 'Client', id: 'cl-1' }] },
};
const services = {
  query:
    'query Plan__vouchers__2($representations:[_Any!]!,$first:Int){_entities(representations:$representations){...F}} fragment F on PlannedService{orders(first:$first){id}}',
  variables: {
    representations: [
      { __typename: 'PlannedService', id: 's-1' },
      { __typename: 'PlannedService', id: 's-2' },
      { __typename: 'PlannedService', id: 's-1' },
    ],
    first: 5,
  },
};

describe('merging the fetches of a round', () => {
  it('leaves a lone fetch with no repeated representation as it is', () => {
    expect(mergeFetches([clients])).toBeNull();
  });

  it('leaves mutations and what it cannot parse alone', () => {
    const mutation = { query: 'mutation M($x:ID!){cancelOrder(id:$x){id}}', variables: { x: '1' } };
    expect(mergeFetches([mutation, mutation])).toBeNull();
    expect(mergeFetches([clients, { query: 'query {', variables: {} }])).toBeNull();
  });

  it('sends one valid operation: fields aliased, variables and fragments renamed, each representation once', () => {
    const merged = mergeFetches([clients, services])!;
    const document = parse(merged.request.query);
    expect(document.definitions).toHaveLength(2);
    expect(merged.request.operationName).toBe('Plan__vouchers__1__batch2');
    expect(merged.request.query).toContain('_0__entities: _entities(representations: $_0_representations)');
    expect(merged.request.query).toContain('_1__entities: _entities(representations: $_1_representations)');
    expect(merged.request.query).toContain('fragment _1_F on PlannedService');
    expect(merged.request.query).toContain('orders(first: $_1_first)');
    expect(merged.request.variables).toEqual({
      _0_representations: clients.variables.representations,
      _1_representations: [
        { __typename: 'PlannedService', id: 's-1' },
        { __typename: 'PlannedService', id: 's-2' },
      ],
      _1_first: 5,
    });
  });

  it('splits the answer back into each fetch’s: entities spread over their repeats, as copies', () => {
    const merged = mergeFetches([clients, services])!;
    const parts = merged.split({
      data: {
        _0__entities: [{ vouchers: [{ id: 'v-1' }] }],
        _1__entities: [{ orders: [{ id: 'o-1' }] }, { orders: [] }],
      },
    });
    expect(parts[0]).toEqual({ data: { _entities: [{ vouchers: [{ id: 'v-1' }] }] } });
    expect(parts[1]).toEqual({ data: { _entities: [{ orders: [{ id: 'o-1' }] }, { orders: [] }, { orders: [{ id: 'o-1' }] }] } });
    const [a, , c] = parts[1].data!._entities as object[];
    expect(a).not.toBe(c); // the gateway merges later fetches into each entity in place
    expect((a as { orders: object[] }).orders[0]).not.toBe((c as { orders: object[] }).orders[0]); // all the way down
  });

  it('copies a "__proto__" key of an answer as data, not as a prototype', () => {
    const merged = mergeFetches([services])!;
    const answer = JSON.parse('{"data":{"_entities":[{"orders":[],"__proto__":{"polluted":true}},{"orders":[]}]}}') as {
      data: Record<string, unknown>;
    };
    const [part] = merged.split(answer);
    const [first, , third] = part!.data!._entities as Record<string, unknown>[];
    expect(Object.getPrototypeOf(third)).toBe(Object.prototype);
    expect(Object.keys(third!)).toEqual(Object.keys(first!));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('gives each fetch its errors, paths renamed back and spread over repeats; an error of no place to the first', () => {
    const merged = mergeFetches([clients, services])!;
    const parts = merged.split({
      data: { _0__entities: [null], _1__entities: [null, { orders: [] }] },
      errors: [
        { message: 'voucher system down', path: ['_0__entities', 0, 'vouchers'] },
        { message: 'no such service', path: ['_1__entities', 0] },
        { message: 'somewhere' },
      ],
    });
    expect(parts[0].errors).toEqual([{ message: 'voucher system down', path: ['_entities', 0, 'vouchers'] }, { message: 'somewhere' }]);
    expect(parts[1].errors).toEqual([
      { message: 'no such service', path: ['_entities', 0] },
      { message: 'no such service', path: ['_entities', 2] },
    ]);
  });

  it('gives each fetch the audit notes of the kinds read in it, at its own places; kinds of no place once, with the first', () => {
    const merged = mergeFetches([clients, services])!;
    const parts = merged.split({
      data: { _0__entities: [{ vouchers: [] }], _1__entities: [{ orders: [] }, { orders: [] }] },
      extensions: {
        [AUDIT_EXTENSION]: [
          { clientId: 'cl-1', municipalityCode: '205', kinds: ['Voucher', 'Order', 'Existence'] },
          { clientId: 'cl-2', municipalityCode: '205', kinds: ['Order'] },
          { subject: 'Report/spending', written: ['read'] },
        ],
        [AUDIT_PLACES_EXTENSION]: {
          'cl-1': { Voucher: [['_0__entities', 0, 'vouchers']], Order: [['_1__entities', 0, 'orders']] },
          'cl-2': { Order: [['_1__entities', 1, 'orders']] },
        },
      },
    });
    expect(parts[0].extensions).toEqual({
      [AUDIT_EXTENSION]: [
        { clientId: 'cl-1', municipalityCode: '205', kinds: ['Voucher', 'Existence'] },
        { subject: 'Report/spending', written: ['read'] },
      ],
      [AUDIT_PLACES_EXTENSION]: { 'cl-1': { Voucher: [['_entities', 0, 'vouchers']] } },
    });
    expect(parts[1].extensions).toEqual({
      [AUDIT_EXTENSION]: [
        { clientId: 'cl-1', municipalityCode: '205', kinds: ['Order'] },
        { clientId: 'cl-2', municipalityCode: '205', kinds: ['Order'] },
      ],
      [AUDIT_PLACES_EXTENSION]: {
        'cl-1': {
          Order: [
            ['_entities', 0, 'orders'],
            ['_entities', 2, 'orders'],
          ],
        },
        'cl-2': { Order: [['_entities', 1, 'orders']] },
      },
    });
  });

  it('deduplicates a lone fetch without renaming anything', () => {
    const merged = mergeFetches([services])!;
    expect(merged.request.query).toContain('_entities(representations: $representations)');
    expect(merged.request.variables.representations).toHaveLength(2);
    const [part] = merged.split({ data: { _entities: [{ orders: [] }, { orders: [{ id: 'o' }] }] } });
    expect(part.data!._entities).toEqual([{ orders: [] }, { orders: [{ id: 'o' }] }, { orders: [] }]);
  });
});
