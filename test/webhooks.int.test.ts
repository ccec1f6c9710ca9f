/**
 * Providers' webhooks through the gateway, as a provider's system meets them (docs/contract.md
 * "Providers' systems hear of changes"): it sets a webhook, and a receiver of its own — a real
 * HTTP server here, verifying every delivery with the standardwebhooks library — hears of a new
 * order, a cancellation, a change of the plan its order is pinned to and a settled payment,
 * each signed and carrying ids only. Then the hard parts: a receiver that fails twice, a
 * restart of the sending process in the middle of retries (nothing lost), the refusal of
 * internal addresses, and who may do what.
 *
 * Runs on PGlite (on disk, so a restart keeps the queue) and on PostgreSQL (`postgres:`, in a
 * schema of its own; skipped — visibly — when DATABASE_URL is not set). The retry schedule is
 * fast (hundreds of milliseconds instead of hours); waits poll with a deadline.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claims, codes, roleTokens } from './support/index.js';
import { startStack, type Stack, type StackOptions } from './stack.js';

const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL)
  console.warn('postgres: webhooks suite SKIPPED — DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)');

/** Fast, but with room (a restart on a slow machine must not outlast the retries): at once, then every ~400 ms, 25 attempts. */
const RETRY_SCHEDULE = [0, ...Array<number>(24).fill(400)];
const WEBHOOKS = { allowPrivateUrls: true, retrySchedule: RETRY_SCHEDULE, pollMs: 100 };
const PROVIDER = 'pr-0001';
const ALL_EVENTS = ['ORDER_REQUESTED', 'ORDER_CANCELLED', 'PLAN_CHANGED', 'PAYMENT_SETTLED'];

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const SET = `mutation SetWebhook($input: SetWebhookInput!) { setWebhook(input: $input) { url events secret createdAt } }`;
const REMOVE = `mutation RemoveWebhook { removeWebhook }`;
const DELIVERIES = `query Deliveries($id: ID!, $first: Int, $after: String) { provider(id: $id) {
  webhook { url events secret }
  webhookDeliveries(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id event payload status attempts createdAt lastAttemptAt lastResponseStatus lastError nextAttemptAt deliveredAt } } } } }`;
const CREATE = `mutation CreatePlan($input: CreatePlanInput!) { createPlan(input: $input) { id version services { id serviceType { code } } } }`;
const APPROVE = `mutation ApprovePlan($input: ApprovePlanInput!) { approvePlan(input: $input) { id version status } }`;
const UPDATE = `mutation UpdatePlan($input: UpdatePlanInput!) { updatePlan(input: $input) { id version status } }`;
const REVOKE = `mutation RevokePlan($input: RevokePlanInput!) { revokePlan(input: $input) { id version status } }`;
const ORDER = `mutation OrderService($input: OrderServiceInput!) { orderService(input: $input) { id version status provider { id } } }`;
const CANCEL = `mutation CancelOrder($input: CancelOrderInput!) { cancelOrder(input: $input) { id version status } }`;
const ACCEPT = `mutation AcceptOrder($input: OrderDecisionInput!) { acceptOrder(input: $input) { id version status } }`;
const DELIVER = `mutation ReportDelivery($input: ReportDeliveryInput!) { reportDelivery(input: $input) { id } }`;
const SETTLE = `mutation Settle($input: SettlePaymentsInput!) { settlePayments(input: $input) { id provider { id } } }`;

// ---- the provider's receiver ------------------------------------------------------------------

interface Received {
  id: string;
  headers: Record<string, string>;
  body: string;
  /** What the receiver answered. */
  status: number;
}

interface Receiver {
  url: string;
  received: Received[];
  /** Answer 500 to the next `n` requests. */
  failNext(n: number): void;
  /** Answer 500 to everything until set back. */
  down: boolean;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  let failures = 0;
  const state = { down: false };
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = state.down || failures > 0 ? 500 : 204;
      if (status === 500 && failures > 0) failures--;
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      received.push({ id: headers['webhook-id'], headers, body: Buffer.concat(chunks).toString('utf8'), status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/client-plan`,
    received,
    failNext: (n) => void (failures = n),
    get down() {
      return state.down;
    },
    set down(value: boolean) {
      state.down = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Polls `probe` until it returns something truthy, or fails after the deadline. */
async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  deadlineMs = 10_000,
): Promise<T> {
  const end = Date.now() + deadlineMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// ---- the suite, once per backend ------------------------------------------------------------------

interface Backend {
  /** Stack options for this backend (a database that survives a restart of the providers subgraph). */
  options(): Promise<StackOptions>;
  cleanUp(): Promise<void>;
}

function defineWebhookSuite(backend: Backend): void {
  let stack: Stack;
  let receiver: Receiver;
  let secret: string;
  const tokens: Record<string, string> = {};
  const plan: { id: string; version: string; services: { id: string; serviceType: { code: string } }[] } = {
    id: '',
    version: '',
    services: [],
  };
  let order: { id: string; version: string };

  const ok = async <T = any>(query: string, input: unknown, token: string): Promise<T> => {
    const res = await stack.query(query, input === undefined ? {} : { input }, token);
    expect(res.errors ?? []).toEqual([]);
    return Object.values(res.data as object)[0] as T;
  };
  const deliveries = async (token = tokens.provider, first = 100) => {
    const res = await stack.query(DELIVERIES, { id: PROVIDER, first }, token);
    expect(res.errors ?? []).toEqual([]);
    return res.data.provider;
  };
  /** The provider's log entries of an event about an id (the payload's ids). */
  const logOf = async (event: string, id: string) =>
    ((await deliveries()).webhookDeliveries.edges as any[])
      .map((e) => e.node)
      .filter((n) => n.event === event && Object.values(JSON.parse(n.payload)).includes(id));
  /** The receiver's requests for a message, each verified with the secret. */
  const verifiedBodies = (messageId: string) =>
    receiver.received
      .filter((r) => r.id === messageId)
      .map((r) => new Webhook(secret).verify(r.body, r.headers) as { type: string; timestamp: string; data: Record<string, string> });
  /** The plan's version now: ordering records the provider in the plan, which makes a new version. */
  const planVersion = async () => {
    const res = await stack.query(`query Plan { client(id: "cl-00006") { currentPlan { id version } } }`, {}, tokens.caseWorker);
    expect(res.errors ?? []).toEqual([]);
    expect(res.data.client.currentPlan.id).toBe(plan.id);
    return res.data.client.currentPlan.version as string;
  };
  const deliveredOnce = async (event: string, id: string) => {
    const [entry] = await until(`${event} ${id} delivered`, async () => {
      const found = await logOf(event, id);
      return found.length && found.every((n) => n.status === 'DELIVERED') ? found : null;
    });
    return entry;
  };

  beforeAll(async () => {
    receiver = await startReceiver();
    stack = await startStack(await backend.options());
    Object.assign(
      tokens,
      await roleTokens(stack, {
        provider: claims.provider(PROVIDER),
        otherProvider: claims.provider('pr-0002'),
        unknownProvider: claims.provider('pr-9999'),
        rejectedProvider: claims.provider('pr-0041'),
        client: claims.client('cl-00006'),
        analyst: claims.analyst('an-1'),
        admin: claims.admin('admin-1'),
      }),
    );
  });
  afterAll(async () => {
    await stack?.close();
    await receiver?.close();
    await backend.cleanUp();
  });

  it('the provider sets its webhook: the secret (whsec_) is shown in this answer only', async () => {
    const hook = await ok(SET, { url: receiver.url, events: ALL_EVENTS }, tokens.provider);
    expect(hook).toMatchObject({ url: receiver.url, events: ALL_EVENTS });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    secret = hook.secret;
    const read = await deliveries();
    expect(read.webhook).toEqual({ url: receiver.url, events: ALL_EVENTS, secret: null });
    expect(read.webhookDeliveries).toMatchObject({ totalCount: 0, edges: [] });
    // Audited like every write, under the provider it changed.
    const log = await stack.query(
      `query WriteLog($s: String) { writeLog(subject: $s, first: 10) { edges { node { actorRole subject dataWritten } } } }`,
      { s: `Provider/${PROVIDER}` },
      tokens.admin,
    );
    expect(log.errors ?? []).toEqual([]);
    expect(log.data.writeLog.edges.map((e: any) => e.node)).toContainEqual({
      actorRole: 'PROVIDER',
      subject: `Provider/${PROVIDER}`,
      dataWritten: [`setWebhook Provider/${PROVIDER}`],
    });
  });

  it('who may set, remove and read webhooks', async () => {
    for (const role of ['client', 'caseWorker', 'analyst', 'admin'] as const) {
      const set = await stack.query(SET, { input: { url: receiver.url, events: ['ORDER_REQUESTED'] } }, tokens[role]);
      expect([role, codes(set)]).toEqual([role, ['FORBIDDEN']]);
      expect(set.data?.setWebhook ?? null).toBeNull();
      const removed = await stack.query(REMOVE, {}, tokens[role]);
      expect([role, codes(removed)]).toEqual([role, ['FORBIDDEN']]);
    }
    // A provider without a record is NOT_FOUND; a rejected applicant is FORBIDDEN.
    expect(codes(await stack.query(SET, { input: { url: receiver.url, events: ['ORDER_REQUESTED'] } }, tokens.unknownProvider))).toEqual([
      'NOT_FOUND',
    ]);
    expect(codes(await stack.query(SET, { input: { url: receiver.url, events: ['ORDER_REQUESTED'] } }, tokens.rejectedProvider))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await stack.query(REMOVE, {}, tokens.unknownProvider))).toEqual(['NOT_FOUND']);
    // Another provider removing "its" webhook touches only its own (it has none).
    expect((await stack.query(REMOVE, {}, tokens.otherProvider)).data).toEqual({ removeWebhook: false });
    expect((await deliveries()).webhook.url).toBe(receiver.url);

    // The log: the provider itself and administrators; the webhook: the provider itself.
    const admin = await deliveries(tokens.admin);
    expect(admin.webhook).toBeNull();
    expect(admin.webhookDeliveries).toMatchObject({ totalCount: 0 });
    for (const role of ['client', 'caseWorker', 'analyst', 'otherProvider'] as const) {
      const res = await stack.query(DELIVERIES, { id: PROVIDER }, tokens[role]);
      expect([role, res.errors ?? []]).toEqual([role, []]);
      expect([role, res.data.provider]).toEqual([role, { webhook: null, webhookDeliveries: null }]);
    }
  });

  it('events and the URL are checked: BAD_USER_INPUT naming the argument', async () => {
    const cases: [unknown, string][] = [
      [{ url: receiver.url, events: [] }, 'input.events'],
      [{ url: 'not a url', events: ['ORDER_REQUESTED'] }, 'input.url'],
      [{ url: 'ftp://127.0.0.1/x', events: ['ORDER_REQUESTED'] }, 'input.url'],
      [{ url: 'http://user:pw@127.0.0.1/x', events: ['ORDER_REQUESTED'] }, 'input.url'],
      [{ url: `http://127.0.0.1/${'x'.repeat(2000)}`, events: ['ORDER_REQUESTED'] }, 'input.url'],
    ];
    for (const [input, argumentName] of cases) {
      const res = await stack.query(SET, { input }, tokens.provider);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.argumentName).toBe(argumentName);
    }
    expect((await deliveries()).webhook.url).toBe(receiver.url);
  });

  it('the internal recordProviderEvents is not in the client-facing graph', async () => {
    const res = await stack.query(
      `mutation Forge { recordProviderEvents(events: [{ event: ORDER_REQUESTED, providerId: "${PROVIDER}", orderId: "or-1" }]) }`,
      {},
      tokens.admin,
    );
    // A malformed operation in the contract's words (the gateway reports validation as BAD_USER_INPUT).
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].message).toMatch(/recordProviderEvents/);
    expect(res.data ?? null).toBeNull();
  });

  it("a client orders, and the provider's receiver gets a signed ORDER_REQUESTED carrying only ids", async () => {
    const created = await ok(
      CREATE,
      {
        clientId: 'cl-00006',
        validFrom: day(-30),
        validTo: day(300),
        services: [
          { serviceTypeCode: 'kotihoito', quantity: '3', per: 'WEEK' },
          { serviceTypeCode: 'ateriapalvelu', quantity: '7', per: 'WEEK' },
        ],
      },
      tokens.caseWorker,
    );
    const approved = await ok(APPROVE, { planId: created.id, expectedVersion: created.version }, tokens.caseWorker);
    Object.assign(plan, { id: approved.id, version: approved.version, services: created.services });
    const kotihoito = plan.services.find((s) => s.serviceType.code === 'kotihoito')!;
    const input = { plannedServiceId: kotihoito.id, offeringId: 'of-0001-01', quantity: '10', idempotencyKey: 'webhooks-order-1' };
    order = await ok(ORDER, input, tokens.client);
    expect(order).toMatchObject({ status: 'REQUESTED', provider: { id: PROVIDER } });

    const entry = await deliveredOnce('ORDER_REQUESTED', order.id);
    expect(entry).toMatchObject({ status: 'DELIVERED', attempts: 1, lastResponseStatus: 204, lastError: null, nextAttemptAt: null });
    expect(JSON.parse(entry.payload)).toEqual({ orderId: order.id, providerId: PROVIDER });
    const [request] = receiver.received.filter((r) => r.id === entry.id);
    expect(request.headers).toMatchObject({ 'content-type': 'application/json', 'webhook-id': entry.id });
    expect(request.headers['webhook-signature']).toMatch(/^v1,/);
    const [body] = verifiedBodies(entry.id);
    // Ids and the event only: nothing about the client.
    expect(body).toEqual({ type: 'ORDER_REQUESTED', timestamp: expect.any(String), data: { orderId: order.id, providerId: PROVIDER } });
    expect(Date.parse(body.timestamp)).toBe(Date.parse(entry.createdAt));
    expect(Object.keys(JSON.parse(request.body)).sort()).toEqual(['data', 'timestamp', 'type']);

    // The same order retried with the same key: the same order, and no second event.
    expect((await ok(ORDER, input, tokens.client)).id).toBe(order.id);
    expect(await logOf('ORDER_REQUESTED', order.id)).toHaveLength(1);
  });

  it('a tampered delivery, or one signed with another secret, fails verification', () => {
    const [request] = receiver.received;
    expect(() => new Webhook(secret).verify(request.body, request.headers)).not.toThrow();
    const tampered = request.body.replace(/"orderId":"[^"]+"/, '"orderId":"or-999999"');
    expect(tampered).not.toBe(request.body);
    expect(() => new Webhook(secret).verify(tampered, request.headers)).toThrow(WebhookVerificationError);
    const forgedSignature = { ...request.headers, 'webhook-signature': `v1,${Buffer.alloc(32).toString('base64')}` };
    expect(() => new Webhook(secret).verify(request.body, forgedSignature)).toThrow(WebhookVerificationError);
    const otherId = { ...request.headers, 'webhook-id': 'msg_other' };
    expect(() => new Webhook(secret).verify(request.body, otherId)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(request.body, request.headers)).toThrow(
      WebhookVerificationError,
    );
  });

  it('the receiver fails twice: delivered on the third attempt, with the same id, each attempt signed', async () => {
    receiver.failNext(2);
    const updated = await ok(
      UPDATE,
      { planId: plan.id, expectedVersion: await planVersion(), situation: 'Needs help at home; more meals.' },
      tokens.caseWorker,
    );
    plan.version = updated.version;
    const entry = await deliveredOnce('PLAN_CHANGED', plan.id);
    expect(entry).toMatchObject({ status: 'DELIVERED', attempts: 3, lastResponseStatus: 204, lastError: null });
    expect(JSON.parse(entry.payload)).toEqual({ planId: plan.id, planVersion: plan.version, providerId: PROVIDER });
    const attempts = receiver.received.filter((r) => r.id === entry.id);
    expect(attempts.map((r) => r.status)).toEqual([500, 500, 204]);
    const bodies = verifiedBodies(entry.id);
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(bodies[0]).toMatchObject({ type: 'PLAN_CHANGED', data: { planId: plan.id, planVersion: plan.version, providerId: PROVIDER } });
  });

  it('a restart of the sending process in the middle of retries loses nothing', async () => {
    const kotihoito = plan.services.find((s) => s.serviceType.code === 'kotihoito')!;
    const second = await ok(
      ORDER,
      { plannedServiceId: kotihoito.id, offeringId: 'of-0001-01', quantity: '2', idempotencyKey: 'webhooks-order-2' },
      tokens.client,
    );
    await deliveredOnce('ORDER_REQUESTED', second.id);

    receiver.down = true;
    await ok(CANCEL, { orderId: second.id, expectedVersion: second.version, reason: 'changed my mind' }, tokens.client);
    const failing = await until('a failed attempt', async () =>
      (await logOf('ORDER_CANCELLED', second.id)).find((n) => n.attempts >= 1 && n.lastResponseStatus === 500),
    );
    expect(failing).toMatchObject({ status: 'PENDING', lastError: 'HTTP 500' });
    expect(failing.nextAttemptAt).toBeTruthy();

    // The process stops (waiting for its attempt in flight) and a new one opens the same database.
    await stack.restartProviders();
    const seenBefore = receiver.received.filter((r) => r.id === failing.id).length;
    receiver.down = false;

    const entry = await deliveredOnce('ORDER_CANCELLED', second.id);
    const requests = receiver.received.filter((r) => r.id === entry.id);
    expect(requests.length).toBeGreaterThan(seenBefore);
    // At least once, and exactly once successfully; every attempt counted in the log.
    expect(requests.filter((r) => r.status === 204)).toHaveLength(1);
    expect(entry.attempts).toBe(requests.length);
    expect(verifiedBodies(entry.id)[0]).toMatchObject({ type: 'ORDER_CANCELLED', data: { orderId: second.id, providerId: PROVIDER } });
    // Nothing else was lost or doubled by the restart.
    expect(await logOf('ORDER_REQUESTED', second.id)).toHaveLength(1);
    expect(await logOf('ORDER_REQUESTED', order.id)).toHaveLength(1);
  });

  it('a settled payment: PAYMENT_SETTLED to the paid provider, once however often the settlement is retried', async () => {
    const accepted = await ok(ACCEPT, { orderId: order.id, expectedVersion: order.version }, tokens.provider);
    order = accepted;
    await ok(DELIVER, { orderId: order.id, date: day(-1), quantity: '1', idempotencyKey: 'webhooks-delivery-1' }, tokens.provider);
    const input = { through: day(-1), providerId: PROVIDER, idempotencyKey: 'webhooks-settle-1' };
    const [payment] = await ok<any[]>(SETTLE, input, tokens.admin);
    expect(payment.provider.id).toBe(PROVIDER);
    const entry = await deliveredOnce('PAYMENT_SETTLED', payment.id);
    expect(JSON.parse(entry.payload)).toEqual({ paymentId: payment.id, providerId: PROVIDER });
    expect(verifiedBodies(entry.id)[0]).toMatchObject({ type: 'PAYMENT_SETTLED', data: { paymentId: payment.id, providerId: PROVIDER } });
    expect((await ok<any[]>(SETTLE, input, tokens.admin)).map((p) => p.id)).toEqual([payment.id]);
    expect(await logOf('PAYMENT_SETTLED', payment.id)).toHaveLength(1);
  });

  it('revoking the plan: ORDER_CANCELLED for its open order and PLAN_CHANGED to its provider', async () => {
    const revoked = await ok(REVOKE, { planId: plan.id, expectedVersion: await planVersion(), reason: 'moved away' }, tokens.caseWorker);
    expect(revoked.status).toBe('REVOKED');
    const cancelled = await deliveredOnce('ORDER_CANCELLED', order.id);
    expect(JSON.parse(cancelled.payload)).toEqual({ orderId: order.id, providerId: PROVIDER });
    const changed = await until('PLAN_CHANGED of the revoked version', async () =>
      (await logOf('PLAN_CHANGED', plan.id)).find((n) => JSON.parse(n.payload).planVersion === revoked.version && n.status === 'DELIVERED'),
    );
    expect(JSON.parse(changed.payload)).toEqual({ planId: plan.id, planVersion: revoked.version, providerId: PROVIDER });
  });

  it('the delivery log pages newest first', async () => {
    const all = (await deliveries()).webhookDeliveries;
    expect(all.totalCount).toBe(all.edges.length);
    expect(all.totalCount).toBeGreaterThanOrEqual(7);
    const times: number[] = all.edges.map((e: any) => Date.parse(e.node.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const res: any = await stack.query(DELIVERIES, { id: PROVIDER, first: 2, after }, tokens.provider);
      expect(res.errors ?? []).toEqual([]);
      const page = res.data.provider.webhookDeliveries;
      ids.push(...page.edges.map((e: any) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(ids).toEqual(all.edges.map((e: any) => e.node.id));
    const bad = await stack.query(DELIVERIES, { id: PROVIDER, first: 2, after: 'bm90LWEtY3Vyc29y' }, tokens.provider);
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
  });

  it('without the development setting: internal targets refused at setWebhook, and again at delivery', async () => {
    await stack.restartProviders({ webhooks: { ...WEBHOOKS, allowPrivateUrls: false } });
    for (const url of [
      'https://169.254.169.254/latest/meta-data/',
      'https://10.0.0.1/hook',
      'https://localhost/hook',
      'https://[::1]/hook',
      'https://127.0.0.1/hook',
      receiver.url,
    ]) {
      const res = await stack.query(SET, { input: { url, events: ['ORDER_REQUESTED'] } }, tokens.provider);
      expect([url, codes(res)]).toEqual([url, ['BAD_USER_INPUT']]);
      expect(res.errors![0].extensions!.argumentName).toBe('input.url');
    }
    expect((await deliveries()).webhook.url).toBe(receiver.url);

    // The webhook set in development still points at 127.0.0.1: the sender now refuses to call it.
    const before = receiver.received.length;
    const created = await ok(
      CREATE,
      {
        clientId: 'cl-00014',
        validFrom: day(-10),
        validTo: day(200),
        services: [{ serviceTypeCode: 'kotihoito', quantity: '1', per: 'WEEK' }],
      },
      tokens.caseWorker,
    );
    await ok(APPROVE, { planId: created.id, expectedVersion: created.version }, tokens.caseWorker);
    const third = await ok(
      ORDER,
      { plannedServiceId: created.services[0].id, offeringId: 'of-0001-01', quantity: '1', idempotencyKey: 'webhooks-order-3' },
      tokens.caseWorker,
    );
    const refused = await until('a refused attempt', async () => (await logOf('ORDER_REQUESTED', third.id)).find((n) => n.attempts >= 1));
    expect(refused).toMatchObject({ status: 'PENDING', lastResponseStatus: null });
    expect(refused.lastError).toMatch(/refused/);
    expect(receiver.received.length).toBe(before);

    // Removing the webhook ends what is pending.
    expect(await ok(REMOVE, undefined, tokens.provider)).toBe(true);
    const [ended] = await logOf('ORDER_REQUESTED', third.id);
    expect(ended).toMatchObject({ status: 'FAILED', nextAttemptAt: null, lastError: 'the webhook was removed' });
    expect(await ok(REMOVE, undefined, tokens.provider)).toBe(false);
    expect((await deliveries()).webhook).toBeNull();

    // A public https address is accepted (not called: nothing is queued for it).
    const publicHook = await ok(SET, { url: 'https://8.8.8.8/hooks', events: ['PAYMENT_SETTLED'] }, tokens.provider);
    expect(publicHook).toMatchObject({ url: 'https://8.8.8.8/hooks', events: ['PAYMENT_SETTLED'] });
    expect(await ok(REMOVE, undefined, tokens.provider)).toBe(true);
  });
}

describe('webhooks (PGlite on disk)', () => {
  let dataDir: string;
  defineWebhookSuite({
    async options() {
      dataDir = await mkdtemp(path.join(tmpdir(), 'webhooks-'));
      return { providers: { dataDir, webhooks: WEBHOOKS } };
    },
    async cleanUp() {
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  });
});

describe.skipIf(!DATABASE_URL)(DATABASE_URL ? 'postgres: webhooks' : 'postgres: webhooks (DATABASE_URL not set)', () => {
  const schema = `webhooks_${process.pid}_${Date.now().toString(36)}`;
  defineWebhookSuite({
    async options() {
      return { databaseUrl: DATABASE_URL, databaseSchema: schema, providers: { webhooks: WEBHOOKS } };
    },
    async cleanUp() {
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
        await client.query(`drop schema if exists "${schema}_audit" cascade`);
      } finally {
        await client.end();
      }
    },
  });
});
