/**
 * Resolvers of the client-records subgraph, typed by codegen. They read through the per-request
 * loaders (batched FHIR searches) and hand every piece of client data to the request's access
 * policy (`ctx.policy`, policy.ts), which allows, filters or refuses it and notes the read for
 * the audit — no rule is decided here. Entities resolve through the same loaders, so the gateway's `_entities` calls
 * with many ids are one search each.
 */
import { notFound } from '../../lib/errors.js';
import { connection, decodeCursor, encodeCursor, isOffsetCursor, MAX_PAGE, pageSize } from '../../lib/paging.js';
import type { Patient } from '../../lib/fhir-r4.js';
import type { SearchValue } from '../../lib/fhir-client.js';
import { selectsField } from '../../lib/selection.js';
import type { Resolvers } from './__generated__/resolvers-types.js';
import { clientSearchParams } from './client-search.js';
import type { Context } from './context.js';
import { clientFromPatient } from './from-fhir.js';
import type { ClientModel, ClientRef, PlanModel, PlannedServiceModel } from './models.js';
import { approvePlan, createPlan, revokePlan, updatePlan } from './plan-writes.js';
import { nodeQuery, nodeResolvers } from './node.js';
import type { ClientValueField, PlanValueField, ServiceField } from './policy.js';

const DEFAULT_PAGE = 20;

async function loadClient(ctx: Context, id: string): Promise<ClientModel> {
  const client = await ctx.loaders.clientById.load(id);
  if (!client) throw notFound(`client ${id} does not exist`);
  return client;
}

/** A Client field, read when the policy allows it. */
function clientField<R>(field: ClientValueField, read: (client: ClientModel, ctx: Context) => R | Promise<R>) {
  return (client: ClientModel, _args: unknown, ctx: Context): R | Promise<R> =>
    ctx.policy.releaseField('Client', client, field, () => read(client, ctx));
}

function planField<R>(field: PlanValueField, read: (plan: PlanModel, ctx: Context, owner: ClientRef) => R | Promise<R>) {
  return (plan: PlanModel, _args: unknown, ctx: Context): R | Promise<R> =>
    ctx.policy.releaseField('ClientPlan', plan, field, (owner) => read(plan, ctx, owner));
}

function serviceField<R>(field: ServiceField, read: (service: PlannedServiceModel, ctx: Context, owner: ClientRef) => R | Promise<R>) {
  return (service: PlannedServiceModel, _args: unknown, ctx: Context): R | Promise<R> =>
    ctx.policy.releaseField('PlannedService', service, field, (owner) => read(service, ctx, owner));
}

type Params = readonly (readonly [string, SearchValue])[];

/**
 * Every match of a search (null without one): the page's count and `pageInfo` tell of them
 * all (policy.releasePage). When some are not on the page (an `after`, a next page), one more
 * search of at most MAX_PAGE; with more matches than that, the page's own — a count that
 * large singles no one out.
 */
async function matchesOffPage(
  ctx: Context,
  scope: Params,
  search: Params,
  page: { total: number | null; next: string | null },
  start: number,
  onPage: ClientModel[],
): Promise<ClientModel[] | null> {
  if (!search.length) return null;
  if (start === 0 && page.next === null && (page.total === null || page.total <= onPage.length)) return onPage;
  if (page.total !== null && page.total > MAX_PAGE) return onPage;
  const all = await ctx.client.search<Patient>('Patient', [...scope, ...search, ['_count', MAX_PAGE]]);
  if (all.next !== null) return onPage;
  const found = all.matches.map(clientFromPatient);
  const seen = await Promise.all(found.map((c) => ctx.policy.maySee('Client', c)));
  return found.filter((_, i) => seen[i]);
}

export const resolvers: Resolvers = {
  ...nodeResolvers,
  Query: {
    ...nodeQuery,
    me: (_root, _args, ctx) => ctx.viewer,

    client: async (_root, { id }, ctx, info) => {
      ctx.policy.searchScope();
      // The client's plans with their record, when asked for and already decided (policy.ts
      // plansDecidedById): one round to the system, not two. The resolver's own load later
      // gets this read (and its error, if it fails), so nothing is lost here.
      if (selectsField(info, ['currentPlan', 'plans']) && ctx.policy.plansDecidedById(id))
        ctx.loaders.plansByClientId.load(id).catch(() => undefined);
      // Asked for with their responsible worker: both in one search (loaders.ts clientWithWorkerById),
      // unless the id alone refuses the viewer (then nothing is read, as before). The worker is
      // released, or not, by the policy as always; the record's own read is awaited just below.
      if (selectsField(info, ['responsibleWorker']) && ctx.policy.mayReach('Client', { clientId: id })) {
        const record = ctx.loaders.clientWithWorkerById.load(id);
        record.catch(() => undefined); // its error reaches the caller through releaseById's own load
        ctx.loaders.clientById.prime(id, record);
      }
      return ctx.policy.releaseById('Client', id);
    },

    clients: async (_root, { first, after, search }, ctx) => {
      const scope = ctx.policy.searchScope();
      const size = pageSize(first, DEFAULT_PAGE);
      const start = (decodeCursor(after, isOffsetCursor)?.o ?? -1) + 1;
      // A Relay offset becomes FHIR `_offset` (as HAPI FHIR and the stand-in's next links use), so
      // any edge's cursor can resume the list; the policy's scope is part of the search itself.
      const scoped = 'clientId' in scope ? [['_id', scope.clientId] as const] : [['municipality', scope.municipalityCode] as const];
      const searched = clientSearchParams(search);
      const params = [
        ...scoped,
        ...searched,
        ['_sort', 'family'] as const,
        ['_count', size] as const,
        ...(start > 0 ? [['_offset', start] as const] : []),
      ];
      const page = await ctx.client.search<Patient>('Patient', params);
      const clients = page.matches.map(clientFromPatient);
      // The search is scoped by the policy; checking each row again costs nothing and keeps it so.
      const seen = await Promise.all(clients.map((c) => ctx.policy.maySee('Client', c)));
      const visible = clients.filter((_, i) => seen[i]);
      visible.forEach((c) => ctx.loaders.clientById.prime(c.id, c));
      const total = page.total ?? start + visible.length + (page.next ? 1 : 0);
      const edges = visible.map((node, i) => ({ cursor: encodeCursor({ o: start + i }), node }));
      const result = connection(edges, total, page.next !== null || start + size < total, after);
      // That each of them is a client is released with what the caller selects of the page.
      ctx.policy.releasePage(result, edges, await matchesOffPage(ctx, scoped, searched, page, start, visible));
      return result;
    },
  },

  Mutation: {
    createPlan: (_root, { input }, ctx) => createPlan(ctx, input),
    updatePlan: (_root, { input }, ctx) => updatePlan(ctx, input),
    approvePlan: (_root, { input }, ctx) => approvePlan(ctx, input),
    revokePlan: (_root, { input }, ctx) => revokePlan(ctx, input),
  },

  Client: {
    __resolveReference: (ref, ctx) => ctx.policy.releaseById('Client', ref.id),
    id: clientField('id', (c) => c.id),
    personalIdentityCode: clientField('personalIdentityCode', (c) => c.personalIdentityCode),
    firstName: clientField('firstName', (c) => c.firstName),
    lastName: clientField('lastName', (c) => c.lastName),
    birthDate: clientField('birthDate', (c) => c.birthDate),
    municipality: clientField('municipality', (c) => ({ code: c.municipalityCode })),
    municipalityCode: clientField('municipalityCode', (c) => c.municipalityCode),
    language: clientField('language', (c) => c.language),
    address: clientField('address', (c) => c.address),
    phone: clientField('phone', (c) => c.phone),
    responsibleWorker: clientField('responsibleWorker', (c, ctx) =>
      c.responsibleWorkerId ? ctx.loaders.caseWorkerById.load(c.responsibleWorkerId) : null,
    ),
    currentPlan: (c, _args, ctx) =>
      ctx.policy.releaseCurrentPlan(
        c,
        async () => (await ctx.loaders.plansByClientId.load(c.id)).find((p) => p.status === 'ACTIVE') ?? null,
      ),
    plans: (c, _args, ctx) => ctx.policy.releaseAll('ClientPlan', c, () => ctx.loaders.plansByClientId.load(c.id)),
  },

  CaseWorker: {
    __resolveReference: (ref, ctx) => ctx.policy.releaseById('CaseWorker', ref.id),
    municipality: (w) => {
      if (!w.municipalityCode) throw notFound(`the municipality of case worker ${w.id} is not recorded`);
      return { code: w.municipalityCode };
    },
  },

  ClientPlan: {
    __resolveReference: (ref, ctx) => ctx.policy.releaseById('ClientPlan', ref.id),
    id: planField('id', (p) => p.id),
    client: planField('client', (p, ctx) => loadClient(ctx, p.clientId)),
    version: planField('version', (p) => p.version),
    status: planField('status', (p) => p.status),
    validFrom: planField('validFrom', (p) => p.validFrom),
    validTo: planField('validTo', (p) => p.validTo),
    situation: planField('situation', (p) => p.situation),
    goals: planField('goals', (p) => p.goals),
    approvedAt: planField('approvedAt', (p) => p.approvedAt),
    revocationReason: planField('revocationReason', (p) => p.revocationReason),
    services: (p, _args, ctx) => ctx.policy.releaseAll('PlannedService', p),
    municipalityCode: planField('municipalityCode', (_p, _ctx, owner) => owner.municipalityCode),
  },

  PlannedService: {
    __resolveReference: (ref, ctx) => ctx.policy.releaseById('PlannedService', ref.id),
    id: serviceField('id', (s) => s.id),
    plan: serviceField('plan', async (s, ctx) => {
      const plan = await ctx.loaders.planById.load(s.planId);
      if (!plan) throw notFound(`plan ${s.planId} does not exist`);
      return plan;
    }),
    serviceType: serviceField('serviceType', (s) => ({ code: s.serviceTypeCode })),
    quantity: serviceField('quantity', (s) => s.quantity),
    unit: serviceField('unit', (s) => s.unit),
    per: serviceField('per', (s) => s.per),
    schedule: serviceField('schedule', (s) => s.schedule),
    location: serviceField('location', (s) => s.location),
    instructions: serviceField('instructions', (s) => s.instructions),
    serviceTypeCode: serviceField('serviceTypeCode', (s) => s.serviceTypeCode),
    municipalityCode: serviceField('municipalityCode', (_s, _ctx, owner) => owner.municipalityCode),
    // For the vouchers subgraph's voucherValue (@requires): whose voucher fixed the unit costs.
    planId: serviceField('planId', (s) => s.planId),
  },
};
