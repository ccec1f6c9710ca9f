/**
 * Unit costs (yksikkökustannus): PUT /unit-costs/{municipalityCode}/{serviceTypeCode}/{validFrom}
 * sets what one unit of a service type costs the municipality's own production from `validFrom`
 * on — a new entry of the history, or the entry that starts that day replaced.
 *
 * Why PUT on the entry's own path, without an Idempotency-Key: an entry is named by its
 * municipality, service type and first day, so the write is idempotent by itself — the same
 * request again sets the same entry to the same cost — and a later change of mind (another cost
 * for the same day) is a replacement, not a replay of the first answer.
 *
 * Why never in the past: budgets approved before keep the unit costs their vouchers fixed when
 * they were granted, and orders are valued at them; a past entry would rewrite what the
 * history said was in effect on days already decided on. Today is allowed: vouchers granted
 * earlier today keep their fixed costs all the same.
 */
import type { Express, RequestHandler } from 'express';
import { sendVersioned, unitCostPath } from './api.js';
import type { VoucherStore } from './store.js';
import { BodyReader, today } from './write-support.js';

/** 100 000 € a unit: far above any municipal unit cost, low enough that no budget line overflows. */
export const MAX_UNIT_COST_CENTS = 10_000_000;

export function unitCostRoutes(app: Express, store: VoucherStore, json: RequestHandler): void {
  app.put('/unit-costs/:municipalityCode/:serviceTypeCode/:validFrom', json, (req, res) => {
    const { municipalityCode, serviceTypeCode, validFrom } = unitCostPath(req);
    const body = new BodyReader(req.body, ['unitCostCents']);
    const cents = body.raw('unitCostCents');
    if (!Number.isSafeInteger(cents) || (cents as number) <= 0 || (cents as number) > MAX_UNIT_COST_CENTS) {
      body.invalid('unitCostCents', `required: whole cents from 1 to ${MAX_UNIT_COST_CENTS}`);
    }
    if (!store.knowsMunicipality(municipalityCode)) body.invalid('municipalityCode', 'not a municipality of this system');
    if (!store.knowsServiceType(serviceTypeCode)) body.invalid('serviceTypeCode', 'not a service type of this system');
    const firstDay = today();
    if (validFrom! < firstDay) body.invalid('validFrom', `must be today (${firstDay}, Finnish calendar) or later`);
    body.done();

    const created = store.setUnitCost({ municipalityCode, serviceTypeCode, validFrom: validFrom!, cents: cents as number });
    const entry = store.unitCostEntry(municipalityCode, serviceTypeCode, validFrom!)!;
    if (created) res.setHeader('Location', `/unit-costs/${municipalityCode}/${serviceTypeCode}/${validFrom}`);
    sendVersioned(req, res, store.unitCostResource(entry), created ? 201 : 200);
  });
}
