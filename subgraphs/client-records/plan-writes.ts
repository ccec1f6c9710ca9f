/**
 * The plan's writes (docs/contract.md "Writes"): createPlan, updatePlan, approvePlan, revokePlan.
 * The plan is written to the client-record system (FHIR CarePlan + Goal, every change a new
 * version guarded by If-Match); its money to the voucher system (the balance voucher).
 *
 * Why the order of the two writes is what it is (docs/architecture.md principle 9): the voucher is what
 * lets anyone spend, so it is never more than an ACTIVE plan allows, and a failure between the
 * two writes leaves nothing a party can act on wrongly:
 * - approve: grant the voucher (keyed by plan and version, so a retry finds the same one), then
 *   make the plan ACTIVE. A voucher of a plan that is still DRAFT cannot be spent — ordering
 *   needs an ACTIVE plan — and is cancelled when the plan write fails.
 * - revise an ACTIVE plan: adjust the voucher first (the voucher system refuses to go below what
 *   is committed and spent: BUDGET_EXCEEDED), then the plan; when the plan write fails the
 *   voucher is set back. A retry that finds them apart sets the voucher to the plan's budget.
 * - revoke: cancel the voucher (the voucher system cancels its open orders in the same step),
 *   then the plan. A plan left ACTIVE with a cancelled voucher can be ordered from by nobody,
 *   and the retry completes the revocation.
 *
 * Every write checks first (role, municipality, version, status, input) for a clear error, and
 * the systems check again (If-Match, balance): what this module checks is for the caller, what
 * they check is the truth.
 */
import { budgetLineCents, validityDays } from '../../lib/budget.js';
import { badUserInput, graphqlError, notFound, SystemRefusal, UpstreamError } from '../../lib/errors.js';
import type { CarePlan, Goal } from '../../lib/fhir-r4.js';
import { decimalToHundredths } from '../../lib/money.js';
import { serviceTypeByCode, type PlanPeriod } from '../../lib/reference.js';
import type { VoucherClient } from '../../lib/voucher-client.js';
import {
  identifier,
  idempotencyKey,
  inputDigest,
  orRefusal,
  positiveQuantity,
  refusalError,
  requiredText,
  systemKey,
  text,
} from '../../lib/write-input.js';
import { openOrdersOfPlan, orderCancelledEvents, planChangedEvents } from '../../lib/provider-events.js';
import type { Context } from './context.js';
import { goalsOf, planFromCarePlan } from './from-fhir.js';
import type { ClientRef, PlanModel } from './models.js';
import {
  activityOf,
  goalOf,
  IDEMPOTENCY_SYSTEM,
  inputDigestOf,
  newCarePlan,
  newServiceId,
  withStatus,
  type ServiceSpec,
} from './to-fhir.js';

type Voucher = Awaited<ReturnType<VoucherClient['vouchers']>>[number];

const MAX_SITUATION = 10_000;
const MAX_GOALS = 50;
const MAX_GOAL = 1_000;
const MAX_SERVICE_TEXT = 1_000;
const MAX_SERVICES = 100;
const OPEN_ORDER_STATES = ['REQUESTED', 'ACCEPTED'] as const;

export interface PlannedServiceInput {
  serviceTypeCode: string;
  quantity: string;
  per: PlanPeriod;
  schedule?: string | null;
  location?: string | null;
  instructions?: string | null;
}

// ---- input ---------------------------------------------------------------------------------

function serviceSpec(s: PlannedServiceInput, at: string): ServiceSpec {
  if (!serviceTypeByCode.has(s.serviceTypeCode))
    throw badUserInput(`${at}.serviceTypeCode: no service type ${JSON.stringify(s.serviceTypeCode.slice(0, 40))}`, {
      argumentName: `${at}.serviceTypeCode`,
    });
  return {
    serviceTypeCode: s.serviceTypeCode,
    quantityHundredths: positiveQuantity(s.quantity, `${at}.quantity`, 10_000),
    per: s.per,
    schedule: text(s.schedule, `${at}.schedule`, MAX_SERVICE_TEXT),
    location: text(s.location, `${at}.location`, MAX_SERVICE_TEXT),
    instructions: text(s.instructions, `${at}.instructions`, MAX_SERVICE_TEXT),
  };
}

function goalTexts(goals: readonly string[] | null | undefined): string[] | null {
  if (goals == null) return null;
  if (goals.length > MAX_GOALS) throw badUserInput(`input.goals: at most ${MAX_GOALS}`, { argumentName: 'input.goals' });
  return goals.map((g, i) => requiredText(g, `input.goals[${i}]`, MAX_GOAL));
}

function checkValidity(validFrom: string, validTo: string | null): void {
  if (validTo && validTo < validFrom) throw badUserInput('input.validTo must not be before validFrom', { argumentName: 'input.validTo' });
  if (validTo && validityDays(validFrom, validTo) > 366 * 5)
    throw badUserInput('input.validTo: a plan is valid for at most five years', { argumentName: 'input.validTo' });
}

// ---- reading what a write starts from --------------------------------------------------------

interface PlanRecord {
  resource: CarePlan;
  goals: Map<string, Goal>;
  model: PlanModel;
  owner: ClientRef;
}

/** The plan as the system has it now (not the request's cache: a write decides on the truth). */
async function readPlan(ctx: Context, planId: string): Promise<PlanRecord> {
  identifier(planId, 'input.planId');
  const page = await ctx.client.search<CarePlan>('CarePlan', { _id: planId, _include: 'CarePlan:goal' });
  const resource = page.matches[0];
  const goals = goalsOf(page.included);
  const model = resource ? planFromCarePlan(resource, goals) : null;
  if (!resource || !model) throw notFound(`plan ${planId} does not exist`);
  const client = await ctx.loaders.clientById.load(model.clientId);
  if (!client) throw notFound(`the client of plan ${planId} does not exist`);
  const owner = { id: client.id, municipalityCode: model.municipalityCode ?? client.municipalityCode };
  ctx.policy.assertMayWrite('writePlan', owner);
  return { resource, goals, model, owner };
}

function expectVersion(record: PlanRecord, expectedVersion: string, allowed: readonly PlanModel['status'][], what: string): void {
  if (record.model.version !== expectedVersion) {
    throw graphqlError(
      'CONFLICT',
      `plan ${record.model.id} is at version ${record.model.version}, not ${expectedVersion.slice(0, 40)}: read it again`,
      { currentVersion: record.model.version },
    );
  }
  if (!allowed.includes(record.model.status)) {
    throw graphqlError('CONFLICT', `a ${record.model.status} plan cannot be ${what}`, { status: record.model.status });
  }
}

/** The written plan as a model, primed in the request's loaders so the answer's fields read it. */
function written(ctx: Context, resource: CarePlan, goals: Map<string, Goal>): PlanModel {
  const model = planFromCarePlan(resource, goals);
  if (!model) throw new UpstreamError('client-record-system', 'client-record-system answered a write with an unusable CarePlan');
  ctx.loaders.planById.clear(model.id).prime(model.id, model);
  for (const s of model.services) ctx.loaders.planByServiceId.clear(s.id).prime(s.id, model);
  ctx.loaders.plansByClientId.clear(model.clientId);
  return model;
}

async function createGoals(ctx: Context, clientId: string, texts: string[], status: 'draft' | 'active'): Promise<Goal[]> {
  return orRefusal('goals', () => Promise.all(texts.map((t) => ctx.client.create<Goal>(goalOf(clientId, t, status)))));
}

const updatePlanResource = (ctx: Context, resource: CarePlan, version: string) =>
  orRefusal(`plan ${resource.id}`, () => ctx.client.update<CarePlan>(resource, version));

// ---- the budget and the voucher ------------------------------------------------------------------

/**
 * Budget of a plan in cents: planned quantities × periods in the validity × unit costs — those
 * `fixed` by the plan's voucher when it was granted (budgets approved before a new unit cost keep
 * theirs), and today's for the rest (a plan being approved, or a service type the voucher fixed
 * none for; then the system is asked for those only).
 */
async function budgetCents(
  ctx: Context,
  municipalityCode: string,
  plan: Pick<PlanModel, 'validFrom' | 'validTo' | 'services'>,
  fixed: Voucher['unitCosts'] = [],
): Promise<number> {
  const costOf = new Map(fixed.map((u) => [u.serviceTypeCode, u.unitCostCents]));
  const codes = [...new Set(plan.services.map((s) => s.serviceTypeCode))].filter((code) => !costOf.has(code));
  const costs = codes.length ? await ctx.voucherSystem.unitCosts([municipalityCode], codes) : [];
  for (const u of costs) costOf.set(u.serviceTypeCode, u.unitCostCents);
  const days = validityDays(plan.validFrom, plan.validTo);
  let total = 0;
  for (const s of plan.services) {
    const cost = costOf.get(s.serviceTypeCode);
    if (cost === undefined)
      throw badUserInput(`municipality ${municipalityCode} has no unit cost for ${s.serviceTypeCode}; the plan cannot be budgeted`, {
        argumentName: 'input',
      });
    total += budgetLineCents(decimalToHundredths(s.quantity), s.per, days, cost);
  }
  return total;
}

/** The last day a voucher is valid: the plan's end, or a year from its start (as the budget counts it). */
function voucherValidTo(validFrom: string, validTo: string | null): string {
  if (validTo) return validTo;
  const d = new Date(`${validFrom}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 364);
  return d.toISOString().slice(0, 10);
}

async function activeVoucher(ctx: Context, planId: string): Promise<Voucher | null> {
  const vouchers = await ctx.voucherSystem.vouchers({ planIds: [planId] });
  return vouchers.find((v) => v.status === 'ACTIVE' || v.status === 'EXHAUSTED') ?? null;
}

/** Sets an active voucher's grant and validity; BUDGET_EXCEEDED when what is committed and spent does not fit. */
async function adjustVoucher(ctx: Context, voucher: Voucher, grantedCents: number, validTo: string): Promise<Voucher> {
  if (voucher.grantedCents === grantedCents && voucher.validTo === validTo) return voucher;
  const used = voucher.deliveredCents + voucher.committedCents;
  if (grantedCents < used) {
    throw graphqlError(
      'BUDGET_EXCEEDED',
      `the new budget ${(grantedCents / 100).toFixed(2)} € would be below what is already committed and spent (${(used / 100).toFixed(2)} €)`,
    );
  }
  return orRefusal('the balance voucher', () => ctx.voucherSystem.changeVoucher(voucher.id, voucher.version, { grantedCents, validTo }), {
    'balance-exceeded': 'BUDGET_EXCEEDED',
  });
}

/** Best effort: a compensation that fails leaves the safe state (see the top of the module) and is logged by the caller's error. */
async function quietly(step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch {
    /* the state left is safe by the order of writes; the retry completes it */
  }
}

// ---- the mutations ----------------------------------------------------------------------------------

export async function createPlan(
  ctx: Context,
  input: {
    clientId: string;
    validFrom: string;
    validTo?: string | null;
    situation?: string | null;
    goals?: string[] | null;
    services: PlannedServiceInput[];
    idempotencyKey?: string | null;
  },
): Promise<PlanModel> {
  ctx.policy.assertMayWrite('writePlan');
  const clientId = identifier(input.clientId, 'input.clientId');
  const key = input.idempotencyKey == null ? null : idempotencyKey(input.idempotencyKey);
  const validTo = input.validTo ?? null;
  checkValidity(input.validFrom, validTo);
  if (input.services.length > MAX_SERVICES)
    throw badUserInput(`input.services: at most ${MAX_SERVICES}`, { argumentName: 'input.services' });
  const services = input.services.map((s, i) => serviceSpec(s, `input.services[${i}]`));
  const goals = goalTexts(input.goals) ?? [];
  const situation = text(input.situation, 'input.situation', MAX_SITUATION);

  const client = await ctx.loaders.clientById.load(clientId);
  if (!client) throw notFound(`client ${clientId} does not exist`);
  const owner = { id: client.id, municipalityCode: client.municipalityCode };
  ctx.policy.assertMayWrite('writePlan', owner);

  const idempotency = key
    ? {
        key: systemKey(ctx.viewer, 'createPlan', key),
        digest: inputDigest({ clientId, validFrom: input.validFrom, validTo, situation, goals, services }),
      }
    : undefined;
  const replay = (resource: CarePlan, goalMap: Map<string, Goal>) => {
    if (inputDigestOf(resource) !== idempotency!.digest)
      throw graphqlError('CONFLICT', 'this idempotencyKey was used for a different plan');
    return written(ctx, resource, goalMap);
  };
  if (idempotency) {
    // A retry finds its plan before anything is written again (goals included).
    const earlier = await ctx.client.search<CarePlan>('CarePlan', {
      identifier: `${IDEMPOTENCY_SYSTEM}|${idempotency.key}`,
      _include: 'CarePlan:goal',
    });
    if (earlier.matches[0]) return replay(earlier.matches[0], goalsOf(earlier.included));
  }

  const goalResources = await createGoals(ctx, clientId, goals, 'draft');
  const resource = newCarePlan({
    clientId,
    municipalityCode: client.municipalityCode,
    authorId: ctx.viewer.subject,
    validFrom: input.validFrom,
    validTo,
    situation,
    goalIds: goalResources.map((g) => g.id!),
    services: services.map((s) => ({ ...s, id: newServiceId() })),
    idempotency,
  });
  const created = await orRefusal('the plan', () =>
    ctx.client.create<CarePlan>(resource, idempotency ? { ifNoneExist: `identifier=${IDEMPOTENCY_SYSTEM}|${idempotency.key}` } : {}),
  );
  const goalMap = new Map(goalResources.map((g) => [g.id!, g]));
  const plan = idempotency ? replay(created, goalMap) : written(ctx, created, goalMap);
  ctx.policy.noteWrite(owner, `createPlan ClientPlan/${plan.id}`);
  return plan;
}

export async function updatePlan(
  ctx: Context,
  input: {
    planId: string;
    expectedVersion: string;
    validTo?: string | null;
    situation?: string | null;
    goals?: string[] | null;
    services?: { id?: string | null; remove?: boolean | null; service?: PlannedServiceInput | null }[] | null;
  },
): Promise<PlanModel> {
  ctx.policy.assertMayWrite('writePlan');
  const record = await readPlan(ctx, input.planId);
  expectVersion(record, input.expectedVersion, ['DRAFT', 'ACTIVE'], 'changed');
  const { model, owner } = record;
  const status = model.status === 'ACTIVE' ? 'active' : 'draft';

  // What changes, validated before anything is written.
  const validTo = input.validTo === undefined ? model.validTo : input.validTo;
  checkValidity(model.validFrom, validTo);
  const situation = input.situation === undefined ? model.situation : text(input.situation, 'input.situation', MAX_SITUATION);
  const goals = goalTexts(input.goals);
  let activities = [...(record.resource.activity ?? [])];
  const removed: string[] = [];
  for (const [i, change] of (input.services ?? []).entries()) {
    const at = `input.services[${i}]`;
    if (change.id == null) {
      if (change.remove || !change.service)
        throw badUserInput(`${at}: a new service needs \`service\` (and no \`remove\`)`, { argumentName: at });
      activities.push(activityOf(newServiceId(), serviceSpec(change.service, `${at}.service`), status));
      continue;
    }
    const index = activities.findIndex((a) => a.id === change.id);
    if (index < 0) throw badUserInput(`${at}.id: plan ${model.id} has no service ${change.id.slice(0, 64)}`, { argumentName: `${at}.id` });
    if (change.remove) {
      if (change.service) throw badUserInput(`${at}: either remove a service or change it, not both`, { argumentName: at });
      removed.push(change.id);
      activities = activities.filter((a) => a.id !== change.id);
    } else if (change.service) {
      const performer = activities[index].detail?.performer;
      activities[index] = {
        ...activities[index],
        ...activityOf(change.id, serviceSpec(change.service, `${at}.service`), status, performer),
      };
    } else {
      throw badUserInput(`${at}: give \`service\` to change it or \`remove: true\``, { argumentName: at });
    }
  }
  if (activities.length > MAX_SERVICES)
    throw badUserInput(`input.services: a plan has at most ${MAX_SERVICES} services`, { argumentName: 'input.services' });

  let goalMap = record.goals;
  let goalRefs = record.resource.goal;
  if (goals) {
    const created = await createGoals(ctx, model.clientId, goals, status);
    goalMap = new Map(created.map((g) => [g.id!, g]));
    goalRefs = created.map((g) => ({ reference: `Goal/${g.id}` }));
  }
  const next: CarePlan = {
    ...record.resource,
    ...(situation ? { description: situation } : { description: undefined }),
    period: { start: model.validFrom, ...(validTo ? { end: validTo } : {}) },
    goal: goalRefs?.length ? goalRefs : undefined,
    activity: activities,
  } as CarePlan;
  const nextModel = planFromCarePlan(next, goalMap)!;

  if (model.status === 'ACTIVE') {
    if (!activities.length)
      throw badUserInput('input.services: an ACTIVE plan keeps at least one service (revoke the plan instead)', {
        argumentName: 'input.services',
      });
    if (removed.length) {
      const open = await ctx.voucherSystem.orders({ plannedServiceIds: removed, statuses: [...OPEN_ORDER_STATES] });
      if (open.length)
        throw graphqlError('CONFLICT', `a service with open orders cannot be removed: cancel ${open.map((o) => o.id).join(', ')} first`);
    }
    const municipality = model.municipalityCode ?? owner.municipalityCode;
    const voucher = await activeVoucher(ctx, model.id);
    if (!voucher)
      throw graphqlError('CONFLICT', `plan ${model.id} has no active balance voucher (its revocation did not complete): revoke it again`);
    // At the unit costs the voucher fixed when granted, not today's: an approved budget keeps its own.
    const newBudget = await budgetCents(ctx, municipality, nextModel, voucher.unitCosts);
    const before = { grantedCents: voucher.grantedCents, validTo: voucher.validTo };
    const adjusted = await adjustVoucher(ctx, voucher, newBudget, voucherValidTo(model.validFrom, validTo));
    try {
      const updated = await updatePlanResource(ctx, next, model.version);
      const plan = written(ctx, updated, goalMap);
      ctx.policy.noteWrite(owner, `updatePlan ClientPlan/${plan.id}`);
      // Providers' webhooks: those with open orders pinned to the plan hear of its new version.
      await ctx.providerEvents.record(
        ctx.viewer,
        planChangedEvents(plan.id, plan.version, await openOrdersOfPlan(ctx.voucherSystem, plan.id)),
      );
      return plan;
    } catch (error) {
      // Set back only when the plan write was refused; after an outage its outcome is unknown, and the next change reconciles.
      if (adjusted !== voucher && !(error instanceof UpstreamError))
        await quietly(() => ctx.voucherSystem.changeVoucher(adjusted.id, adjusted.version, before));
      throw error;
    }
  }
  const updated = await updatePlanResource(ctx, next, model.version);
  const plan = written(ctx, updated, goalMap);
  ctx.policy.noteWrite(owner, `updatePlan ClientPlan/${plan.id}`);
  return plan;
}

export async function approvePlan(ctx: Context, input: { planId: string; expectedVersion: string }): Promise<PlanModel> {
  ctx.policy.assertMayWrite('writePlan');
  const record = await readPlan(ctx, input.planId);
  expectVersion(record, input.expectedVersion, ['DRAFT'], 'approved');
  const { model, owner } = record;
  if (!model.services.length) throw badUserInput('a plan without planned services cannot be approved', { argumentName: 'input.planId' });
  const others = await ctx.client.search<CarePlan>('CarePlan', { subject: `Patient/${model.clientId}`, status: 'active' });
  const otherActive = others.matches.find((p) => p.id !== model.id);
  if (otherActive) throw graphqlError('CONFLICT', `the client already has an ACTIVE plan (${otherActive.id}); revoke it first`);

  const municipality = model.municipalityCode ?? owner.municipalityCode;
  const grantedCents = await budgetCents(ctx, municipality, model);
  const voucherBody = {
    clientId: model.clientId,
    planId: model.id,
    municipalityCode: municipality,
    grantedCents,
    validFrom: model.validFrom,
    validTo: voucherValidTo(model.validFrom, model.validTo),
  };
  // Keyed by plan and version: a retried approval finds the voucher its first attempt granted.
  let voucher: Voucher;
  try {
    voucher = await ctx.voucherSystem.grantVoucher(voucherBody, `approve-${model.id}-v${model.version}`.slice(0, 128).padEnd(8, '-'));
  } catch (error) {
    if (!(error instanceof SystemRefusal && error.kind === 'voucher-exists')) throw refusalError(error, 'the balance voucher');
    // An earlier attempt (of another version) granted one: set it to this budget.
    const existing = await activeVoucher(ctx, model.id);
    if (!existing) throw graphqlError('CONFLICT', 'the voucher system holds another voucher for this plan; read the plan again');
    voucher = existing;
  }
  // The voucher fixed the unit costs in effect when it was granted: the grant is the budget at
  // those (they differ from the ones read above only when an earlier attempt granted it, or a
  // unit cost starting today was set in between), so the budget shown is the one granted.
  voucher = await adjustVoucher(ctx, voucher, await budgetCents(ctx, municipality, model, voucher.unitCosts), voucherBody.validTo);
  try {
    const approvedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const updated = await updatePlanResource(ctx, withStatus(record.resource, 'active', { approvedAt }), model.version);
    const plan = written(ctx, updated, record.goals);
    ctx.policy.noteWrite(owner, `approvePlan ClientPlan/${plan.id} Voucher/${voucher.id}`);
    return plan;
  } catch (error) {
    // The plan did not become ACTIVE: its voucher must not stay spendable.
    if (!(error instanceof UpstreamError))
      await quietly(() =>
        ctx.voucherSystem.changeVoucher(voucher.id, voucher.version, { status: 'CANCELLED', reason: 'plan approval failed' }),
      );
    throw error;
  }
}

export async function revokePlan(ctx: Context, input: { planId: string; expectedVersion: string; reason: string }): Promise<PlanModel> {
  ctx.policy.assertMayWrite('writePlan');
  const reason = requiredText(input.reason, 'input.reason', 2_000);
  const record = await readPlan(ctx, input.planId);
  expectVersion(record, input.expectedVersion, ['ACTIVE'], 'revoked');
  const { model, owner } = record;
  // Money first: once the voucher is cancelled (and with it the open orders), nothing more is spent.
  const voucher = await activeVoucher(ctx, model.id);
  // Read before: the cancellation closes them. Their providers hear of it (webhooks) as soon as it is done.
  const open = voucher ? await openOrdersOfPlan(ctx.voucherSystem, model.id) : [];
  if (voucher) {
    await orRefusal('the balance voucher', () =>
      ctx.voucherSystem.changeVoucher(voucher.id, voucher.version, { status: 'CANCELLED', reason: 'plan revoked' }),
    );
    await ctx.providerEvents.record(ctx.viewer, orderCancelledEvents(open));
  }
  const updated = await updatePlanResource(ctx, withStatus(record.resource, 'revoked', { revocationReason: reason }), model.version);
  const plan = written(ctx, updated, record.goals);
  ctx.policy.noteWrite(owner, `revokePlan ClientPlan/${plan.id}${voucher ? ` Voucher/${voucher.id}` : ''}`);
  await ctx.providerEvents.record(ctx.viewer, planChangedEvents(plan.id, plan.version, open));
  return plan;
}
