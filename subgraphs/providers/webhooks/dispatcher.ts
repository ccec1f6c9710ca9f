/**
 * The sender: a loop inside the providers subgraph's process that takes due deliveries from
 * the queue table (store.ts), signs and sends each (signing.ts, send.ts), and records the
 * outcome with the next attempt's time.
 *
 * The schedule is Standard Webhooks' recommendation — at once, then after 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h and 10 h (27.6 h in all, so at least 24 h even with jitter) — after which the
 * delivery is FAILED. Each wait is jittered by ±10 % so the retries of a receiver that was down
 * do not all arrive in the same second.
 *
 * Why it sleeps until the next due time instead of polling every moment: the queue is usually
 * empty, and a query every second would be load for nothing. It wakes when a write of this
 * process queues an event (notify), when the next known attempt falls due, and at the latest
 * after `pollMs` (for rows queued by another instance sharing the database, or left leased by
 * one that died). State lives only in the table, so a restart loses nothing: the new process
 * finds the pending rows on its first round.
 */
import type { Kysely } from 'kysely';
import { createLogger } from '../../../lib/log.js';
import type { Database } from '../db/schema.js';
import { sendAttempt, type AttemptResult } from './send.js';
import { signedHeaders } from './signing.js';
import { claimDue, nextDue, recordOutcome, type ClaimedDelivery, type Outcome } from './store.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Waits before each attempt: the first at once, then Standard Webhooks' recommended backoff. */
export const DEFAULT_RETRY_SCHEDULE: readonly number[] = [0, 5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];

export interface DispatcherOptions {
  /** Milliseconds to wait before attempt 1, 2, …; its length is the number of attempts. */
  retrySchedule?: readonly number[];
  /** The longest the sender sleeps without looking at the queue (default 30 s). */
  pollMs?: number;
  /** Time an attempt holds its row; a sender that dies mid-send is replaced after it (default 60 s). */
  leaseMs?: number;
  /** Deadline of one attempt (default 10 s). */
  timeoutMs?: number;
  /** Deliveries sent at once (default 10). */
  batchSize?: number;
  /** Development and tests: http and loopback/private targets allowed (targets.ts). */
  allowPrivateUrls?: boolean;
  /** ± share of each wait, at random (default 0.1). */
  jitter?: number;
}

export interface Dispatcher {
  /** A write queued events: look at the queue now rather than at the next planned wake-up. */
  notify(): void;
  /** Stops taking new deliveries and waits for the attempts in flight. */
  close(): Promise<void>;
}

const log = createLogger('webhooks');

/** The wait before the next attempt after `attempts` were made, or null when they ran out. */
export function nextWait(schedule: readonly number[], attempts: number, jitter: number, random: () => number = Math.random): number | null {
  if (attempts >= schedule.length) return null;
  const base = schedule[attempts];
  return Math.round(base * (1 + jitter * (2 * random() - 1)));
}

export function startDispatcher(db: Kysely<Database>, options: DispatcherOptions = {}): Dispatcher {
  const schedule = options.retrySchedule?.length ? options.retrySchedule : DEFAULT_RETRY_SCHEDULE;
  const pollMs = options.pollMs ?? 30 * SECOND;
  const leaseMs = options.leaseMs ?? 60 * SECOND;
  const timeoutMs = options.timeoutMs ?? 10 * SECOND;
  const batchSize = options.batchSize ?? 10;
  const jitter = options.jitter ?? 0.1;
  const allowPrivateUrls = options.allowPrivateUrls ?? false;
  if (leaseMs <= timeoutMs) throw new Error('webhooks: the lease must outlast an attempt');

  let stopped = false;
  let notified = false;
  let wake: (() => void) | null = null;
  let timer: NodeJS.Timeout | null = null;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopped || notified) return resolve();
      wake = resolve;
      timer = setTimeout(resolve, Math.max(0, ms));
    }).finally(() => {
      if (timer) clearTimeout(timer);
      timer = null;
      wake = null;
    });

  async function attempt(delivery: ClaimedDelivery): Promise<void> {
    let result: AttemptResult;
    if (!delivery.webhook) {
      result = { delivered: false, status: null, error: 'the webhook was removed' };
    } else {
      // The body is the same at every attempt; only the signature's timestamp is the attempt's own.
      const body = JSON.stringify({ type: delivery.event, timestamp: delivery.createdAt.toISOString(), data: delivery.payload });
      result = await sendAttempt(delivery.webhook.url, signedHeaders(delivery.webhook.secret, delivery.id, body), body, {
        allowPrivateUrls,
        timeoutMs,
      });
    }
    const outcome: Outcome = result.delivered
      ? { kind: 'delivered', status: result.status! }
      : {
          kind: 'failed',
          status: result.status,
          error: result.error ?? 'failed',
          retryInMs: delivery.webhook ? nextWait(schedule, delivery.attempts, jitter) : null,
        };
    const recorded = await recordOutcome(db, delivery, outcome);
    // Ids, the event and the outcome only: the log must not carry anything personal (nor the URL's query).
    const fields = {
      deliveryId: delivery.id,
      providerId: delivery.providerId,
      event: delivery.event,
      attempt: delivery.attempts,
      status: result.status,
    };
    if (!recorded) log.warn(fields, 'webhook attempt finished after its lease ran out; a newer attempt owns the delivery');
    else if (result.delivered) log.info(fields, 'webhook delivered');
    else
      log.warn(
        { ...fields, error: result.error, final: outcome.kind === 'failed' && outcome.retryInMs === null },
        'webhook attempt failed',
      );
  }

  /** One round: claim what is due and send it; true when there was something. */
  async function round(): Promise<boolean> {
    const due = await claimDue(db, batchSize, leaseMs);
    await Promise.all(
      due.map((d) =>
        attempt(d).catch((error: Error) =>
          log.error({ deliveryId: d.id, err: error.message }, 'recording a webhook attempt failed; the lease will release it'),
        ),
      ),
    );
    return due.length > 0;
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      notified = false;
      let wait = pollMs;
      try {
        if (await round()) continue;
        const next = await nextDue(db);
        // A floor, so a database clock a little behind ours cannot make this spin.
        if (next) wait = Math.max(25, Math.min(pollMs, next.getTime() - Date.now()));
      } catch (error) {
        // The catalogue is down or closing: try again later, the rows are safe in the table.
        if (!stopped) log.warn({ err: (error as Error).message }, 'webhook queue unavailable; retrying');
      }
      await sleep(wait);
    }
  }

  const running = loop();
  return {
    notify() {
      notified = true;
      wake?.();
    },
    async close() {
      stopped = true;
      wake?.();
      await running;
    },
  };
}
