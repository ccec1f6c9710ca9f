/**
 * Audit at the gateway: every operation that read or changed a client's data appends one
 * entry per client — who (subject, role), when, which client, which operation, what kinds of
 * data it read and what it wrote — to the append-only audit log, before the answer leaves.
 *
 * The subgraphs note the reads their policies let through and the writes their mutations
 * made (lib/audit.ts), with where in their answer each kind was read (lib/audit-paths.ts); the
 * subgraph fetch (gateway/subgraph-fetch) hands every subgraph response of the operation to
 * gather.ts, which keeps those notes in the context; this plugin keeps the reads the answer
 * actually carries — a kind whose every place ended null before the answer left was not read
 * (reach.ts) — and writes them in one signed batch to the audit subgraph (sink.ts). Each entry
 * says how the data was accessed (`accessKind`: read, written, only its existence, or disclosed
 * to a provider with the recipient and the basis), derived here from the notes and the viewer;
 * the operation's name is the caller's and is kept only as its claim.
 *
 * Fail closed: when the audit cannot be written, the client data is withheld — a read that is
 * not audited does not happen. A write has happened by then and cannot be withheld, so the
 * answer says so: the caller must not take the missing data for a refusal.
 */
import type { ApolloServerPlugin, GraphQLRequestContextExecutionDidStart } from '@apollo/server';
import type { AuditEntry } from '../../lib/audit-ingest.js';
import { accessKindOf } from '../../lib/audit.js';
import { createLogger } from '../../lib/log.js';
import type { GatewayContext } from '../context.js';
import { mergeReads, mergeSubjectWrites } from './merge.js';
import { reachedReads } from './reach.js';
import type { AuditSink } from './sink.js';

/** The answer in place of the data when the audit could not be written. */
export function auditUnavailableMessage(isMutation: boolean): string {
  return isMutation
    ? 'the change was made but could not be audited; retry with the same idempotency key or re-read before acting'
    : 'the read could not be audited, so no client data is returned; try again shortly';
}

const log = createLogger('gateway-audit');

export function auditPlugin(sink: AuditSink): ApolloServerPlugin<GatewayContext> {
  /** Appends the operation's entries; withholds the answer's data when that fails. */
  async function audit({
    contextValue,
    response,
    operationName,
    operation,
  }: GraphQLRequestContextExecutionDidStart<GatewayContext>): Promise<void> {
    if (!response.body) return;
    // Only what the answer carries: a read whose data ended null before it left did not happen (reach.ts).
    const carried =
      response.body.kind === 'single'
        ? reachedReads(contextValue.auditReads ?? [], response.body.singleResult.data)
        : (contextValue.auditReads ?? []);
    const reads = mergeReads(carried);
    const subjectWrites = mergeSubjectWrites(contextValue.subjectWrites ?? []);
    if (!reads.length && !subjectWrites.length) return;
    const { viewer, requestId } = contextValue;
    // The caller's own name for the operation: kept as its claim, never as what happened.
    const operationLabel = (operationName ?? operation?.operation ?? null)?.slice(0, 200) ?? null;
    const entries: AuditEntry[] = reads.map((r) => {
      const facts = { actorRole: viewer.role, dataRead: r.kinds, dataWritten: r.written ?? [] };
      const accessKind = accessKindOf(facts);
      return {
        ...facts,
        actorId: viewer.subject,
        clientId: r.clientId,
        municipalityCode: r.municipalityCode,
        operation: operationLabel,
        requestId,
        accessKind,
        // A disclosure names who received the data: the provider, whose system the actor is.
        recipient: accessKind === 'DISCLOSURE' ? (viewer.providerId ?? viewer.subject) : null,
        basis: r.basis ?? [],
      };
    });
    for (const w of subjectWrites) {
      entries.push({
        actorRole: viewer.role,
        actorId: viewer.subject,
        clientId: null,
        subject: w.subject,
        municipalityCode: null,
        operation: operationLabel,
        requestId,
        dataRead: [],
        dataWritten: w.written,
        accessKind: 'WRITE',
        recipient: null,
        basis: [],
      });
    }
    try {
      await sink.append(entries);
    } catch (error) {
      const isMutation = operation?.operation === 'mutation';
      const writes = entries.reduce((n, e) => n + e.dataWritten.length, 0);
      log.error(
        { err: (error as Error).message, requestId, clients: entries.length, writes, mutation: isMutation },
        'audit not written: client data withheld',
      );
      if (response.body.kind === 'single') {
        response.body.singleResult.data = null;
        response.body.singleResult.errors = [
          { message: auditUnavailableMessage(isMutation), extensions: { code: 'UPSTREAM_UNAVAILABLE', system: 'audit-log' } },
        ];
      }
    }
  }

  return {
    async requestDidStart() {
      return {
        // When execution ends the answer is complete but not yet sent, so every willSendResponse
        // hook — the metrics among them — sees it as it leaves, withheld data included.
        async executionDidStart(requestContext) {
          return { executionDidEnd: () => audit(requestContext) };
        },
      };
    },
  };
}
