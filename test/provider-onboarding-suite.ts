/**
 * A provider's onboarding through the gateway, each party with its own token (issue 9): a new
 * provider's system applies, the administrator approves it (registering it with the voucher
 * system for payments and, as an Organization, with the client-record system), a client of its
 * municipality finds its offering — cheapest first, with their own share — and orders from it,
 * and the provider's system sees the order and the client it delivers to; the provider
 * changes its price (orders keep their own) and withdraws an
 * offering, and the administrator suspends it: it leaves the choices at once, and a client's
 * order with a suspended provider stays readable. Then every refusal on its cause, the role ×
 * mutation matrix, and what a refusal leaves behind: nothing.
 *
 * Defined once and run on PGlite (provider-onboarding.int.test.ts) and on PostgreSQL
 * (provider-onboarding.pg.int.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CarePlan, Organization } from '../lib/fhir-r4.js';
import { BUSINESS_ID_SYSTEM } from '../lib/reference.js';
import { cents, claims, codes, roleTokens } from './support/index.js';
import { getWorld, worldOptionsFromEnv } from '../seed/world.js';
import { startStack, type Stack, type StackOptions } from './stack.js';

export interface OnboardingBackend {
  stack: () => Promise<StackOptions>;
  afterClose?: () => Promise<void>;
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const OFFERING = 'id price { amount } removedAt serviceType { code } priceHistory { price { amount } validFrom validTo }';
const PROVIDER = `id businessId name status iban appliedAt decidedAt statusReason languages municipalities { code } offerings { ${OFFERING} }`;
const APPLY = `mutation Apply($input: ProviderApplicationInput!) { applyAsProvider(input: $input) { ${PROVIDER} } }`;
const SET = `mutation SetOffering($input: SetOfferingInput!) { setOffering(input: $input) { ${OFFERING} } }`;
const REMOVE = `mutation RemoveOffering($input: RemoveOfferingInput!) { removeOffering(input: $input) { ${OFFERING} } }`;
const DECIDE = `mutation Decide($input: ProviderDecisionInput!) { decideProviderApplication(input: $input) { ${PROVIDER} } }`;
const SUSPEND = `mutation Suspend($input: SuspendProviderInput!) { suspendProvider(input: $input) { ${PROVIDER} } }`;
const ONE = `query One($id: ID!) { provider(id: $id) { ${PROVIDER} } }`;
const LIST = `query List($filter: ProviderFilter) { providers(first: 100, filter: $filter) { totalCount edges { node { id name status languages municipalities { code } } } } }`;
const CHOICES = `query Choices($id: ID!) { client(id: $id) { currentPlan { id services { id serviceType { code } voucherValue { amount }
  availableOfferings(first: 20) { id price { amount } clientShare { amount } provider { id name languages municipalities { code } } } } } } }`;
const CREATE_PLAN = `mutation CreatePlan($input: CreatePlanInput!) { createPlan(input: $input) { id version } }`;
const APPROVE_PLAN = `mutation ApprovePlan($input: ApprovePlanInput!) { approvePlan(input: $input) { id version status } }`;
const ORDER = `mutation Order($input: OrderServiceInput!) { orderService(input: $input) { id status unitPrice { amount } provider { id } } }`;
const ORDERS = `query Orders($id: ID!) { client(id: $id) { orders { id status unitPrice { amount } clientShare { amount } provider { id name status } offering { id price { amount } } } } }`;
const ASSIGNED = `query Assigned { assignedOrders(first: 100, status: [REQUESTED]) { totalCount edges { node { id status unitPrice { amount }
  client { id firstName lastName } plannedService { id serviceType { code } } } } } }`;
const WRITE_LOG = `query WriteLog($s: String) { writeLog(subject: $s, first: 50) { totalCount edges { node { actorRole subject dataWritten } } } }`;

const NEW_ID = 'pr-onb-1';
const BUSINESS_ID = '1572860-0';

export function defineOnboardingSuite(backend: OnboardingBackend): void {
  let stack: Stack;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startStack(await backend.stack());
    Object.assign(
      t,
      await roleTokens(stack, {
        admin: claims.admin('admin-1'),
        applicant: claims.provider(NEW_ID, NEW_ID),
        otherProvider: claims.provider('pr-0001', 'pr-0001'),
        client: claims.client('cl-00014'),
        analyst: claims.analyst('an-1'),
      }),
    );
  });
  afterAll(async () => {
    await stack?.close();
    await backend.afterClose?.();
  });

  async function ok<T = any>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
    const res = await stack.query(query, variables, token);
    expect(res.errors ?? []).toEqual([]);
    return Object.values(res.data as object)[0] as T;
  }

  /** The client-record system's record of a provider (null: it has none), read as any FHIR client would. */
  async function organizationOf(id: string): Promise<Organization | null> {
    const response = await stack.systemFetch('clientRecords', `/Organization/${id}`);
    return response.status === 404 ? null : ((await response.json()) as Organization);
  }
  /** Who performs a planned service, as the plan in the client-record system says. */
  async function performersOf(plannedServiceId: string): Promise<string[]> {
    const bundle = await (await stack.systemFetch('clientRecords', `/CarePlan?activity=${plannedServiceId}`)).json();
    const plan = bundle.entry[0].resource as CarePlan;
    return (plan.activity!.find((a) => a.id === plannedServiceId)!.detail!.performer ?? []).map((p) => p.reference!);
  }
  const client14 = getWorld(worldOptionsFromEnv()).clients.find((c) => c.id === 'cl-00014')!;

  /** Everything the catalogue holds of the providers and offerings: a refused write must leave it as it was. */
  async function catalogueState() {
    const db = stack.subgraphs.providers.catalogue.db;
    return {
      providers: await db.selectFrom('provider').selectAll().orderBy('id').execute(),
      areas: await db.selectFrom('provider_municipality').selectAll().orderBy('provider_id').orderBy('municipality_code').execute(),
      languages: await db.selectFrom('provider_language').selectAll().orderBy('provider_id').orderBy('language').execute(),
      offerings: await db.selectFrom('service_offering').selectAll().orderBy('id').execute(),
      prices: await db.selectFrom('offering_price').selectAll().orderBy('id').execute(),
    };
  }

  const application = (over: Record<string, unknown> = {}) => ({
    businessId: BUSINESS_ID,
    name: 'Kainuun Hoivapolku Oy',
    iban: 'FI21 1234 5600 0007 85',
    municipalityCodes: ['205'],
    languages: ['FI', 'EN'],
    // Home care cheaper than any approved provider's in Kajaani; meals dearer than most.
    offerings: [
      { serviceTypeCode: 'kotihoito', price: '39.90', description: 'Kotihoito Kajaanissa' },
      { serviceTypeCode: 'ateriapalvelu', price: '19.90' },
    ],
    ...over,
  });

  describe('onboarding, each party with its own token', () => {
    let plan: any;
    let order: any;
    const choicesOf = async (code: string) => {
      const view = await stack.query(CHOICES, { id: 'cl-00014' }, t.client);
      expect(view.errors ?? []).toEqual([]);
      return view.data.client.currentPlan.services.find((s: any) => s.serviceType.code === code);
    };

    it('the case worker gives the client an ACTIVE plan with home care and meals', async () => {
      const created = await ok(
        CREATE_PLAN,
        {
          input: {
            clientId: 'cl-00014',
            validFrom: day(-7),
            validTo: day(300),
            services: [
              { serviceTypeCode: 'kotihoito', quantity: '10', per: 'WEEK' },
              { serviceTypeCode: 'ateriapalvelu', quantity: '7', per: 'WEEK' },
            ],
          },
        },
        t.caseWorker,
      );
      plan = await ok(APPROVE_PLAN, { input: { planId: created.id, expectedVersion: created.version } }, t.caseWorker);
      expect(plan.status).toBe('ACTIVE');
    });

    it('a new provider applies: APPLIED with its offerings, seen by itself and administrators only, never offered', async () => {
      const applied = await ok(APPLY, { input: application() }, t.applicant);
      expect(applied).toMatchObject({
        id: NEW_ID,
        businessId: BUSINESS_ID,
        status: 'APPLIED',
        iban: 'FI2112345600000785',
        decidedAt: null,
        languages: ['FI', 'EN'],
        municipalities: [{ code: '205' }],
      });
      expect(applied.offerings.map((o: any) => [o.serviceType.code, o.price.amount])).toEqual([
        ['kotihoito', '39.90'],
        ['ateriapalvelu', '19.90'],
      ]);

      for (const token of [t.client, t.caseWorker, t.analyst, t.otherProvider]) {
        expect((await stack.query(ONE, { id: NEW_ID }, token)).data).toEqual({ provider: null });
      }
      const queue = await ok(LIST, { filter: { status: 'APPLIED' } }, t.admin);
      expect(queue.edges.map((e: any) => e.node.id)).toContain(NEW_ID);
      expect(queue.edges.every((e: any) => e.node.status === 'APPLIED')).toBe(true);
      const service = await choicesOf('kotihoito');
      expect(service.availableOfferings.map((o: any) => o.provider.id)).not.toContain(NEW_ID);
    });

    it('the administrator approves it: registered with the voucher system and the client-record system first, then APPROVED with the reason kept', async () => {
      expect(await organizationOf(NEW_ID)).toBeNull();
      const approved = await ok(
        DECIDE,
        { input: { providerId: NEW_ID, decision: 'APPROVE', reason: 'Luvat ja vakuutukset tarkistettu' } },
        t.admin,
      );
      expect(approved).toMatchObject({
        status: 'APPROVED',
        statusReason: 'Luvat ja vakuutukset tarkistettu',
        decidedAt: expect.any(String),
      });
      const registered = await (await stack.systemFetch('vouchers', `/providers/${NEW_ID}`)).json();
      expect(registered).toMatchObject({ id: NEW_ID, businessId: BUSINESS_ID, iban: 'FI2112345600000785' });
      // An Organization at its id, with its business ID: plans can name it as a performer.
      expect(await organizationOf(NEW_ID)).toMatchObject({
        id: NEW_ID,
        identifier: [{ system: BUSINESS_ID_SYSTEM, value: BUSINESS_ID }],
        name: 'Kainuun Hoivapolku Oy',
        active: true,
      });
      // The application's details stay the provider's and the administrators'.
      const seenByClient = await ok(ONE, { id: NEW_ID }, t.client);
      expect(seenByClient).toMatchObject({ status: 'APPROVED', iban: null, appliedAt: null, decidedAt: null, statusReason: null });
    });

    it("a client of its municipality finds it: cheapest first, with their own share, the provider's languages and areas", async () => {
      const home = await choicesOf('kotihoito');
      const offers = home.availableOfferings;
      expect(offers[0].provider).toMatchObject({
        id: NEW_ID,
        name: 'Kainuun Hoivapolku Oy',
        languages: ['FI', 'EN'],
        municipalities: [{ code: '205' }],
      });
      const prices = offers.map((o: any) => cents(o.price));
      expect(prices).toEqual([...prices].sort((a: number, b: number) => a - b));
      for (const service of [home, await choicesOf('ateriapalvelu')]) {
        expect(service.voucherValue).not.toBeNull();
        const value = cents(service.voucherValue);
        for (const o of service.availableOfferings) expect(cents(o.clientShare), o.id).toBe(Math.max(0, cents(o.price) - value));
      }
      const meals = await choicesOf('ateriapalvelu');
      const ours = meals.availableOfferings.find((o: any) => o.provider.id === NEW_ID);
      expect(cents(ours.clientShare)).toBeGreaterThan(0);
      // The catalogue for comparing: filters by area, service type and language find it.
      const listed = await ok(LIST, { filter: { municipalityCode: '205', serviceTypeCode: 'kotihoito', language: 'EN' } }, t.client);
      expect(listed.edges.map((e: any) => e.node.id)).toContain(NEW_ID);
    });

    it("the provider's price change applies to new orders only: today's price and its history; an order keeps its unit price", async () => {
      const home = await choicesOf('kotihoito');
      const ours = home.availableOfferings.find((o: any) => o.provider.id === NEW_ID);
      const changed = await ok(SET, { input: { serviceTypeCode: 'kotihoito', price: '41.00' } }, t.applicant);
      expect(changed).toMatchObject({ id: ours.id, price: { amount: '41.00' } });
      expect(changed.priceHistory.map((h: any) => [h.price.amount, h.validTo === null])).toEqual([
        ['41.00', true],
        ['39.90', false],
      ]);
      expect((await choicesOf('kotihoito')).availableOfferings.find((o: any) => o.provider.id === NEW_ID).price.amount).toBe('41.00');

      // An order made before a price change keeps its price (pr-0001: a provider the
      // client-record system knows as an Organization, see the todo below).
      const seeded = home.availableOfferings.find((o: any) => o.provider.id === 'pr-0001');
      order = await ok(
        ORDER,
        { input: { plannedServiceId: home.id, offeringId: seeded.id, quantity: '4', idempotencyKey: 'onb-order-1' } },
        t.client,
      );
      expect(order).toMatchObject({ status: 'REQUESTED', unitPrice: seeded.price, provider: { id: 'pr-0001' } });
      const raised = `${(cents(seeded.price) + 250) / 100}`;
      await ok(SET, { input: { serviceTypeCode: 'kotihoito', price: raised } }, t.otherProvider);
      const { orders } = await ok(ORDERS, { id: 'cl-00014' }, t.client);
      const mine = orders.find((o: any) => o.id === order.id);
      expect(mine.unitPrice).toEqual(seeded.price);
      expect(cents(mine.offering.price)).toBe(cents(seeded.price) + 250);
    });

    it("a client orders from the newly approved provider; its system sees the order and the client's name (the performer link)", async () => {
      const home = await choicesOf('kotihoito');
      const ours = home.availableOfferings.find((o: any) => o.provider.id === NEW_ID);
      expect(ours).toMatchObject({ price: { amount: '41.00' }, clientShare: { amount: expect.any(String) } });
      // Not yet its client: the provider's system cannot read them.
      const before = await ok(ASSIGNED, {}, t.applicant);
      expect(before.totalCount).toBe(0);
      expect(await performersOf(home.id)).not.toContain(`Organization/${NEW_ID}`);

      const input = { plannedServiceId: home.id, offeringId: ours.id, quantity: '3', idempotencyKey: 'onb-order-new-provider' };
      const ordered = await ok(ORDER, { input }, t.client);
      expect(ordered).toMatchObject({ status: 'REQUESTED', unitPrice: { amount: '41.00' }, provider: { id: NEW_ID } });
      expect(await performersOf(home.id)).toContain(`Organization/${NEW_ID}`);
      // The retry with the same key is the same order.
      expect((await ok(ORDER, { input }, t.client)).id).toBe(ordered.id);

      const assigned = await ok(ASSIGNED, {}, t.applicant);
      expect(assigned.totalCount).toBe(1);
      expect(assigned.edges[0].node).toEqual({
        id: ordered.id,
        status: 'REQUESTED',
        unitPrice: { amount: '41.00' },
        client: { id: 'cl-00014', firstName: client14.givenName, lastName: client14.familyName },
        plannedService: { id: home.id, serviceType: { code: 'kotihoito' } },
      });
      // The client sees it among their orders, with their share.
      const { orders } = await ok(ORDERS, { id: 'cl-00014' }, t.client);
      expect(orders.find((o: any) => o.id === ordered.id)).toMatchObject({
        provider: { id: NEW_ID, status: 'APPROVED' },
        clientShare: ours.clientShare,
      });
    });

    it('a provider approved before it was registered in the client-record system: the order is made, the performer step is UPSTREAM_UNAVAILABLE saying so, and the retry completes it', async () => {
      const lateId = 'pr-onb-4';
      const late = await stack.token(claims.provider(lateId, lateId));
      await ok(
        APPLY,
        {
          input: application({
            businessId: '1234562-0',
            name: 'Vanha Hoiva Oy',
            offerings: [{ serviceTypeCode: 'kotihoito', price: '45.00' }],
          }),
        },
        late,
      );
      // Approved in the catalogue the way it was before approvals registered Organizations.
      await stack.subgraphs.providers.catalogue.db
        .updateTable('provider')
        .set({ status: 'APPROVED', approved_at: new Date(), decided_at: new Date() })
        .where('id', '=', lateId)
        .execute();
      const home = await choicesOf('kotihoito');
      const offering = home.availableOfferings.find((o: any) => o.provider.id === lateId);
      const input = { plannedServiceId: home.id, offeringId: offering.id, quantity: '1', idempotencyKey: 'onb-order-unregistered' };

      const cut = await stack.query(ORDER, { input }, t.client);
      expect(codes(cut)).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(cut.errors![0].extensions).toMatchObject({ system: 'client-record-system' });
      expect(cut.errors![0].message).toMatch(/was made.*retry with the same idempotency key/);
      // Not the system's own words: no FHIR paths, references, statuses or URLs.
      expect(cut.errors![0].message).not.toMatch(/Organization\/|CarePlan|does not know|422|http|fhir/i);
      expect(cut.data?.orderService ?? null).toBeNull();
      // The order exists, but its provider cannot see the client yet: nothing it could act on wrongly.
      const between = await stack.query(ASSIGNED, {}, late);
      expect(between.data.assignedOrders.totalCount).toBe(1);
      expect(between.data.assignedOrders.edges[0].node.client).toBeNull();
      expect(await performersOf(home.id)).not.toContain(`Organization/${lateId}`);

      // Registered there (as an approval now does), the same order is completed by the retry.
      const registered = await stack.systemFetch('clientRecords', `/Organization/${lateId}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/fhir+json' },
        body: JSON.stringify({
          resourceType: 'Organization',
          id: lateId,
          identifier: [{ system: BUSINESS_ID_SYSTEM, value: '1234562-0' }],
          name: 'Vanha Hoiva Oy',
          active: true,
        }),
      });
      expect(registered.status).toBe(201);
      const retried = await ok(ORDER, { input }, t.client);
      expect(retried).toMatchObject({ status: 'REQUESTED', provider: { id: lateId } });
      expect(retried.id).toBe(between.data.assignedOrders.edges[0].node.id);
      expect(await performersOf(home.id)).toContain(`Organization/${lateId}`);
      const after = await ok(ASSIGNED, {}, late);
      expect(after.edges[0].node.client).toEqual({ id: 'cl-00014', firstName: client14.givenName, lastName: client14.familyName });
    });

    it('a withdrawn offering leaves the choices at once and cannot be ordered (NOT_IN_PLAN)', async () => {
      const meals = await choicesOf('ateriapalvelu');
      const offering = meals.availableOfferings.find((o: any) => o.provider.id === NEW_ID);
      const removed = await ok(REMOVE, { input: { serviceTypeCode: 'ateriapalvelu' } }, t.applicant);
      expect(removed).toMatchObject({ id: offering.id, removedAt: expect.any(String) });
      expect((await choicesOf('ateriapalvelu')).availableOfferings.map((o: any) => o.provider.id)).not.toContain(NEW_ID);
      const refused = await stack.query(
        ORDER,
        { input: { plannedServiceId: meals.id, offeringId: offering.id, quantity: '1', idempotencyKey: 'onb-order-withdrawn' } },
        t.client,
      );
      expect(codes(refused)).toEqual(['NOT_IN_PLAN']);
    });

    it('the administrator suspends it: gone from the choices and the lists at once, refused for orders (NOT_IN_PLAN)', async () => {
      const home = await choicesOf('kotihoito');
      const offering = home.availableOfferings.find((o: any) => o.provider.id === NEW_ID);
      const suspended = await ok(SUSPEND, { input: { providerId: NEW_ID, reason: 'Valvontakäynnillä havaitut puutteet' } }, t.admin);
      expect(suspended).toMatchObject({ status: 'SUSPENDED', statusReason: 'Valvontakäynnillä havaitut puutteet' });
      // The client-record system keeps its Organization, no longer in active use.
      expect(await organizationOf(NEW_ID)).toMatchObject({ id: NEW_ID, active: false });

      expect((await choicesOf('kotihoito')).availableOfferings.map((o: any) => o.provider.id)).not.toContain(NEW_ID);
      expect((await ok(LIST, { filter: { municipalityCode: '205' } }, t.client)).edges.map((e: any) => e.node.id)).not.toContain(NEW_ID);
      const refused = await stack.query(
        ORDER,
        { input: { plannedServiceId: home.id, offeringId: offering.id, quantity: '1', idempotencyKey: 'onb-order-suspended' } },
        t.client,
      );
      expect(codes(refused)).toEqual(['NOT_IN_PLAN']);
      expect(refused.data?.orderService ?? null).toBeNull();
    });

    it("suspending the provider of the client's order: the order stays readable, with its provider, price and share", async () => {
      await ok(SUSPEND, { input: { providerId: 'pr-0001', reason: 'Sopimus päättyi' } }, t.admin);
      expect((await choicesOf('kotihoito')).availableOfferings.map((o: any) => o.provider.id)).not.toContain('pr-0001');
      const orders = await stack.query(ORDERS, { id: 'cl-00014' }, t.client);
      expect(orders.errors ?? []).toEqual([]);
      const mine = orders.data.client.orders.find((o: any) => o.id === order.id);
      expect(mine).toMatchObject({
        status: 'REQUESTED',
        unitPrice: order.unitPrice,
        clientShare: { amount: expect.any(String) },
        provider: { id: 'pr-0001', name: expect.any(String), status: 'SUSPENDED' },
      });
      expect(mine.offering.id).toBeTruthy();
    });

    it('every write is in the write log, under the provider, with who made it', async () => {
      const log = await ok(WRITE_LOG, { s: `Provider/${NEW_ID}` }, t.admin);
      const written = log.edges.flatMap((e: any) =>
        e.node.dataWritten.map((w: string) => [e.node.actorRole, w.replace(/ServiceOffering\/\S+/, 'ServiceOffering/*')]),
      );
      expect(written).toEqual(
        expect.arrayContaining([
          ['PROVIDER', `applyAsProvider Provider/${NEW_ID}`],
          ['ADMIN', `decideProviderApplication Provider/${NEW_ID}`],
          ['PROVIDER', 'setOffering ServiceOffering/*'],
          ['PROVIDER', 'removeOffering ServiceOffering/*'],
          ['ADMIN', `suspendProvider Provider/${NEW_ID}`],
        ]),
      );
      expect(written).toHaveLength(5);
    });
  });

  describe('refusals, each on its cause, and nothing written', () => {
    const applicant2 = 'pr-onb-2';
    let token2: string;
    // pr-0001 was suspended above: another approved provider with home care stands for "other".
    const w = getWorld(worldOptionsFromEnv());
    const approved = w.providers.find(
      (p) =>
        p.id !== 'pr-0001' &&
        p.status === 'APPROVED' &&
        w.offerings.some((o) => o.providerId === p.id && o.serviceTypeCode === 'kotihoito'),
    )!;
    let approvedToken: string;
    beforeAll(async () => {
      token2 = await stack.token(claims.provider(applicant2, applicant2));
      approvedToken = await stack.token(claims.provider(approved.id, approved.id));
    });

    it('every invalid application argument: BAD_USER_INPUT naming it', async () => {
      const before = await catalogueState();
      const cases: [Record<string, unknown>, string][] = [
        [{ businessId: '1572860-1' }, 'input.businessId'], // check digit wrong
        [{ iban: 'FI21 1234 5600 0007 84' }, 'input.iban'], // check digits wrong
        [{ municipalityCodes: ['205', '998'] }, 'input.municipalityCodes[1]'], // no such municipality
        [{ offerings: [{ serviceTypeCode: 'kotihoito', price: '-39.90' }] }, 'input.offerings[0].price'],
        [
          {
            offerings: [
              { serviceTypeCode: 'kotihoito', price: '39.90' },
              { serviceTypeCode: 'ateriapalvelu', price: '12.345' },
            ],
          },
          'input.offerings[1].price',
        ],
        [{ name: '' }, 'input.name'],
        [{ offerings: [{ serviceTypeCode: 'hieronta', price: '39.90' }] }, 'input.offerings[0].serviceTypeCode'],
      ];
      for (const [over, argumentName] of cases) {
        const r = await stack.query(APPLY, { input: application({ businessId: '1145770-0', ...over }) }, token2);
        expect(codes(r), JSON.stringify(over)).toEqual(['BAD_USER_INPUT']);
        expect(r.errors![0].extensions!.argumentName, JSON.stringify(over)).toBe(argumentName);
        expect(r.data?.applyAsProvider ?? null).toBeNull();
      }
      // A language outside the enum is refused by the schema before any resolver runs.
      const lang = await stack.query(APPLY, { input: application({ businessId: '1145770-0', languages: ['FI', 'RU'] }) }, token2);
      expect(codes(lang)).toEqual(['BAD_USER_INPUT']);
      expect(lang.status).toBe(400);
      expect(await catalogueState()).toEqual(before);
    });

    it('CONFLICT: deciding a non-APPLIED provider, suspending a non-APPROVED one, applying while APPROVED or SUSPENDED, a business ID taken', async () => {
      const before = await catalogueState();
      const conflicts: [string, Record<string, unknown>, string][] = [
        [DECIDE, { providerId: 'pr-0001', decision: 'APPROVE' }, t.admin], // APPROVED
        [DECIDE, { providerId: NEW_ID, decision: 'REJECT', reason: 'x' }, t.admin], // SUSPENDED
        [SUSPEND, { providerId: NEW_ID, reason: 'again' }, t.admin], // already SUSPENDED
        [APPLY, application(), t.applicant], // SUSPENDED applies
        [APPLY, application({ businessId: '1145770-0' }), approvedToken], // APPROVED applies
        [APPLY, application(), token2], // business ID of pr-onb-1
      ];
      for (const [query, input, token] of conflicts) {
        const r = await stack.query(query, { input }, token);
        expect(codes(r), `${query.slice(9, 30)} ${JSON.stringify(input).slice(0, 60)}`).toEqual(['CONFLICT']);
      }
      const rejectWithoutReason = await stack.query(DECIDE, { input: { providerId: 'pr-0035', decision: 'REJECT' } }, t.admin);
      expect(codes(rejectWithoutReason)).toEqual(['BAD_USER_INPUT']);
      expect(await catalogueState()).toEqual(before);
      const log = await ok(WRITE_LOG, { s: `Provider/${applicant2}` }, t.admin);
      expect(log.totalCount).toBe(0);
    });

    it('the role × mutation matrix: allowed for its party, FORBIDDEN to every other, and a refusal changes nothing', async () => {
      // A fresh applicant whose application the matrix can be decided on.
      const applicant3 = 'pr-onb-3';
      const token3 = await stack.token(claims.provider(applicant3, applicant3));
      await ok(APPLY, { input: application({ businessId: '1145770-0', name: 'Matriisi Oy' }) }, token3);

      const roles: Record<string, string> = {
        CLIENT: t.client,
        CASE_WORKER: t.caseWorker,
        'PROVIDER (own)': token3,
        'PROVIDER (other)': approvedToken,
        ANALYST: t.analyst,
        ADMIN: t.admin,
      };
      // What each mutation does with each role: FORBIDDEN, or the party's own effect.
      const matrix: { name: string; query: string; input: Record<string, unknown>; allowed: string[] }[] = [
        {
          name: 'applyAsProvider',
          query: APPLY,
          input: application({ businessId: '1145770-0', name: 'Matriisi Oy' }),
          allowed: ['PROVIDER (own)', 'PROVIDER (other)'],
        },
        {
          name: 'setOffering',
          query: SET,
          input: { serviceTypeCode: 'kotihoito', price: '47.00' },
          allowed: ['PROVIDER (own)', 'PROVIDER (other)'],
        },
        {
          name: 'removeOffering',
          query: REMOVE,
          input: { serviceTypeCode: 'ateriapalvelu' },
          allowed: ['PROVIDER (own)', 'PROVIDER (other)'],
        },
        {
          name: 'decideProviderApplication',
          query: DECIDE,
          input: { providerId: applicant3, decision: 'REJECT', reason: 'Matriisi' },
          allowed: ['ADMIN'],
        },
        { name: 'suspendProvider', query: SUSPEND, input: { providerId: approved.id, reason: 'Matriisi' }, allowed: ['ADMIN'] },
      ];
      for (const m of matrix) {
        for (const [role, token] of Object.entries(roles)) {
          if (m.allowed.includes(role)) continue;
          const before = await catalogueState();
          const r = await stack.query(m.query, { input: m.input }, token);
          expect(codes(r), `${m.name} as ${role}`).toEqual(['FORBIDDEN']);
          expect(Object.values(r.data ?? { x: null })[0], `${m.name} as ${role}`).toBeNull();
          expect(await catalogueState(), `${m.name} as ${role} changed the catalogue`).toEqual(before);
        }
      }

      // The allowed ones, each on its own record only.
      const other = await ok(ONE, { id: approved.id }, t.admin);
      const reapplied = await ok(APPLY, { input: application({ businessId: '1145770-0', name: 'Matriisi Oy' }) }, token3);
      expect(reapplied.status).toBe('APPLIED');
      const set = await ok(SET, { input: { serviceTypeCode: 'kotihoito', price: '47.00' } }, token3);
      expect((await ok(ONE, { id: applicant3 }, t.admin)).offerings.find((o: any) => o.id === set.id).price.amount).toBe('47.00');
      // Another provider sets its own price; the applicant's stays as it was.
      const own = await ok(SET, { input: { serviceTypeCode: 'kotihoito', price: '47.50' } }, approvedToken);
      expect(own.id).toBe(other.offerings.find((o: any) => o.serviceType.code === 'kotihoito').id);
      expect((await ok(ONE, { id: applicant3 }, t.admin)).offerings.find((o: any) => o.id === set.id).price.amount).toBe('47.00');
      const removed = await ok(REMOVE, { input: { serviceTypeCode: 'ateriapalvelu' } }, token3);
      expect(removed.removedAt).toBeTruthy();
      const decided = await ok(DECIDE, { input: { providerId: applicant3, decision: 'REJECT', reason: 'Matriisi' } }, t.admin);
      expect(decided).toMatchObject({ status: 'REJECTED', statusReason: 'Matriisi' });
      // A rejected provider may apply again.
      expect((await ok(APPLY, { input: application({ businessId: '1145770-0', name: 'Matriisi Oy' }) }, token3)).status).toBe('APPLIED');
      const suspended = await ok(SUSPEND, { input: { providerId: approved.id, reason: 'Matriisi' } }, t.admin);
      expect(suspended.status).toBe('SUSPENDED');
    });
  });
}
