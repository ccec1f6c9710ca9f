/**
 * The outage plugin on its own, without a server: its willSendResponse hook called through
 * Apollo Server's pipeline (plugin-harness.ts) with an answer as the subgraphs would leave it —
 * a system down under a list of 50 items — and the gateway's error formatter.
 */
import { describe, expect, it } from 'vitest';
import { runPipeline, type PipelineOptions } from '../plugin-harness.js';
import { outageErrorsPlugin } from './index.js';

const gateway: PipelineOptions = { plugins: [outageErrorsPlugin()] };
const QUERY = 'query Orders { assignedOrders(first: 50) { edges { node { id client { firstName } } } } }';
const down = (i: number) => ({
  message: 'client-record-system is unavailable (client-records did not answer)',
  path: ['assignedOrders', 'edges', i, 'node', 'client'],
  extensions: {
    code: 'UPSTREAM_UNAVAILABLE',
    system: 'client-record-system',
    serviceName: 'client-records',
    stacktrace: ['at fetch (http://10.0.0.7:4001)'],
  },
});

describe('outageErrorsPlugin', () => {
  it('answers one error for a system down under a list, with how many fields it nulled, and keeps the data', async () => {
    const edges = Array.from({ length: 50 }, (_, i) => ({ node: { id: `or-${i}`, client: null } }));
    const forbidden = { message: 'not yours', path: ['assignedOrders', 'edges', 3, 'node'], extensions: { code: 'FORBIDDEN' } };
    const out = await runPipeline(gateway, {
      query: QUERY,
      result: { data: { assignedOrders: { edges } }, errors: [down(0), forbidden, ...Array.from({ length: 49 }, (_, i) => down(i + 1))] },
    });
    expect(out.status).toBe(200);
    expect(out.body.data).toEqual({ assignedOrders: { edges } });
    expect(out.body.errors).toEqual([
      {
        message: 'client-record-system is unavailable (client-records did not answer)',
        path: ['assignedOrders', 'edges', 0, 'node', 'client'],
        extensions: { code: 'UPSTREAM_UNAVAILABLE', system: 'client-record-system', serviceName: 'client-records', fields: 50 },
      },
      { message: 'not yours', path: ['assignedOrders', 'edges', 3, 'node'], extensions: { code: 'FORBIDDEN' } },
    ]);
  });

  it('keeps one error per system, and a lone outage as it is', async () => {
    const vouchers = {
      message: 'voucher-system is unavailable (vouchers did not answer)',
      path: ['assignedOrders'],
      extensions: { code: 'UPSTREAM_UNAVAILABLE', system: 'voucher-system', serviceName: 'vouchers' },
    };
    const two = await runPipeline(gateway, { query: QUERY, result: { data: null, errors: [down(0), vouchers, down(1)] } });
    expect(two.body.errors?.map((e) => [e.extensions?.system, e.extensions?.fields])).toEqual([
      ['client-record-system', 2],
      ['voucher-system', undefined],
    ]);
    const one = await runPipeline(gateway, { query: QUERY, result: { data: null, errors: [vouchers] } });
    expect(one.body.errors).toEqual([vouchers]);
  });
});
