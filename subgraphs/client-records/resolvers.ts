/**
 * Resolvers of the client-records subgraph, typed by codegen. They read through the per-request
 * loaders (batched FHIR searches) and ask the access policy (policy.ts) before every piece of
 * client data — no rule is decided here. Entities resolve through the same loaders, so the
 * gateway's `_entities` calls with many ids are one search each.
 */
import { notFound, forbidden } from '../../lib/errors.js';
import { decodeCursor, encodeCursor, isOffsetCursor, pageSize } from '../../lib/paging.js';
import type { Patient } from '../../lib/fhir-r4.js';
import type { Resolvers } from './__generated__/resolvers-types.js';
import { clientSearchParams } from './client-search.js';
import type { Context } from './context.js';
import { clientFromPatient } from './from-fhir.js';
import type { ClientModel, ClientRef, PlanModel, PlannedServiceModel } from './models.js';
import type { ClientField, PlanField, ServiceField } from './policy.js';

const DEFAULT_PAGE = 20;

async function loadClient(ctx: Context, id: string): Promise<ClientModel> {
  const client = await ctx.loaders.clientById.load(id);
  if (!client) throw notFound(`client ${id} does not exist`);
  return client;
}

/** Whose data a plan is: the plan states its municipality; otherwise it is the client's. */
async function ownerOf(ctx: Context, plan: { clientId: string; municipalityCode: string | null }): Promise<ClientRef> {
  if (plan.municipalityCode) return { id: plan.clientId, municipalityCode: plan.municipalityCode };
  const client = await ctx.loaders.clientById.load(plan.clientId);
  if (!client) throw forbidden('the plan belongs to no known client');
  return { id: client.id, municipalityCode: client.municipalityCode };
}

async function plansOf(ctx: Context, client: ClientModel): Promise<PlanModel[]> {
  return ctx.loaders.plansByClientId.load(client.id);
}

/** A Client field read after the policy allows it. */
function clientField<R>(field: ClientField, read: (client: ClientModel, ctx: Context) => R) {
  return (client: ClientModel, _args: unknown, ctx: Context): R => {
    ctx.policy.assertClientField(client, field);
    return read(client, ctx);
  };
}

function planField<R>(field: PlanField, read: (plan: PlanModel, ctx: Context, owner: ClientRef) => R | Promise<R>) {
  return async (plan: PlanModel, _args: unknown, ctx: Context): Promise<R> => {
    const owner = await ownerOf(ctx, plan);
    ctx.policy.assertPlanField(owner, field);
    return read(plan, ctx, owner);
  };
}

function serviceField<R>(field: ServiceField, read: (service: PlannedServiceModel, ctx: Context, owner: ClientRef) => R | Promise<R>) {
  return async (service: PlannedServiceModel, _args: unknown, ctx: Context): Promise<R> => {
    const owner = await ownerOf(ctx, service);
    ctx.policy.assertServiceField(owner, field);
    return read(service, ctx, owner);
  };
}

export const resolvers: Resolvers = {
  Query: {
    me: (_root, _args, ctx) => ctx.viewer,

    client: async (_root, { id }, ctx) => {
      ctx.policy.assertMayQueryClients();
      const client = await loadClient(ctx, id);
      ctx.policy.assertClient(client);
      return client;
    },

    clients: async (_root, { first, after, search }, ctx) => {
      ctx.policy.assertMayQueryClients();
      const size = pageSize(first, DEFAULT_PAGE);
      const start = (decodeCursor(after, isOffsetCursor)?.o ?? -1) + 1;
      const scope = ctx.policy.clientListScope();
      // A Relay offset becomes FHIR `_offset` (as HAPI FHIR and the stand-in's next links use), so
      // any edge's cursor can resume the list; the policy's scope is part of the search itself.
      const params = [
        ...('clientId' in scope ? [['_id', scope.clientId] as const] : [['municipality', scope.municipalityCode] as const]),
        ...clientSearchParams(search),
        ['_sort', 'family'] as const,
        ['_count', size] as const,
        ...(start > 0 ? [['_offset', start] as const] : []),
      ];
      const page = await ctx.client.search<Patient>('Patient', params);
      const clients = page.matches.map(clientFromPatient);
      // The search is scoped by the policy; checking each row again costs nothing and keeps it so.
      const visible = clients.filter((c) => ctx.policy.maySeeClient(c));
      visible.forEach((c) => ctx.loaders.clientById.prime(c.id, c));
      const total = page.total ?? start + visible.length + (page.next ? 1 : 0);
      const edges = visible.map((node, i) => ({ cursor: encodeCursor({ o: start + i }), node }));
      return {
        totalCount: total,
        edges,
        pageInfo: { hasNextPage: page.next !== null || start + size < total, endCursor: edges.at(-1)?.cursor ?? null },
      };
    },
  },

  Client: {
    __resolveReference: async (ref, ctx) => {
      const client = await loadClient(ctx, ref.id);
      ctx.policy.assertClient(client);
      return client;
    },
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
    currentPlan: clientField('currentPlan', async (c, ctx) => (await plansOf(ctx, c)).find((p) => p.status === 'ACTIVE') ?? null),
    plans: clientField('plans', (c, ctx) => plansOf(ctx, c)),
  },

  CaseWorker: {
    __resolveReference: async (ref, ctx) => {
      ctx.policy.assertCaseWorker();
      const worker = await ctx.loaders.caseWorkerById.load(ref.id);
      if (!worker) throw notFound(`case worker ${ref.id} does not exist`);
      return worker;
    },
    municipality: (w) => {
      if (!w.municipalityCode) throw notFound(`the municipality of case worker ${w.id} is not recorded`);
      return { code: w.municipalityCode };
    },
  },

  ClientPlan: {
    __resolveReference: async (ref, ctx) => {
      const plan = await ctx.loaders.planById.load(ref.id);
      if (!plan) throw notFound(`plan ${ref.id} does not exist`);
      ctx.policy.assertClient(await ownerOf(ctx, plan));
      return plan;
    },
    id: planField('id', (p) => p.id),
    client: planField('client', (p, ctx) => loadClient(ctx, p.clientId)),
    version: planField('version', (p) => p.version),
    status: planField('status', (p) => p.status),
    validFrom: planField('validFrom', (p) => p.validFrom),
    validTo: planField('validTo', (p) => p.validTo),
    situation: planField('situation', (p) => p.situation),
    goals: planField('goals', (p) => p.goals),
    approvedAt: planField('approvedAt', (p) => p.approvedAt),
    services: planField('services', (p) => p.services),
    municipalityCode: planField('municipalityCode', (_p, _ctx, owner) => owner.municipalityCode),
  },

  PlannedService: {
    __resolveReference: async (ref, ctx) => {
      const plan = await ctx.loaders.planByServiceId.load(ref.id);
      const service = plan?.services.find((s) => s.id === ref.id);
      if (!service) throw notFound(`planned service ${ref.id} does not exist`);
      ctx.policy.assertClient(await ownerOf(ctx, service));
      return service;
    },
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
  },
};
