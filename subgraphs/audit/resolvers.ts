/** Resolvers of the audit subgraph: pages of a client's access log, after the policy agrees. */
import { badUserInput } from '../../lib/errors.js';
import { connection, decodeCursor, encodeCursor, pageSize } from '../../lib/paging.js';
import type { Context } from './context.js';
import type { Resolvers } from './__generated__/resolvers-types.js';

const isIdCursor = (v: unknown): v is { id: string } =>
  typeof v === 'object' && v !== null && /^\d{1,19}$/.test(String((v as { id: unknown }).id));

async function logPage(context: Context, clientId: string, first: number | null | undefined, after: string | null | undefined) {
  const size = pageSize(first, 50);
  const afterId = decodeCursor(after, isIdCursor)?.id ?? null;
  await context.policy.release('AccessLog', clientId);
  const { rows, totalCount, hasNextPage } = await context.store.page(clientId, size, afterId);
  const edges = rows.map((node) => ({ cursor: encodeCursor({ id: node.id }), node }));
  return connection(edges, totalCount, hasNextPage, after);
}

async function writeLogPage(
  context: Context,
  subject: string | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
) {
  const size = pageSize(first, 50);
  const afterId = decodeCursor(after, isIdCursor)?.id ?? null;
  if (subject != null && (subject.length === 0 || subject.length > 200))
    throw badUserInput('subject must be 1–200 characters, e.g. "Provider/pr-0001"', { argumentName: 'subject' });
  const scope = context.policy.releaseWriteLog(subject);
  const { rows, totalCount, hasNextPage } = await context.store.writePage(scope, size, afterId);
  const edges = rows.map((node) => ({ cursor: encodeCursor({ id: node.id }), node }));
  return connection(edges, totalCount, hasNextPage, after);
}

export const resolvers: Resolvers = {
  Query: {
    writeLog: (_root, { subject, first, after }, context) => writeLogPage(context, subject, first, after),
    myAccessLog: (_root, { first, after }, context) => logPage(context, context.policy.ownClientId(), first, after),
    accessLog: (_root, { clientId, first, after }, context) => logPage(context, clientId, first, after),
  },
  // The operation's name is the caller's own label: shown as its claim, beside what the graph recorded (accessKind).
  AccessLogEntry: {
    operationClaimed: (entry) => entry.operation,
  },
  WriteLogEntry: {
    operationClaimed: (entry) => entry.operation,
  },
  Client: {
    __resolveReference: (ref) => ({ id: ref.id }),
    accessLog: (client, { first, after }, context) => logPage(context, client.id, first, after),
  },
};
