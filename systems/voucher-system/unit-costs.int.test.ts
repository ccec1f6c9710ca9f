/**
 * The voucher system's unit costs over real HTTP, every answer checked against the OpenAPI
 * document: a history per municipality and service type (read in effect on a day, or whole),
 * the write that schedules or replaces an entry (never in the past), and vouchers that fix the
 * unit costs in effect when they were granted — their orders keep that value, even when a new
 * unit cost starts the same day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getWorld, type World } from '../../seed/world.js';
import type { RunningStandIn } from '../http.js';
import { startVoucherSystem } from './server.js';
import { TEST_CLIENT, contractCalls, type Answer } from './testing.js';
import { today } from './write-support.js';

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
const TODAY = today();
const seeded = getWorld();
const seededCost = (municipalityCode: string, serviceTypeCode: string) =>
  seeded.unitCosts.find((u) => u.municipalityCode === municipalityCode && u.serviceTypeCode === serviceTypeCode)!;

// Kajaani has no safety-phone unit cost in this world: a service type its vouchers fix none for.
const world: World = {
  ...seeded,
  unitCosts: seeded.unitCosts.filter((u) => !(u.municipalityCode === '205' && u.serviceTypeCode === 'turvapuhelin')),
};

let system: RunningStandIn;
const { get, send } = contractCalls(() => system.url);
let serial = 0;
const key = (what: string) => `${what}-${++serial}-${Math.random().toString(36).slice(2, 8)}`;

const entryPath = (m: string, s: string, validFrom: string) => `/unit-costs/${m}/${s}/${validFrom}`;
const setCost = (m: string, s: string, validFrom: string, body: unknown) =>
  send('PUT', '/unit-costs/{municipalityCode}/{serviceTypeCode}/{validFrom}', entryPath(m, s, validFrom), body);
const inEffect = async (m: string, s: string, validOn?: string) =>
  (await get('/unit-costs', `/unit-costs?municipality=${m}&serviceType=${s}${validOn ? `&validOn=${validOn}` : ''}`)).body.items;
const history = async (m: string, s: string) => {
  const answer = await get('/unit-costs/{municipalityCode}/{serviceTypeCode}', `/unit-costs/${m}/${s}`);
  expect(answer.status).toBe(200);
  return answer.body.items;
};

async function grant(municipalityCode = '205'): Promise<Answer['body']> {
  const answer = await send(
    'POST',
    '/vouchers',
    '/vouchers',
    {
      clientId: 'cl-00001',
      planId: `pl-uc${++serial}`,
      municipalityCode,
      grantedCents: 10_000_000,
      validFrom: addDays(TODAY, -30),
      validTo: addDays(TODAY, 300),
    },
    { 'idempotency-key': key('grant') },
  );
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body;
}

async function order(voucherId: string, serviceTypeCode: string): Promise<Answer> {
  return send(
    'POST',
    '/orders',
    '/orders',
    {
      voucherId,
      plannedServiceId: 'ps-uc-1',
      serviceTypeCode,
      providerId: 'pr-0001',
      offeringId: 'of-0001-01',
      quantity: '2',
      unitPriceCents: 9900,
      planVersion: '1',
    },
    { 'idempotency-key': key('order') },
  );
}

beforeAll(async () => {
  system = await startVoucherSystem({ world, clients: [TEST_CLIENT] });
});
afterAll(async () => {
  await system.close();
});

describe('reading unit costs', () => {
  it('lists the unit costs in effect today by default, and on any day asked', async () => {
    const seededEntry = seededCost('765', 'fysioterapia');
    const [now] = await inEffect('765', 'fysioterapia');
    expect(now).toEqual({
      municipalityCode: '765',
      serviceTypeCode: 'fysioterapia',
      unit: 'VISIT',
      unitCostCents: seededEntry.cents,
      validFrom: seededEntry.validFrom,
      validTo: null,
    });
    expect(await inEffect('765', 'fysioterapia', seededEntry.validFrom)).toEqual([now]);
    // Before the history starts nothing was in effect.
    expect(await inEffect('765', 'fysioterapia', addDays(seededEntry.validFrom, -1))).toEqual([]);
    const all = await get('/unit-costs', `/unit-costs?validOn=${TODAY}&limit=500`);
    expect(all.body.total).toBe(world.unitCosts.length);
  });

  it('refuses a validOn that is not a date, and a history path that is not codes, with 400 naming them', async () => {
    const bad = await get('/unit-costs', '/unit-costs?validOn=2026-02-30');
    expect(bad.status).toBe(400);
    expect(bad.body.invalidParams.map((p: any) => p.name)).toEqual(['validOn']);
    const twice = await get('/unit-costs', `/unit-costs?validOn=${TODAY}&validOn=${TODAY}`);
    expect(twice.body.invalidParams.map((p: any) => p.name)).toEqual(['validOn']);
    const path = await get('/unit-costs/{municipalityCode}/{serviceTypeCode}', '/unit-costs/Kajaani/Kotihoito');
    expect(path.status).toBe(400);
    expect(path.body.invalidParams.map((p: any) => p.name).sort()).toEqual(['municipalityCode', 'serviceTypeCode']);
    const unknown = await get('/unit-costs/{municipalityCode}/{serviceTypeCode}', '/unit-costs/999/kotihoito');
    expect(unknown.status).toBe(404);
  });
});

describe('setting a unit cost', () => {
  it("schedules an entry from a later day: today's entry now ends the day before, and the history lists both", async () => {
    const from = addDays(TODAY, 30);
    const before = seededCost('765', 'kotipalvelu');
    const created = await setCost('765', 'kotipalvelu', from, { unitCostCents: before.cents + 250 });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(entryPath('765', 'kotipalvelu', from));
    expect(created.body).toEqual({
      municipalityCode: '765',
      serviceTypeCode: 'kotipalvelu',
      unit: 'HOUR',
      unitCostCents: before.cents + 250,
      validFrom: from,
      validTo: null,
    });

    expect(await inEffect('765', 'kotipalvelu')).toEqual([
      { ...created.body, unitCostCents: before.cents, validFrom: before.validFrom, validTo: addDays(from, -1) },
    ]);
    expect(await inEffect('765', 'kotipalvelu', addDays(from, -1))).toMatchObject([{ unitCostCents: before.cents }]);
    expect(await inEffect('765', 'kotipalvelu', from)).toEqual([created.body]);
    expect((await history('765', 'kotipalvelu')).map((u: any) => [u.validFrom, u.validTo, u.unitCostCents])).toEqual([
      [from, null, before.cents + 250],
      [before.validFrom, addDays(from, -1), before.cents],
    ]);
    const entry = await get('/unit-costs/{municipalityCode}/{serviceTypeCode}/{validFrom}', entryPath('765', 'kotipalvelu', from));
    expect(entry.body).toEqual(created.body);
    expect(
      (
        await get('/unit-costs/{municipalityCode}/{serviceTypeCode}/{validFrom}', entryPath('765', 'kotipalvelu', from), {
          'if-none-match': entry.headers.get('etag')!,
        })
      ).status,
    ).toBe(304);
  });

  it('the same validFrom again replaces that entry (200), and the same request again changes nothing', async () => {
    const from = addDays(TODAY, 60);
    expect((await setCost('765', 'asiointiapu', from, { unitCostCents: 4_000 })).status).toBe(201);
    const replaced = await setCost('765', 'asiointiapu', from, { unitCostCents: 4_100 });
    expect(replaced.status).toBe(200);
    expect(replaced.body.unitCostCents).toBe(4_100);
    const again = await setCost('765', 'asiointiapu', from, { unitCostCents: 4_100 });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(replaced.body);
    expect(await history('765', 'asiointiapu')).toHaveLength(2);
    // An entry between them ends the earlier one and is ended by the later one.
    const middle = await setCost('765', 'asiointiapu', addDays(TODAY, 10), { unitCostCents: 3_900 });
    expect(middle.body.validTo).toBe(addDays(from, -1));
    expect((await history('765', 'asiointiapu')).map((u: any) => u.validFrom)).toEqual([
      from,
      addDays(TODAY, 10),
      seededCost('765', 'asiointiapu').validFrom,
    ]);
  });

  it('refuses a past validFrom, unknown codes and a cost that is not positive whole cents, with 400 naming each; nothing changes', async () => {
    const cases: [string, string, string, unknown, string[]][] = [
      ['765', 'fysioterapia', addDays(TODAY, -1), { unitCostCents: 5_000 }, ['validFrom']],
      ['999', 'fysioterapia', TODAY, { unitCostCents: 5_000 }, ['municipalityCode']],
      ['765', 'hieronta', TODAY, { unitCostCents: 5_000 }, ['serviceTypeCode']],
      ['765', 'fysioterapia', TODAY, { unitCostCents: 0 }, ['unitCostCents']],
      ['765', 'fysioterapia', TODAY, { unitCostCents: -100 }, ['unitCostCents']],
      ['765', 'fysioterapia', TODAY, { unitCostCents: 50.5 }, ['unitCostCents']],
      ['765', 'fysioterapia', TODAY, { unitCostCents: '5000' }, ['unitCostCents']],
      ['765', 'fysioterapia', TODAY, { unitCostCents: 5_000, validFrom: TODAY }, ['validFrom']],
      ['765', 'fysioterapia', TODAY, {}, ['unitCostCents']],
      ['765', 'fysioterapia', '2026-02-30', { unitCostCents: 5_000 }, ['validFrom']],
      ['999', 'hieronta', addDays(TODAY, -3), { unitCostCents: 0 }, ['municipalityCode', 'serviceTypeCode', 'validFrom', 'unitCostCents']],
    ];
    for (const [m, s, from, body, names] of cases) {
      const answer = await setCost(m, s, from, body);
      expect(answer.status, `${m}/${s}/${from} ${JSON.stringify(body)}`).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.body.invalidParams.map((p: any) => p.name).sort(), `${m}/${s}/${from} ${JSON.stringify(body)}`).toEqual(
        [...names].sort(),
      );
    }
    expect(await history('765', 'fysioterapia')).toHaveLength(1);
  });
});

describe('vouchers fix the unit costs in effect when granted', () => {
  it("a seeded voucher carries the seed's unit costs, as its seeded orders were valued", async () => {
    const v = seeded.vouchers.find((x) => x.municipalityCode === '905' && x.status === 'ACTIVE')!;
    const { body } = await get('/vouchers/{id}', `/vouchers/${v.id}`);
    const expected = world.unitCosts
      .filter((u) => u.municipalityCode === '905')
      .map((u) => ({ serviceTypeCode: u.serviceTypeCode, unitCostCents: u.cents }));
    expect([...body.unitCosts].sort((a: any, b: any) => a.serviceTypeCode.localeCompare(b.serviceTypeCode))).toEqual(
      expected.sort((a, b) => a.serviceTypeCode.localeCompare(b.serviceTypeCode)),
    );
    const seededOrder = seeded.orders.find((o) => o.voucherId === v.id);
    if (seededOrder)
      expect(body.unitCosts.find((u: any) => u.serviceTypeCode === seededOrder.serviceTypeCode).unitCostCents).toBe(
        seededOrder.voucherValueCents,
      );
  });

  it('a unit cost set from today changes neither a voucher granted earlier today nor its orders; a voucher granted after fixes the new one', async () => {
    const old = seededCost('205', 'kotihoito').cents;
    const earlier = await grant();
    expect(earlier.unitCosts).toContainEqual({ serviceTypeCode: 'kotihoito', unitCostCents: old });

    const set = await setCost('205', 'kotihoito', TODAY, { unitCostCents: old + 700 });
    expect(set.status).toBe(201);
    expect(await inEffect('205', 'kotihoito')).toMatchObject([{ unitCostCents: old + 700, validFrom: TODAY, validTo: null }]);

    const later = await grant();
    expect(later.unitCosts).toContainEqual({ serviceTypeCode: 'kotihoito', unitCostCents: old + 700 });
    expect((await get('/vouchers/{id}', `/vouchers/${earlier.id}`)).body.unitCosts).toEqual(earlier.unitCosts);

    const before = await order(earlier.id, 'kotihoito');
    expect(before.status).toBe(201);
    expect(before.body.voucherValueCents).toBe(old);
    expect((await get('/vouchers/{id}', `/vouchers/${earlier.id}`)).body.committedCents).toBe(2 * old);
    const after = await order(later.id, 'kotihoito');
    expect(after.body.voucherValueCents).toBe(old + 700);
    expect((await get('/vouchers/{id}', `/vouchers/${later.id}`)).body.committedCents).toBe(2 * (old + 700));

    // Replaced again the same day: the voucher granted in between keeps what it fixed.
    expect((await setCost('205', 'kotihoito', TODAY, { unitCostCents: old + 900 })).status).toBe(200);
    expect((await order(later.id, 'kotihoito')).body.voucherValueCents).toBe(old + 700);
    expect((await history('205', 'kotihoito')).map((u: any) => [u.validFrom, u.unitCostCents])).toEqual([
      [TODAY, old + 900],
      [seededCost('205', 'kotihoito').validFrom, old],
    ]);
  });

  it("an order of a service type the voucher fixed no cost for is valued at today's unit cost", async () => {
    const v = await grant();
    expect(v.unitCosts.map((u: any) => u.serviceTypeCode)).not.toContain('turvapuhelin');
    const none = await order(v.id, 'turvapuhelin');
    expect(none.status).toBe(400);
    expect(none.body.invalidParams.map((p: any) => p.name)).toEqual(['serviceTypeCode']);

    expect((await setCost('205', 'turvapuhelin', TODAY, { unitCostCents: 3_500 })).status).toBe(201);
    const ordered = await order(v.id, 'turvapuhelin');
    expect(ordered.status).toBe(201);
    expect(ordered.body.voucherValueCents).toBe(3_500);
    // A voucher granted now fixes it.
    expect((await grant()).unitCosts).toContainEqual({ serviceTypeCode: 'turvapuhelin', unitCostCents: 3_500 });
  });
});
