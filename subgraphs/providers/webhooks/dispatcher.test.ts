/**
 * The sender and its queue against a real (PGlite, migrated and seeded) catalogue and a real
 * HTTP receiver: what the whole-stack suite (test/webhooks.int.test.ts) cannot stage — a sender
 * that died holding a delivery, a late sender whose lease ran out, retries running out, a
 * redirect, a receiver that never answers, and closing while an attempt is in flight.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalogue } from '../../../seed/catalogue.js';
import { openCatalogue, type Catalogue } from '../db/catalogue.js';
import { DEFAULT_RETRY_SCHEDULE, nextWait, startDispatcher, type Dispatcher } from './dispatcher.js';
import { newSecret } from './signing.js';
import { claimDue, enqueue, putWebhook, recordOutcome, type QueuedEvent } from './store.js';

let catalogue: Catalogue;
let server: http.Server;
let baseUrl: string;
/** What the receiver does per path; every request is kept. */
const behaviour = new Map<string, (res: http.ServerResponse) => void>();
const requests: { path: string; id: string; headers: Record<string, string>; body: string }[] = [];
const running: Dispatcher[] = [];
let serial = 0;

const PROVIDER = 'pr-0002';
const secret = newSecret();

beforeAll(async () => {
  catalogue = await openCatalogue();
  await catalogue.migrate();
  await seedCatalogue(catalogue, { scale: 'trial', seed: 2026 });
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      requests.push({ path: req.url!, id: headers['webhook-id'], headers, body });
      (behaviour.get(req.url!) ?? ((r) => r.writeHead(204).end()))(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((d) => d.close()));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await catalogue?.close();
});

const dispatcher = (options: Parameters<typeof startDispatcher>[1] = {}) => {
  const d = startDispatcher(catalogue.db, { allowPrivateUrls: true, pollMs: 50, retrySchedule: [0, 50, 50], ...options });
  running.push(d);
  return d;
};

/** Points the provider's webhook at a path of the receiver and queues one ORDER_REQUESTED. */
async function queueOne(path: string): Promise<string> {
  await putWebhook(catalogue.db, { providerId: PROVIDER, url: `${baseUrl}${path}`, events: ['ORDER_REQUESTED'], secret });
  const orderId = `or-t${++serial}`;
  expect(
    await enqueue(catalogue.db, [
      {
        providerId: PROVIDER,
        event: 'ORDER_REQUESTED',
        key: `ORDER_REQUESTED:${orderId}:${PROVIDER}`,
        data: { orderId, providerId: PROVIDER },
      },
    ]),
  ).toBe(1);
  const row = await catalogue.db
    .selectFrom('webhook_delivery')
    .select('id')
    .where('event_key', '=', `ORDER_REQUESTED:${orderId}:${PROVIDER}`)
    .executeTakeFirstOrThrow();
  return row.id;
}

const row = (id: string) => catalogue.db.selectFrom('webhook_delivery').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, deadlineMs = 5000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the schedule', () => {
  it("is Standard Webhooks' recommendation, at least 24 hours even with the jitter at its lowest", () => {
    expect(DEFAULT_RETRY_SCHEDULE).toEqual([0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    const lowest = DEFAULT_RETRY_SCHEDULE.map((_, i) => nextWait(DEFAULT_RETRY_SCHEDULE, i, 0.1, () => 0)!);
    expect(lowest.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(24 * 3_600_000);
  });

  it('jitters each wait by at most ±10 %, and ends after the last attempt', () => {
    expect(nextWait([0, 1000], 1, 0.1, () => 0)).toBe(900);
    expect(nextWait([0, 1000], 1, 0.1, () => 1)).toBe(1100);
    expect(nextWait([0, 1000], 2, 0.1)).toBeNull();
  });
});

describe('the queue', () => {
  it('queues only events the webhook subscribes to, and each key once', async () => {
    await putWebhook(catalogue.db, { providerId: 'pr-0003', url: `${baseUrl}/x`, events: ['PAYMENT_SETTLED'], secret });
    const paid: QueuedEvent = {
      providerId: 'pr-0003',
      event: 'PAYMENT_SETTLED',
      key: 'PAYMENT_SETTLED:pa-1:pr-0003',
      data: { paymentId: 'pa-1', providerId: 'pr-0003' },
    };
    const ordered: QueuedEvent = {
      providerId: 'pr-0003',
      event: 'ORDER_REQUESTED',
      key: 'ORDER_REQUESTED:or-1:pr-0003',
      data: { orderId: 'or-1', providerId: 'pr-0003' },
    };
    const noWebhook: QueuedEvent = {
      providerId: 'pr-0004',
      event: 'PAYMENT_SETTLED',
      key: 'PAYMENT_SETTLED:pa-2:pr-0004',
      data: { paymentId: 'pa-2', providerId: 'pr-0004' },
    };
    expect(await enqueue(catalogue.db, [paid, ordered, noWebhook])).toBe(1);
    expect(await enqueue(catalogue.db, [paid])).toBe(0);
    // Nothing is sent from here: no dispatcher runs, and the row waits.
    expect(
      await catalogue.db.selectFrom('webhook_delivery').select(['status', 'attempts']).where('provider_id', '=', 'pr-0003').execute(),
    ).toEqual([{ status: 'PENDING', attempts: 0 }]);
    await catalogue.db.deleteFrom('webhook').where('provider_id', '=', 'pr-0003').execute();
    await catalogue.db.deleteFrom('webhook_delivery').where('provider_id', '=', 'pr-0003').execute();
  });
});

describe('the sender', () => {
  it('sends a signed delivery at once when notified', async () => {
    const d = dispatcher({ pollMs: 60_000 });
    const id = await queueOne('/ok');
    d.notify();
    const delivered = await until('delivery', async () => ((await row(id)).status === 'DELIVERED' ? row(id) : null));
    expect(delivered).toMatchObject({ attempts: 1, last_response_status: 204, next_attempt_at: null, last_error: null });
    const request = requests.find((r) => r.id === id)!;
    expect(new Webhook(secret).verify(request.body, request.headers)).toMatchObject({
      type: 'ORDER_REQUESTED',
      data: { providerId: PROVIDER },
    });
  });

  it('a delivery held by a sender that died is sent once its lease runs out', async () => {
    const id = await queueOne('/ok');
    // A sender claims it (an attempt counted, leased for 300 ms) and dies without a word.
    const [claimed] = await claimDue(catalogue.db, 10, 300);
    expect(claimed).toMatchObject({ id, attempts: 1 });
    const started = Date.now();
    dispatcher();
    const delivered = await until('delivery after the lease', async () => ((await row(id)).status === 'DELIVERED' ? row(id) : null));
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(delivered.attempts).toBe(2);
    expect(requests.filter((r) => r.id === id)).toHaveLength(1);
    // The dead sender, had it come back, could not overwrite the newer attempt's outcome.
    expect(await recordOutcome(catalogue.db, claimed, { kind: 'failed', status: 500, error: 'HTTP 500', retryInMs: 0 })).toBe(false);
    expect((await row(id)).status).toBe('DELIVERED');
  });

  it('retries run out: FAILED after the last attempt, with the last answer kept', async () => {
    behaviour.set('/down', (res) => res.writeHead(503).end('down for maintenance'));
    const id = await queueOne('/down');
    dispatcher();
    const failed = await until('failure', async () => ((await row(id)).status === 'FAILED' ? row(id) : null));
    expect(failed).toMatchObject({
      attempts: 3,
      last_response_status: 503,
      last_error: 'HTTP 503',
      next_attempt_at: null,
      delivered_at: null,
    });
    expect(requests.filter((r) => r.id === id)).toHaveLength(3);
  });

  it('does not follow a redirect: a 3xx is a failed attempt', async () => {
    behaviour.set('/moved', (res) => res.writeHead(302, { location: `${baseUrl}/elsewhere` }).end());
    const id = await queueOne('/moved');
    dispatcher({ retrySchedule: [0] });
    const failed = await until('failure', async () => ((await row(id)).status === 'FAILED' ? row(id) : null));
    expect(failed.last_error).toMatch(/redirect/);
    expect(requests.some((r) => r.path === '/elsewhere')).toBe(false);
  });

  it('gives up on a receiver that does not answer within the deadline', async () => {
    behaviour.set('/silent', () => undefined);
    const id = await queueOne('/silent');
    dispatcher({ retrySchedule: [0], timeoutMs: 200, leaseMs: 1000 });
    const failed = await until('timeout', async () => ((await row(id)).status === 'FAILED' ? row(id) : null));
    expect(failed).toMatchObject({ last_response_status: null, last_error: 'no answer within 0.2 s' });
  });

  it('closing waits for the attempt in flight, and records it', async () => {
    behaviour.set('/slow', (res) => setTimeout(() => res.writeHead(200).end(), 300));
    const id = await queueOne('/slow');
    const d = dispatcher();
    await until('the attempt to start', async () => requests.some((r) => r.id === id));
    await d.close();
    expect(await row(id)).toMatchObject({ status: 'DELIVERED', attempts: 1, last_response_status: 200 });
  });
});
