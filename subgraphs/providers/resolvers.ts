/**
 * Resolvers of schema/providers.graphql, typed by codegen. They validate arguments, read through
 * the request's loaders (one query per batch) and ask the request's policy (`ctx.policy`,
 * policy.ts) before handing out a provider or one of its guarded fields;
 * no access rule is written here.
 */
import { badUserInput } from '../../lib/errors.js';
import { decimalToCents, money } from '../../lib/money.js';
import { connection, decodeCursor, encodeCursor, pageSize } from '../../lib/paging.js';
import type { Resolvers } from './__generated__/resolvers-types.js';
import type { Context } from './context.js';
import type { OfferingModel, ProviderModel } from './models.js';
import { nameIn } from './models.js';
import { providerWriteResolvers } from './provider-writes.js';
import { allMunicipalities, allServiceTypes, listProviders } from './repository.js';
import { webhookResolvers } from './webhooks/index.js';

const MUNICIPALITY_CODE = /^[0-9]{3}$/;
const MAX_SEARCH = 100;

/** The keyset of the provider list: the last row's name and id. */
interface ProviderCursor {
  n: string;
  i: string;
}
const isProviderCursor = (v: unknown): v is ProviderCursor =>
  typeof v === 'object' && v !== null && typeof (v as ProviderCursor).n === 'string' && typeof (v as ProviderCursor).i === 'string';

/** A provider the viewer may see, or null — for lookups by id and entity references. */
async function visibleProvider(ctx: Context, id: string): Promise<ProviderModel | null> {
  const provider = await ctx.loaders.provider.load(id);
  return ctx.policy.release('Provider', provider);
}

/** An offering whose provider the viewer may see, or null. */
async function visibleOffering(ctx: Context, id: string): Promise<OfferingModel | null> {
  const offering = await ctx.loaders.offering.load(id);
  return offering && (await visibleProvider(ctx, offering.providerId)) ? offering : null;
}

/** The voucher value the router hands over with a PlannedService, in cents; null when the voucher system could not say. */
function voucherValueCents(value: { amount?: string | null } | null | undefined): number | null {
  if (!value?.amount) return null;
  try {
    return decimalToCents(value.amount);
  } catch {
    return null;
  }
}

async function checkServiceType(ctx: Context, code: string): Promise<void> {
  if (!(await ctx.loaders.serviceType.load(code))) {
    throw badUserInput(`unknown service type: ${code}`, { argumentName: 'filter.serviceTypeCode' });
  }
}

export const resolvers: Resolvers = {
  Query: {
    async providers(_root, { first, after, filter }, ctx) {
      const size = pageSize(first, 20);
      const cursor = decodeCursor(after, isProviderCursor);
      const municipalityCode = filter?.municipalityCode ?? null;
      if (municipalityCode !== null && !MUNICIPALITY_CODE.test(municipalityCode)) {
        throw badUserInput('municipalityCode must be a three-digit municipality code', { argumentName: 'filter.municipalityCode' });
      }
      const search = filter?.search?.trim() || null;
      if (search && search.length > MAX_SEARCH) {
        throw badUserInput(`search must be at most ${MAX_SEARCH} characters`, { argumentName: 'filter.search' });
      }
      if (filter?.serviceTypeCode != null) await checkServiceType(ctx, filter.serviceTypeCode);

      const list = {
        scope: ctx.policy.listScope(filter?.status),
        serviceTypeCode: filter?.serviceTypeCode ?? null,
        municipalityCode,
        language: filter?.language ?? null,
        search,
        after: cursor ? { name: cursor.n, id: cursor.i } : null,
        first: size,
      };
      // Keyed by the whole list query, the viewer's scope (from the policy) included.
      const page = await ctx.cache.one('providerPage', JSON.stringify(list), () => listProviders(ctx.db, list));
      for (const p of page.rows) ctx.loaders.provider.prime(p.id, p);
      const edges = page.rows.map((node) => ({ cursor: encodeCursor({ n: node.name, i: node.id } satisfies ProviderCursor), node }));
      return connection(edges, page.totalCount, page.hasNextPage, after);
    },
    provider: (_root, { id }, ctx) => visibleProvider(ctx, id),
    async serviceTypes(_root, _args, ctx) {
      if (!ctx.policy.mayReadReferenceData()) return [];
      const all = await ctx.cache.one('allServiceTypes', '', () => allServiceTypes(ctx.db));
      for (const s of all) ctx.loaders.serviceType.prime(s.code, s);
      return all;
    },
    async municipalities(_root, _args, ctx) {
      if (!ctx.policy.mayReadReferenceData()) return [];
      const all = await ctx.cache.one('allMunicipalities', '', () => allMunicipalities(ctx.db));
      for (const m of all) ctx.loaders.municipality.prime(m.code, m);
      return all;
    },
  },

  Mutation: {
    ...providerWriteResolvers,
    ...webhookResolvers.Mutation,
  },

  Provider: {
    __resolveReference: (ref, ctx) => visibleProvider(ctx, ref.id),
    municipalities: (p, _args, ctx) => ctx.loaders.municipalitiesByProvider.load(p.id),
    languages: (p, _args, ctx) => ctx.loaders.languagesByProvider.load(p.id),
    offerings: (p, _args, ctx) => ctx.loaders.offeringsByProvider.load(p.id),
    email: (p, _args, ctx) => ctx.policy.releaseField('Provider', p, 'email', () => p.email),
    phone: (p, _args, ctx) => ctx.policy.releaseField('Provider', p, 'phone', () => p.phone),
    iban: (p, _args, ctx) => ctx.policy.releaseField('Provider', p, 'iban', () => p.iban),
    appliedAt: (p, _args, ctx) => ctx.policy.releaseField('Provider', p, 'appliedAt', () => p.appliedAt.toISOString()),
    decidedAt: (p, _args, ctx) => ctx.policy.releaseField('Provider', p, 'decidedAt', () => p.decidedAt?.toISOString() ?? null),
    statusReason: (p, _args, ctx) => ctx.policy.releaseField('Provider', p, 'statusReason', () => p.statusReason),
    ...webhookResolvers.Provider,
  },

  ServiceOffering: {
    __resolveReference: (ref, ctx) => visibleOffering(ctx, ref.id),
    async provider(o, _args, ctx) {
      // Offerings reach a viewer only through a provider it may see (or an approved one), so
      // this holds; if it ever did not, failing the field beats leaking the provider.
      const provider = await visibleProvider(ctx, o.providerId);
      if (!provider) throw new Error(`provider ${o.providerId} of offering ${o.id} is not visible`);
      return provider;
    },
    async serviceType(o, _args, ctx) {
      const type = await ctx.loaders.serviceType.load(o.serviceTypeCode);
      if (!type) throw new Error(`service type ${o.serviceTypeCode} of offering ${o.id} is missing`);
      return type;
    },
    price: (o) => money(o.priceCents),
    // Only an offering reached from a planned service carries its client share (see availableOfferings).
    clientShare: (o) => (o.clientShareCents == null ? null : money(o.clientShareCents)),
    removedAt: (o) => o.removedAt?.toISOString() ?? null,
    async priceHistory(o, _args, ctx) {
      const prices = await ctx.loaders.pricesByOffering.load(o.id);
      return prices.map((p) => ({
        price: money(p.priceCents),
        validFrom: p.validFrom.toISOString(),
        validTo: p.validTo?.toISOString() ?? null,
      }));
    },
  },

  ServiceType: {
    __resolveReference: (ref, ctx) => ctx.loaders.serviceType.load(ref.code),
    name: (s, { lang }) => nameIn(s.names, lang),
  },

  Municipality: {
    __resolveReference: (ref, ctx) => ctx.loaders.municipality.load(ref.code),
    name: (m, { lang }) => nameIn(m.names, lang),
  },

  PlannedService: {
    // The router sends the key and the @requires fields; that is all this subgraph needs.
    __resolveReference: (ref) => ({
      id: ref.id,
      serviceTypeCode: 'serviceTypeCode' in ref ? ref.serviceTypeCode : null,
      municipalityCode: 'municipalityCode' in ref ? ref.municipalityCode : null,
      voucherValueCents: 'voucherValue' in ref ? voucherValueCents(ref.voucherValue) : null,
    }),
    async availableOfferings(ps, { first }, ctx) {
      const size = pageSize(first, 10);
      const { serviceTypeCode, municipalityCode } = ps;
      // A plan naming an unknown code has nothing to offer; it is not the caller's input error.
      if (!serviceTypeCode || !municipalityCode || !MUNICIPALITY_CODE.test(municipalityCode)) return [];
      const offerings = await ctx.loaders.offerable.load({ serviceTypeCode, municipalityCode, first: size });
      // The loader's rows are shared by every planned service of the pair; the share is this one's.
      const voucher = ps.voucherValueCents ?? null;
      return offerings.map((o) => ({ ...o, clientShareCents: voucher === null ? null : Math.max(0, o.priceCents - voucher) }));
    },
  },
};
