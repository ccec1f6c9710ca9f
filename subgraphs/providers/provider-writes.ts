/**
 * The provider's side of the catalogue as mutations (docs/contract.md "Writes (Mutation)"): a
 * provider's system applies (palveluntuottajaksi hakeminen) and keeps its own offerings; an
 * administrator decides applications and suspends providers.
 *
 * Every write goes the same way: who may (policy.ts) → the input, each cause its own
 * BAD_USER_INPUT naming the argument → one catalogue transaction that locks the provider's row,
 * checks its status (CONFLICT, FORBIDDEN or NOT_FOUND) and writes → the audit note, only after
 * the write succeeded. A refused write changes nothing: every check that can refuse runs before
 * or inside the transaction, and a refusal inside rolls it back.
 *
 * Why approval talks to the other systems first: the voucher system pays providers, so an
 * approved provider must be in its register (business ID, name, IBAN); the client-record
 * system records who performs a planned service as an Organization it knows, so an approved
 * provider must be an Organization there (organization-record.ts) before a client's order can
 * name it. The writes go register → Organization → catalogue APPROVED, each idempotent: if a
 * later one fails, the provider is still APPLIED — no client can order from it, nothing
 * written so far lets anyone act — and the administrator's retry redoes the earlier ones (no-
 * ops) and completes. The other way round, a failure would leave an approved provider that
 * cannot be paid, or that every order from fails. Suspending likewise marks the Organization
 * inactive before the catalogue says SUSPENDED.
 */
import { randomUUID } from 'node:crypto';
import FinnishBankUtils from 'finnish-bank-utils';
import { sql } from 'kysely';
import { FinnishBusinessIds } from 'finnish-business-ids';
import { badUserInput, forbidden, graphqlError, notFound, SystemRefusal, UpstreamError } from '../../lib/errors.js';
import { createLogger } from '../../lib/log.js';
import { identifier, orRefusal, positiveQuantity, requiredText, text } from '../../lib/write-input.js';
import type { MutationResolvers, OfferingInput, ProviderApplicationInput } from './__generated__/resolvers-types.js';
import { CATALOGUE_CHANNEL } from './catalogue-cache.js';
import type { Context } from './context.js';
import type { LanguageCode } from './db/schema.js';
import type { OfferingModel, ProviderModel, ServiceTypeModel } from './models.js';
import { recordOrganization, type OrganizationFacts } from './organization-record.js';
import { mayApplyFrom } from './policy.js';
import {
  catalogueCall,
  claimProviderId,
  isUniqueViolation,
  lockProvider,
  offeringOfType,
  providerIdWithBusinessId,
  providersByIds,
  withdrawOfferings,
  writeApplication,
  writeDecision,
  writeOffering,
  type ApplicationRow,
  type Db,
  type OfferingWrite,
} from './repository.js';

/** A price per unit above this is a typo, not a price (euros). */
export const MAX_PRICE_EUROS = 100_000;
const MAX_NAME = 200;
const MAX_DESCRIPTION = 1000;
const MAX_REASON = 1000;
const MAX_EMAIL = 254;
const MAX_PHONE = 40;
/** Finland has about 300 municipalities; a longer list is not an application. */
const MAX_MUNICIPALITIES = 400;
const MAX_OFFERINGS = 100;

const MUNICIPALITY_CODE = /^[0-9]{3}$/;
/** Y-tunnus: seven digits, a hyphen and the check digit (the library checks the digit). */
const BUSINESS_ID = /^[0-9]{7}-[0-9]$/;
const FINNISH_IBAN = /^FI[0-9]{16}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ()-]{4,39}$/;
/**
 * A provider id both registers take: the voucher system's (its path parameter's pattern) and
 * the client-record system's, where it is the Organization's FHIR id (letters, digits, '-'
 * and '.'; no '_'). Refused at application, not at approval, when nothing can be done about it.
 */
const REGISTRABLE_ID = /^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/;

const log = createLogger('provider-writes');

const invalid = (argumentName: string, reason: string) => badUserInput(`${argumentName} ${reason}`, { argumentName });
const conflict = (message: string, extensions: Record<string, unknown> = {}) => graphqlError('CONFLICT', message, extensions);

/** A price in cents: positive, at most two decimals, at most MAX_PRICE_EUROS (cents and hundredths share a representation). */
function priceCents(value: string, argumentName: string): number {
  return positiveQuantity(value, argumentName, MAX_PRICE_EUROS);
}

/** The business ID (Y-tunnus), checked by its check digit. */
function businessId(value: string): string {
  const v = value.trim();
  if (!BUSINESS_ID.test(v) || !FinnishBusinessIds.isValidBusinessId(v))
    throw invalid('input.businessId', 'is not a valid business ID (Y-tunnus), e.g. 1572860-0');
  return v;
}

/** A Finnish IBAN, checked by its check digits, in the electronic format (no spaces, upper case). */
function iban(value: string): string {
  const v = value.replace(/\s+/g, '').toUpperCase();
  if (!FINNISH_IBAN.test(v) || !FinnishBankUtils.isValidFinnishIBAN(v))
    throw invalid('input.iban', 'is not a valid Finnish IBAN, e.g. FI21 1234 5600 0007 85');
  return v;
}

function email(value: string | null | undefined): string | null {
  const v = text(value, 'input.email', MAX_EMAIL);
  if (v !== null && !EMAIL.test(v)) throw invalid('input.email', 'is not an email address');
  return v;
}

function phone(value: string | null | undefined): string | null {
  const v = text(value, 'input.phone', MAX_PHONE);
  if (v !== null && !PHONE.test(v)) throw invalid('input.phone', 'is not a phone number, e.g. +358 40 123 4567');
  return v;
}

/** The service type of a code, or BAD_USER_INPUT naming the argument. Batched through the loader. */
async function knownServiceType(ctx: Context, code: string, argumentName: string): Promise<ServiceTypeModel> {
  const type = await ctx.loaders.serviceType.load(code);
  if (!type) throw invalid(argumentName, `is not a known service type: ${code.slice(0, 50)}`);
  return type;
}

/** The new offering's id: opaque, so it says nothing and never collides. */
const newOfferingId = () => `of-${randomUUID()}`;

/** The whole application, checked: every argument on its own cause, reference codes against the catalogue. */
async function validApplication(
  ctx: Context,
  providerId: string,
  input: ProviderApplicationInput,
): Promise<{ row: ApplicationRow; offerings: OfferingWrite[] }> {
  const row = {
    id: providerId,
    businessId: businessId(input.businessId),
    name: requiredText(input.name, 'input.name', MAX_NAME),
    iban: iban(input.iban),
    email: email(input.email),
    phone: phone(input.phone),
  };

  if (!input.municipalityCodes.length) throw invalid('input.municipalityCodes', 'must name at least one municipality');
  if (input.municipalityCodes.length > MAX_MUNICIPALITIES)
    throw invalid('input.municipalityCodes', `must name at most ${MAX_MUNICIPALITIES} municipalities`);
  input.municipalityCodes.forEach((code, i) => {
    if (!MUNICIPALITY_CODE.test(code)) throw invalid(`input.municipalityCodes[${i}]`, 'must be a three-digit municipality code');
  });
  const known = await Promise.all(input.municipalityCodes.map((code) => ctx.loaders.municipality.load(code)));
  known.forEach((m, i) => {
    if (!m) throw invalid(`input.municipalityCodes[${i}]`, `is not a known municipality: ${input.municipalityCodes[i]}`);
  });

  if (!input.languages.length) throw invalid('input.languages', 'must name at least one language');

  if (!input.offerings.length) throw invalid('input.offerings', 'must offer at least one service type');
  if (input.offerings.length > MAX_OFFERINGS) throw invalid('input.offerings', `must have at most ${MAX_OFFERINGS} offerings`);
  const types = await Promise.all(
    input.offerings.map((o, i) => knownServiceType(ctx, o.serviceTypeCode, `input.offerings[${i}].serviceTypeCode`)),
  );
  const seen = new Set<string>();
  const offerings = input.offerings.map((o: OfferingInput, i): OfferingWrite => {
    if (seen.has(o.serviceTypeCode))
      throw invalid(`input.offerings[${i}].serviceTypeCode`, `offers ${o.serviceTypeCode} a second time (one offering per service type)`);
    seen.add(o.serviceTypeCode);
    return {
      serviceTypeCode: o.serviceTypeCode,
      unit: types[i].unit,
      priceCents: priceCents(o.price, `input.offerings[${i}].price`),
      description: text(o.description, `input.offerings[${i}].description`, MAX_DESCRIPTION),
    };
  });

  return {
    // Repeated codes and languages mean the same thing once.
    row: { ...row, municipalityCodes: [...new Set(input.municipalityCodes)], languages: [...new Set(input.languages as LanguageCode[])] },
    offerings,
  };
}

/**
 * One catalogue transaction: a unique violation (a concurrent writer took the id or the
 * business ID first) is CONFLICT; a database failure UPSTREAM_UNAVAILABLE (catalogueCall).
 * Through the catalogue cache's `write` (catalogue-cache.ts): the transaction's last statement
 * is this process's own NOTIFY, and the answer waits until this process has heard it back —
 * Postgres signals every listening process at the same commit, so the others have heard it too.
 */
function inTransaction<T>(ctx: Context, what: string, run: (trx: Db) => Promise<T>): Promise<T> {
  return catalogueCall(what, async () => {
    try {
      return await ctx.cache.write((notify) =>
        ctx.db.transaction().execute(async (trx) => {
          const result = await run(trx);
          await sql`select pg_notify(${CATALOGUE_CHANNEL}, ${notify})`.execute(trx);
          return result;
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict(
          `${what}: another write got there first (the provider or its business ID is already registered); read again and retry`,
        );
      throw error;
    }
  });
}

/** The provider's own record, locked, when it may keep its offerings; FORBIDDEN or NOT_FOUND otherwise. */
async function lockEditableSelf(ctx: Context, trx: Db, providerId: string): Promise<ProviderModel> {
  const provider = await lockProvider(trx, providerId);
  if (!provider) throw notFound(`provider ${providerId} has no record in the catalogue: apply first (applyAsProvider)`);
  ctx.policy.assertMayWrite('editOfferings', `a ${provider.status} provider cannot change its offerings`, provider);
  return provider;
}

/** The caller's own provider id, for the provider-only writes; FORBIDDEN for everyone else. */
function self(ctx: Context, what: 'applyAsProvider' | 'setOffering' | 'removeOffering'): string {
  return ctx.policy.selfFor(what === 'applyAsProvider' ? what : 'editOfferings', `${what}: only a provider's system, for itself`);
}

/** The provider as written, read afresh (the request's loaders may hold what was there before). */
async function freshProvider(ctx: Context, id: string): Promise<ProviderModel | null> {
  for (const loader of [
    ctx.loaders.provider,
    ctx.loaders.municipalitiesByProvider,
    ctx.loaders.languagesByProvider,
    ctx.loaders.offeringsByProvider,
  ])
    loader.clear(id);
  return ctx.loaders.provider.load(id);
}

async function freshOffering(ctx: Context, id: string): Promise<OfferingModel | null> {
  ctx.loaders.offering.clear(id);
  ctx.loaders.pricesByOffering.clear(id);
  return ctx.loaders.offering.load(id);
}

const subject = (providerId: string) => `Provider/${providerId}`;

/**
 * The provider's Organization in the client-record system made to say `facts`, before the
 * catalogue's decision (organization-record.ts). Nothing was decided when it fails, and the
 * administrator is told so: the system down (or answering unexpectedly) is
 * UPSTREAM_UNAVAILABLE naming it; a refusal on the merits CONFLICT, with the system's reason
 * in one word — its own text goes to the log, not to the caller. Created when absent on
 * approval only.
 */
async function organizationStep(
  ctx: Context,
  facts: OrganizationFacts,
  decided: 'approved' | 'suspended',
  still: 'APPLIED' | 'APPROVED',
): Promise<void> {
  try {
    await recordOrganization(ctx.clientRecordSystem, facts, { createIfAbsent: facts.active });
  } catch (error) {
    if (error instanceof UpstreamError) {
      throw new UpstreamError(
        'client-record-system',
        `the client-record system is unavailable: provider ${facts.id} was not ${decided} and is still ${still}; try again`,
      );
    }
    if (error instanceof SystemRefusal) {
      log.warn(
        { providerId: facts.id, status: error.status, kind: error.kind, detail: error.detail, requestId: ctx.requestId },
        'the client-record system refused a provider Organization',
      );
      throw conflict(
        `the client-record system refused provider ${facts.id}'s Organization record (${error.kind}): the provider was not ${decided} and is still ${still}`,
        {
          system: error.system,
          reason: error.kind,
        },
      );
    }
    throw error;
  }
}

type WriteResolvers = Required<
  Pick<MutationResolvers, 'applyAsProvider' | 'setOffering' | 'removeOffering' | 'decideProviderApplication' | 'suspendProvider'>
>;

export const providerWriteResolvers: WriteResolvers = {
  async applyAsProvider(_root, { input }, ctx) {
    const providerId = self(ctx, 'applyAsProvider');
    if (!REGISTRABLE_ID.test(providerId)) throw forbidden(`applyAsProvider: this token's provider id cannot be registered`);
    const { row, offerings } = await validApplication(ctx, providerId, input);
    await inTransaction(ctx, 'applyAsProvider', async (trx) => {
      const at = new Date();
      const existing = await lockProvider(trx, providerId);
      if (existing && !mayApplyFrom(existing.status)) {
        throw conflict(`provider ${providerId} is ${existing.status}: only a new, pending or rejected provider applies`, {
          status: existing.status,
        });
      }
      if (await providerIdWithBusinessId(trx, row.businessId, providerId)) {
        throw conflict(`business ID ${row.businessId} is already registered to another provider`);
      }
      if (!existing && !(await claimProviderId(trx, row, at))) {
        // A concurrent first application got there first: judge this one against its row.
        const raced = (await lockProvider(trx, providerId))!;
        if (!mayApplyFrom(raced.status))
          throw conflict(`provider ${providerId} is ${raced.status}: only a new, pending or rejected provider applies`, {
            status: raced.status,
          });
      }
      await writeApplication(trx, row, at);
      // The application's offerings replace the pending ones: same ids for the same service types.
      for (const o of offerings) await writeOffering(trx, providerId, o, at, newOfferingId);
      await withdrawOfferings(trx, providerId, { keep: offerings.map((o) => o.serviceTypeCode) }, at);
    });
    ctx.audit.recordSubjectWrite(subject(providerId), `applyAsProvider ${subject(providerId)}`);
    return freshProvider(ctx, providerId);
  },

  async setOffering(_root, { input }, ctx) {
    const providerId = self(ctx, 'setOffering');
    const type = await knownServiceType(ctx, input.serviceTypeCode, 'input.serviceTypeCode');
    const offering: OfferingWrite = {
      serviceTypeCode: type.code,
      unit: type.unit,
      priceCents: priceCents(input.price, 'input.price'),
      // Absent keeps the description; null (or blank) clears it.
      ...('description' in input ? { description: text(input.description, 'input.description', MAX_DESCRIPTION) } : {}),
    };
    const { id } = await inTransaction(ctx, 'setOffering', async (trx) => {
      await lockEditableSelf(ctx, trx, providerId);
      return writeOffering(trx, providerId, offering, new Date(), newOfferingId);
    });
    ctx.audit.recordSubjectWrite(subject(providerId), `setOffering ServiceOffering/${id}`);
    return freshOffering(ctx, id);
  },

  async removeOffering(_root, { input }, ctx) {
    const providerId = self(ctx, 'removeOffering');
    const type = await knownServiceType(ctx, input.serviceTypeCode, 'input.serviceTypeCode');
    const id = await inTransaction(ctx, 'removeOffering', async (trx) => {
      await lockEditableSelf(ctx, trx, providerId);
      const offering = await offeringOfType(trx, providerId, type.code);
      if (!offering) throw notFound(`provider ${providerId} has no offering of ${type.code}`);
      // Withdrawing a withdrawn offering changes nothing: a retried removal answers the same.
      if (offering.removedAt === null) await withdrawOfferings(trx, providerId, { only: [type.code] }, new Date());
      return offering.id;
    });
    ctx.audit.recordSubjectWrite(subject(providerId), `removeOffering ServiceOffering/${id}`);
    return freshOffering(ctx, id);
  },

  async decideProviderApplication(_root, { input }, ctx) {
    ctx.policy.assertMayWrite('decideProviders', 'decideProviderApplication: administrators only');
    const id = identifier(input.providerId, 'input.providerId');
    const reason =
      input.decision === 'REJECT' ? requiredText(input.reason, 'input.reason', MAX_REASON) : text(input.reason, 'input.reason', MAX_REASON);
    const [application] = await providersByIds(ctx.db, [id]);
    if (!application) throw notFound(`no provider ${id}`);
    if (application.status !== 'APPLIED') {
      throw conflict(`provider ${id} is ${application.status}: only an APPLIED provider's application is decided`, {
        status: application.status,
      });
    }
    if (input.decision === 'APPROVE') {
      if (!application.iban) throw conflict(`provider ${id} has no IBAN on record: it must apply again before it can be approved`);
      // First the register, so an approved provider can always be paid (see the header).
      try {
        await orRefusal(
          `the voucher system refused to register provider ${id}`,
          () =>
            ctx.voucherSystem.registerProvider(id, { businessId: application.businessId, name: application.name, iban: application.iban! }),
          { invalid: 'CONFLICT', stale: 'CONFLICT' },
        );
      } catch (error) {
        // Say what it means for the administrator, not which request failed: nothing was decided.
        if (error instanceof UpstreamError)
          throw new UpstreamError(
            'voucher-system',
            `the voucher system is unavailable: provider ${id} was not approved and is still APPLIED; try again`,
          );
        throw error;
      }
      // Then the Organization, so a client's order can name it as the performer.
      await organizationStep(ctx, { id, businessId: application.businessId, name: application.name, active: true }, 'approved', 'APPLIED');
    }
    await inTransaction(ctx, 'decideProviderApplication', async (trx) => {
      const now = await lockProvider(trx, id);
      // Decided by someone else, or applied again with other details, since it was read: what
      // was registered may not be what is there now.
      if (!now || now.status !== 'APPLIED' || now.appliedAt.getTime() !== application.appliedAt.getTime()) {
        throw conflict(`provider ${id}'s application changed while it was being decided: read it again and decide again`);
      }
      await writeDecision(trx, id, input.decision === 'APPROVE' ? 'APPROVED' : 'REJECTED', reason, new Date());
    });
    ctx.audit.recordSubjectWrite(subject(id), `decideProviderApplication ${subject(id)}`);
    return freshProvider(ctx, id);
  },

  async suspendProvider(_root, { input }, ctx) {
    ctx.policy.assertMayWrite('decideProviders', 'suspendProvider: administrators only');
    const id = identifier(input.providerId, 'input.providerId');
    const reason = requiredText(input.reason, 'input.reason', MAX_REASON);
    const [provider] = await providersByIds(ctx.db, [id]);
    if (!provider) throw notFound(`no provider ${id}`);
    if (provider.status !== 'APPROVED')
      throw conflict(`provider ${id} is ${provider.status}: only an APPROVED provider is suspended`, { status: provider.status });
    // First the client-record system: no longer in active use there (see the header). One that
    // was never registered there stays unregistered.
    await organizationStep(ctx, { id, businessId: provider.businessId, name: provider.name, active: false }, 'suspended', 'APPROVED');
    await inTransaction(ctx, 'suspendProvider', async (trx) => {
      const now = await lockProvider(trx, id);
      if (!now) throw notFound(`no provider ${id}`);
      if (now.status !== 'APPROVED')
        throw conflict(`provider ${id} is ${now.status}: only an APPROVED provider is suspended`, { status: now.status });
      // Its register entry in the voucher system stays: deliveries already made are still paid.
      await writeDecision(trx, id, 'SUSPENDED', reason, new Date());
    });
    ctx.audit.recordSubjectWrite(subject(id), `suspendProvider ${subject(id)}`);
    return freshProvider(ctx, id);
  },
};
