/**
 * The webhooks' queries (tables of migration 0003): the webhook itself, the queue of
 * deliveries (the table is the queue — see the migration), and the provider's delivery log.
 *
 * The queue's two steps, each one statement so they hold on Postgres with many senders and on
 * PGlite alike:
 * - claim: due rows are taken with FOR UPDATE SKIP LOCKED and, in the same UPDATE, counted as
 *   an attempt and leased (next_attempt_at pushed ahead by the lease). A sender that dies
 *   mid-send leaves its rows to fall due again when the lease runs out: at least once.
 * - record: the outcome is written only if the row is still the one claimed (same attempt
 *   count, still PENDING), so a sender whose lease ran out cannot overwrite a newer attempt.
 * Times are the database's (now()), so senders on different machines agree on what is due.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, WebhookDeliveryStatus, WebhookEventName } from '../db/schema.js';
import { newMessageId } from './signing.js';

type Db = Kysely<Database>;

export interface WebhookRecord {
  providerId: string;
  url: string;
  events: WebhookEventName[];
  secret: string;
  createdAt: Date;
}

export interface DeliveryRecord {
  id: string;
  providerId: string;
  event: WebhookEventName;
  payload: Record<string, string>;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  lastResponseStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

/** An event for a provider, as the write paths record it: ids only, and the key that makes it once. */
export interface QueuedEvent {
  providerId: string;
  event: WebhookEventName;
  /** Deterministic: the same write retried gives the same key, and the second record is dropped. */
  key: string;
  data: Record<string, string>;
}

/** A claimed delivery and where it goes (null when the webhook was removed meanwhile). */
export interface ClaimedDelivery extends DeliveryRecord {
  webhook: { url: string; secret: string } | null;
}

const toDate = (v: Date | string | null): Date | null => (v == null ? null : v instanceof Date ? v : new Date(v));
const toPayload = (v: unknown): Record<string, string> => (typeof v === 'string' ? JSON.parse(v) : (v as Record<string, string>));

function webhookOf(row: {
  provider_id: string;
  url: string;
  events: WebhookEventName[];
  secret: string;
  created_at: Date | string;
}): WebhookRecord {
  return { providerId: row.provider_id, url: row.url, events: row.events, secret: row.secret, createdAt: toDate(row.created_at)! };
}

interface DeliveryRow {
  id: string;
  provider_id: string;
  event: WebhookEventName;
  payload: unknown;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: Date | string | null;
  last_attempt_at: Date | string | null;
  last_response_status: number | null;
  last_error: string | null;
  delivered_at: Date | string | null;
  created_at: Date | string;
}

function deliveryOf(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    providerId: row.provider_id,
    event: row.event,
    payload: toPayload(row.payload),
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: toDate(row.next_attempt_at),
    lastAttemptAt: toDate(row.last_attempt_at),
    lastResponseStatus: row.last_response_status == null ? null : Number(row.last_response_status),
    lastError: row.last_error,
    deliveredAt: toDate(row.delivered_at),
    createdAt: toDate(row.created_at)!,
  };
}

// ---- the webhook ----------------------------------------------------------------------------

export async function getWebhook(db: Db, providerId: string): Promise<WebhookRecord | null> {
  const row = await db.selectFrom('webhook').selectAll().where('provider_id', '=', providerId).executeTakeFirst();
  return row ? webhookOf(row) : null;
}

/** Sets (or replaces) the provider's webhook; pending deliveries go to the new one with the new secret. */
export async function putWebhook(
  db: Db,
  hook: { providerId: string; url: string; events: WebhookEventName[]; secret: string },
): Promise<WebhookRecord> {
  const row = await db
    .insertInto('webhook')
    .values({ provider_id: hook.providerId, url: hook.url, events: hook.events, secret: hook.secret })
    .onConflict((oc) =>
      oc.column('provider_id').doUpdateSet({ url: hook.url, events: hook.events, secret: hook.secret, created_at: sql<Date>`now()` }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return webhookOf(row);
}

/** Removes the webhook and ends its pending deliveries (FAILED: nowhere to send them); true when there was one. */
export async function deleteWebhook(db: Db, providerId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom('webhook').where('provider_id', '=', providerId).executeTakeFirst();
    if (!removed.numDeletedRows) return false;
    await trx
      .updateTable('webhook_delivery')
      .set({ status: 'FAILED', next_attempt_at: null, last_error: 'the webhook was removed' })
      .where('provider_id', '=', providerId)
      .where('status', '=', 'PENDING')
      .execute();
    return true;
  });
}

// ---- the queue ----------------------------------------------------------------------------------

/**
 * Queues events for the providers whose webhook subscribes to them, due now; events of a key
 * already queued, and events nobody subscribed to, are dropped. Returns how many were queued.
 */
export async function enqueue(db: Db, events: readonly QueuedEvent[]): Promise<number> {
  if (!events.length) return 0;
  const rows = events.map((e) => sql`(${newMessageId()}, ${e.providerId}, ${e.event}, ${JSON.stringify(e.data)}, ${e.key})`);
  const result = await sql<{ id: string }>`
    insert into webhook_delivery (id, provider_id, event, payload, event_key, status, attempts, next_attempt_at)
    select e.id, e.provider_id, e.event, e.payload::jsonb, e.event_key, 'PENDING', 0, now()
    from (values ${sql.join(rows)}) as e (id, provider_id, event, payload, event_key)
    join webhook w on w.provider_id = e.provider_id and e.event = any (w.events)
    on conflict (event_key) do nothing
    returning id`.execute(db);
  return result.rows.length;
}

/** Claims up to `limit` due deliveries for one attempt each, leased for `leaseMs` (see the top). */
export async function claimDue(db: Db, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const claimed = await sql<DeliveryRow>`
    update webhook_delivery d
    set attempts = d.attempts + 1, last_attempt_at = now(), next_attempt_at = now() + ${leaseMs} * interval '1 millisecond'
    where d.id in (
      select id from webhook_delivery
      where status = 'PENDING' and next_attempt_at <= now()
      order by next_attempt_at, id
      limit ${limit}
      for update skip locked)
    returning d.*`.execute(db);
  if (!claimed.rows.length) return [];
  const providerIds = [...new Set(claimed.rows.map((r) => r.provider_id))];
  const hooks = await db.selectFrom('webhook').select(['provider_id', 'url', 'secret']).where('provider_id', 'in', providerIds).execute();
  const hookOf = new Map(hooks.map((h) => [h.provider_id, { url: h.url, secret: h.secret }]));
  return claimed.rows.map((r) => ({ ...deliveryOf(r), webhook: hookOf.get(r.provider_id) ?? null }));
}

export type Outcome =
  | { kind: 'delivered'; status: number }
  /** Another attempt after `retryInMs`, or none (FAILED) when it is null. */
  | { kind: 'failed'; status: number | null; error: string; retryInMs: number | null };

/** Writes an attempt's outcome, if the row is still the claimed one; false when it was not. */
export async function recordOutcome(db: Db, claimed: Pick<DeliveryRecord, 'id' | 'attempts'>, outcome: Outcome): Promise<boolean> {
  const error = outcome.kind === 'failed' ? outcome.error.slice(0, 200) : null;
  const status: WebhookDeliveryStatus = outcome.kind === 'delivered' ? 'DELIVERED' : outcome.retryInMs === null ? 'FAILED' : 'PENDING';
  const next =
    outcome.kind === 'failed' && outcome.retryInMs !== null
      ? sql<Date>`now() + ${Math.max(0, Math.round(outcome.retryInMs))} * interval '1 millisecond'`
      : null;
  const result = await db
    .updateTable('webhook_delivery')
    .set({
      status,
      last_response_status: outcome.status,
      last_error: error,
      next_attempt_at: next as never,
      delivered_at: outcome.kind === 'delivered' ? (sql`now()` as never) : null,
    })
    .where('id', '=', claimed.id)
    .where('attempts', '=', claimed.attempts)
    .where('status', '=', 'PENDING')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** When the next pending delivery falls due (null: none is pending). */
export async function nextDue(db: Db): Promise<Date | null> {
  const row = await db
    .selectFrom('webhook_delivery')
    .select((eb) => eb.fn.min('next_attempt_at').as('next'))
    .where('status', '=', 'PENDING')
    .executeTakeFirst();
  return toDate((row?.next as Date | string | null | undefined) ?? null);
}

// ---- the provider's log -------------------------------------------------------------------------

export interface DeliveryPage {
  /** Each row with its cursor position: created_at as the database's exact text (microseconds; a JS Date keeps milliseconds). */
  rows: (DeliveryRecord & { position: { at: string; id: string } })[];
  totalCount: number;
  hasNextPage: boolean;
}

/** The provider's deliveries, newest first; `after` is the position of the previous page's last row. */
export async function listDeliveries(
  db: Db,
  providerId: string,
  first: number,
  after: { at: string; id: string } | null,
): Promise<DeliveryPage> {
  let query = db
    .selectFrom('webhook_delivery')
    .selectAll()
    .select(sql<string>`created_at::text`.as('position_at'))
    .where('provider_id', '=', providerId);
  if (after) query = query.where(sql<boolean>`(created_at, id) < (${after.at}::timestamptz, ${after.id})`);
  const [rows, count] = await Promise.all([
    query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(first + 1)
      .execute(),
    db
      .selectFrom('webhook_delivery')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('provider_id', '=', providerId)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    rows: rows.slice(0, first).map((r) => ({ ...deliveryOf(r as DeliveryRow), position: { at: r.position_at, id: r.id } })),
    totalCount: Number(count.n),
    hasNextPage: rows.length > first,
  };
}
