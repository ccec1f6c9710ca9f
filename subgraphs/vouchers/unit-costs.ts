/**
 * Query.unitCosts: the municipalities' own unit costs per service type, as the voucher system
 * holds them. Checks the codes against the shared reference data (BAD_USER_INPUT for unknown
 * ones), narrows the municipality by policy, and reads one page run of the system.
 * Unit costs are no client's data: nothing is noted for the audit.
 */
import { badUserInput } from '../../lib/errors.js';
import { money, type Money } from '../../lib/money.js';
import { municipalityByCode, serviceTypeByCode, type ServiceUnit } from '../../lib/reference.js';
import type { Context } from './context.js';
import { unitCostScope } from './policy.js';

export interface UnitCostView {
  municipalityCode: string;
  serviceTypeCode: string;
  unit: ServiceUnit;
  unitCost: Money;
  validFrom: string;
  validTo: string | null;
}

export async function unitCosts(ctx: Context, args: { municipalityCode?: string | null; serviceTypeCode?: string | null }): Promise<UnitCostView[]> {
  const { municipalityCode, serviceTypeCode } = args;
  if (municipalityCode != null && !municipalityByCode.has(municipalityCode)) {
    throw badUserInput('municipalityCode is not a known three-digit municipality code such as "205"', { argumentName: 'municipalityCode' });
  }
  if (serviceTypeCode != null && !serviceTypeByCode.has(serviceTypeCode)) {
    throw badUserInput('serviceTypeCode is not a known service type code (see serviceTypes)', { argumentName: 'serviceTypeCode' });
  }
  const municipality = unitCostScope(ctx.viewer, municipalityCode);
  const costs = await ctx.voucherSystem.unitCosts(municipality ? [municipality] : [], serviceTypeCode ? [serviceTypeCode] : []);
  return costs.map((u) => ({
    municipalityCode: u.municipalityCode,
    serviceTypeCode: u.serviceTypeCode,
    unit: u.unit as ServiceUnit,
    unitCost: money(u.unitCostCents),
    validFrom: u.validFrom,
    validTo: u.validTo ?? null,
  }));
}
