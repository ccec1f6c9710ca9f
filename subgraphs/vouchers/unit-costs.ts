/**
 * The municipalities' unit costs (yksikkökustannus), as the voucher system holds them with their
 * history: Query.unitCosts (in effect on a day), Query.unitCostHistory, Mutation.setUnitCost
 * (administrators), and PlannedService.voucherValue — what the budget pays per unit of a planned
 * service: the unit cost the plan's voucher fixed when it was granted, today's before that.
 *
 * Codes are checked against the shared reference data first (BAD_USER_INPUT naming the
 * argument), the municipality is narrowed by policy, and the system is read in one page run.
 * Unit costs are no client's data: reads are not noted for the audit; a write is, under its
 * subject (lib/audit.ts `recordSubjectWrite`).
 */
import { badUserInput, graphqlError, SystemRefusal } from '../../lib/errors.js';
import { money, type Money } from '../../lib/money.js';
import { municipalityByCode, serviceTypeByCode, type ServiceUnit } from '../../lib/reference.js';
import { positiveQuantity, refusalError, todayInFinland } from '../../lib/write-input.js';
import { grantedVoucherOf } from './budget.js';
import type { Context } from './context.js';
import { unitCostKey } from './loaders.js';
import type { PlannedServiceModel, UnitCostModel } from './models.js';

export interface UnitCostView {
  municipalityCode: string;
  serviceTypeCode: string;
  unit: ServiceUnit;
  unitCost: Money;
  validFrom: string;
  validTo: string | null;
}

/** 100 000 € a unit, as the voucher system allows: far above any municipal unit cost. */
const MAX_UNIT_COST_EUROS = 100_000;

const view = (u: UnitCostModel): UnitCostView => ({
  municipalityCode: u.municipalityCode,
  serviceTypeCode: u.serviceTypeCode,
  unit: u.unit as ServiceUnit,
  unitCost: money(u.unitCostCents),
  validFrom: u.validFrom,
  validTo: u.validTo ?? null,
});

function knownMunicipality(code: string, argumentName: string): string {
  if (!municipalityByCode.has(code))
    throw badUserInput(`${argumentName} is not a known three-digit municipality code such as "205"`, { argumentName });
  return code;
}

function knownServiceType(code: string, argumentName: string): string {
  if (!serviceTypeByCode.has(code))
    throw badUserInput(`${argumentName} is not a known service type code (see serviceTypes)`, { argumentName });
  return code;
}

export async function unitCosts(
  ctx: Context,
  args: { municipalityCode?: string | null; serviceTypeCode?: string | null; validOn?: string | null },
): Promise<UnitCostView[]> {
  const { municipalityCode, serviceTypeCode, validOn } = args;
  if (municipalityCode != null) knownMunicipality(municipalityCode, 'municipalityCode');
  if (serviceTypeCode != null) knownServiceType(serviceTypeCode, 'serviceTypeCode');
  const municipality = ctx.policy.municipalityOf('UnitCost', municipalityCode);
  const costs = await ctx.voucherSystem.unitCosts(
    municipality ? [municipality] : [],
    serviceTypeCode ? [serviceTypeCode] : [],
    validOn ?? undefined,
  );
  return costs.map(view);
}

export async function unitCostHistory(ctx: Context, args: { municipalityCode: string; serviceTypeCode: string }): Promise<UnitCostView[]> {
  knownMunicipality(args.municipalityCode, 'municipalityCode');
  knownServiceType(args.serviceTypeCode, 'serviceTypeCode');
  const municipality = ctx.policy.municipalityOf('UnitCost', args.municipalityCode)!;
  return (await ctx.voucherSystem.unitCostHistory(municipality, args.serviceTypeCode)).map(view);
}

/** The system's names of a unit cost write's fields, as the mutation's arguments. */
const ARGUMENT_OF: Record<string, string> = {
  municipalityCode: 'input.municipalityCode',
  serviceTypeCode: 'input.serviceTypeCode',
  validFrom: 'input.validFrom',
  unitCostCents: 'input.unitCost',
};

export async function setUnitCost(
  ctx: Context,
  input: { municipalityCode: string; serviceTypeCode: string; unitCost: string; validFrom: string },
): Promise<UnitCostView> {
  ctx.policy.assertMayWrite('setUnitCost');
  const municipalityCode = knownMunicipality(input.municipalityCode, 'input.municipalityCode');
  const serviceTypeCode = knownServiceType(input.serviceTypeCode, 'input.serviceTypeCode');
  // Euros with at most two decimals are whole cents, as positive quantities are whole hundredths.
  const cents = positiveQuantity(input.unitCost, 'input.unitCost', MAX_UNIT_COST_EUROS);
  // Never in the past: what was in effect on a day already decided on stays what it was.
  const firstDay = todayInFinland();
  if (input.validFrom < firstDay)
    throw badUserInput(`input.validFrom must be today (${firstDay}) or later`, { argumentName: 'input.validFrom' });

  let written: UnitCostModel;
  try {
    written = await ctx.voucherSystem.setUnitCost(municipalityCode, serviceTypeCode, input.validFrom, cents);
  } catch (error) {
    // The system names the field it refused (e.g. a municipality it does not serve): name the argument.
    const field = error instanceof SystemRefusal ? error.invalidParams.find((p) => ARGUMENT_OF[p.name]) : undefined;
    if (field) throw badUserInput(`${ARGUMENT_OF[field.name]}: ${field.reason}`, { argumentName: ARGUMENT_OF[field.name] });
    throw refusalError(error, 'the unit cost');
  }
  ctx.policy.noteUnitCostWrite(municipalityCode, serviceTypeCode, input.validFrom);
  return view(written);
}

/**
 * PlannedService.voucherValue: the unit cost the plan's granted voucher fixed for the service
 * type, or (no voucher yet, or none fixed for the type) today's unit cost of the municipality.
 * Both reads go through the request's loaders, so the services of a plan, or of many plans,
 * cost one call for their vouchers and at most one for today's unit costs.
 */
export async function voucherValue(ctx: Context, service: PlannedServiceModel): Promise<Money | null> {
  ctx.policy.assertMayAsk('VoucherValue', "a planned service's voucher value");
  const { planId, municipalityCode, serviceTypeCode } = service;
  if (!planId || !municipalityCode || !serviceTypeCode) {
    throw graphqlError('BAD_USER_INPUT', 'PlannedService.voucherValue needs planId, municipalityCode and serviceTypeCode');
  }
  const voucher = grantedVoucherOf(await ctx.loaders.vouchersByPlan.load(planId));
  const fixed = voucher?.unitCosts.find((u) => u.serviceTypeCode === serviceTypeCode);
  if (fixed) return money(fixed.unitCostCents);
  const today = await ctx.loaders.unitCost.load(unitCostKey(municipalityCode, serviceTypeCode));
  return today ? money(today.unitCostCents) : null;
}
