/** The gateway's error shaping, without a server. */
import { describe, expect, it } from 'vitest';
import { collapseOutages, formatGatewayError } from './index.js';

const outage = (system: string, path: (string | number)[]) => ({
  message: `${system} is unavailable`,
  path,
  extensions: { code: 'UPSTREAM_UNAVAILABLE', system },
});

describe('collapseOutages', () => {
  it('keeps one error per failed system, with its first path and how many fields it nulled; other errors as they are', () => {
    const forbidden = { message: 'no', path: ['x'], extensions: { code: 'FORBIDDEN' } };
    const errors = [
      outage('client-record-system', ['assignedOrders', 'edges', 0, 'node', 'client']),
      forbidden,
      ...Array.from({ length: 99 }, (_, i) => outage('client-record-system', ['assignedOrders', 'edges', i + 1, 'node', 'client'])),
      outage('voucher-system', ['y']),
    ];
    expect(collapseOutages(errors)).toEqual([
      {
        ...outage('client-record-system', ['assignedOrders', 'edges', 0, 'node', 'client']),
        extensions: { code: 'UPSTREAM_UNAVAILABLE', system: 'client-record-system', fields: 100 },
      },
      forbidden,
      outage('voucher-system', ['y']),
    ]);
  });

  it('leaves a single outage untouched', () => {
    expect(collapseOutages([outage('voucher-system', ['a'])])).toEqual([outage('voucher-system', ['a'])]);
  });
});

describe('formatGatewayError', () => {
  it('keeps only the contract extensions and calls a malformed operation bad input', () => {
    expect(
      formatGatewayError({ message: 'Cannot query field "x"', extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['at …'] } }),
    ).toEqual({ message: 'Cannot query field "x"', extensions: { code: 'BAD_USER_INPUT' } });
    expect(
      formatGatewayError({
        message: 'down',
        extensions: { code: 'UPSTREAM_UNAVAILABLE', system: 'voucher-system', reason: 'http://10.0.0.1' },
      }).extensions,
    ).toEqual({ code: 'UPSTREAM_UNAVAILABLE', system: 'voucher-system' });
  });
});
