/**
 * The gateway's audit plugin on its own, without a server: its hooks called with a request
 * context as Apollo would build it, and a sink in memory (or one that fails). It shows the
 * entries built — one per client, reads and writes together — and that the answer fails
 * closed: no client data without its audit, and for a mutation, a message that says the write
 * may have happened.
 */
import type { GraphQLRequestContextWillSendResponse, GraphQLRequestExecutionListener, GraphQLRequestListener } from '@apollo/server';
import { parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../lib/audit-ingest.js';
import type { ClientDataRead } from '../../lib/audit.js';
import type { Viewer } from '../../lib/viewer.js';
import type { GatewayContext } from '../context.js';
import { auditPlugin, type AuditSink } from './index.js';
import { locateRead } from './reach.js';

const caseWorker: Viewer = { subject: 'cw-0001', role: 'CASE_WORKER', municipalityCode: '205', providerId: null, clientId: null };

function memorySink(): AuditSink & { batches: AuditEntry[][] } {
  const batches: AuditEntry[][] = [];
  return { batches, append: async (entries) => void batches.push(entries) };
}
const failingSink: AuditSink = {
  append: async () => {
    throw new Error('connect ECONNREFUSED 127.0.0.1:4004');
  },
};

/** Runs the plugin's hooks for one executed operation; returns the response body as it would leave. */
async function run(
  sink: AuditSink,
  document: string,
  auditReads: ClientDataRead[],
  data: Record<string, unknown> = { some: 'data' },
  viewer: Viewer = caseWorker,
) {
  const operation = parse(document).definitions[0] as OperationDefinitionNode;
  const singleResult: { data?: Record<string, unknown> | null; errors?: unknown[] } = { data };
  const requestContext = {
    contextValue: { viewer, requestId: 'req-1', auditReads } satisfies GatewayContext,
    operationName: operation.name?.value ?? null,
    operation,
    response: { body: { kind: 'single', singleResult }, http: { headers: new Map(), status: undefined } },
  } as unknown as GraphQLRequestContextWillSendResponse<GatewayContext>;
  const plugin = auditPlugin(sink);
  const listener = (await plugin.requestDidStart!(requestContext as never)) as GraphQLRequestListener<GatewayContext>;
  const execution = (await listener.executionDidStart!(requestContext as never)) as GraphQLRequestExecutionListener<GatewayContext>;
  await execution.executionDidEnd!();
  return singleResult;
}

const note = (clientId: string, kinds: string[], written: string[] = [], municipalityCode: string | null = '205'): ClientDataRead => ({
  clientId,
  municipalityCode,
  kinds,
  written,
});

describe('gateway audit plugin', () => {
  it('appends one entry per client with the kinds read, in one batch', async () => {
    const sink = memorySink();
    const body = await run(sink, 'query SharedPlan { client(id: "cl-1") { id } }', [
      note('cl-1', ['ClientPlan']),
      note('cl-2', ['Order']),
      note('cl-1', ['Client'], [], null),
    ]);
    expect(body).toEqual({ data: { some: 'data' } });
    expect(sink.batches).toHaveLength(1);
    const read = {
      actorRole: 'CASE_WORKER',
      actorId: 'cw-0001',
      municipalityCode: '205',
      operation: 'SharedPlan',
      requestId: 'req-1',
      dataWritten: [],
      accessKind: 'READ',
      recipient: null,
      basis: [],
    };
    expect(sink.batches[0]).toEqual([
      { ...read, clientId: 'cl-1', dataRead: ['Client', 'ClientPlan'] },
      { ...read, clientId: 'cl-2', dataRead: ['Order'] },
    ]);
  });

  it("says how the data was accessed, whatever the operation is called; a provider's reads are disclosures with recipient and basis", async () => {
    const sink = memorySink();
    await run(sink, 'query NothingRead { client(id: "cl-1") { id } }', [
      note('cl-1', ['Existence']),
      note('cl-2', ['Client', 'Existence']),
    ]);
    expect(sink.batches[0]!.map((e) => [e.clientId, e.accessKind, e.dataRead, e.operation])).toEqual([
      ['cl-1', 'EXISTENCE', ['Existence'], 'NothingRead'],
      ['cl-2', 'READ', ['Client'], 'NothingRead'],
    ]);
    const provider: Viewer = { subject: 'system-pr-1', role: 'PROVIDER', municipalityCode: null, providerId: 'pr-1', clientId: null };
    await run(
      sink,
      'query Orders { assignedOrders { edges { node { id } } } }',
      [
        { ...note('cl-3', ['Order']), basis: ['Order/or-9'] },
        { ...note('cl-3', ['Client']), basis: ['PlannedService/ps-3'] },
      ],
      undefined,
      provider,
    );
    expect(sink.batches[1]).toEqual([
      expect.objectContaining({
        clientId: 'cl-3',
        actorId: 'system-pr-1',
        accessKind: 'DISCLOSURE',
        recipient: 'pr-1',
        basis: ['Order/or-9', 'PlannedService/ps-3'],
        dataRead: ['Client', 'Order'],
      }),
    ]);
  });

  it('records the writes of a mutation, with the reads of what it returned, and of clients only written', async () => {
    const sink = memorySink();
    const reads = [
      note('cl-1', [], ['approvePlan ClientPlan/cp-1']),
      note('cl-1', ['ClientPlan'], []),
      note('cl-1', ['Budget'], ['grantVoucher Voucher/vo-1']),
      note('cl-3', [], ['cancelOrder Order/or-3'], '905'),
    ];
    await run(sink, 'mutation { approvePlan(input: {}) { id } }', reads);
    expect(sink.batches[0]).toEqual([
      expect.objectContaining({
        clientId: 'cl-1',
        operation: 'mutation',
        dataRead: ['Budget', 'ClientPlan'],
        dataWritten: ['approvePlan ClientPlan/cp-1', 'grantVoucher Voucher/vo-1'],
      }),
      expect.objectContaining({
        clientId: 'cl-3',
        municipalityCode: '905',
        operation: 'mutation',
        dataRead: [],
        dataWritten: ['cancelOrder Order/or-3'],
      }),
    ]);
  });

  it('audits only what the answer carries: no entry for a client whose data ended null', async () => {
    const sink = memorySink();
    const root = { path: [], entities: null };
    const reads = [
      locateRead(note('cl-1', ['Client']), { Client: [['a']] }, root, { a: { firstName: 'A' } }),
      locateRead(note('cl-2', ['Client']), { Client: [['b']] }, root, { b: { firstName: 'B' } }),
    ];
    // `b` ended null in the gateway's answer (a sibling failed non-nullably).
    await run(sink, 'query Two { a: client(id: "cl-1") { firstName } b: client(id: "cl-2") { firstName } }', reads, {
      a: { firstName: 'A' },
      b: null,
    });
    expect(sink.batches).toEqual([[expect.objectContaining({ clientId: 'cl-1', dataRead: ['Client'] })]]);
  });

  it('writes nothing when no client data was read or written', async () => {
    const sink = memorySink();
    const body = await run(sink, '{ serviceTypes { code } }', []);
    expect(sink.batches).toHaveLength(0);
    expect(body.data).toEqual({ some: 'data' });
  });

  it('withholds the data of a query when the audit cannot be written', async () => {
    const body = await run(failingSink, 'query SharedPlan { client(id: "cl-1") { id } }', [note('cl-1', ['Client'])]);
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([
      {
        message: 'the read could not be audited, so no client data is returned; try again shortly',
        extensions: { code: 'UPSTREAM_UNAVAILABLE', system: 'audit-log' },
      },
    ]);
    expect(JSON.stringify(body)).not.toContain('ECONNREFUSED');
  });

  it('tells the caller of a mutation that the change was made but not audited', async () => {
    const body = await run(failingSink, 'mutation ApprovePlan { approvePlan(input: {}) { id } }', [
      note('cl-1', ['ClientPlan'], ['approvePlan ClientPlan/cp-1']),
    ]);
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([
      {
        message: 'the change was made but could not be audited; retry with the same idempotency key or re-read before acting',
        extensions: { code: 'UPSTREAM_UNAVAILABLE', system: 'audit-log' },
      },
    ]);
  });
});
