/**
 * How a subgraph's write path tells providers' systems of a change: it records the event with
 * the providers subgraph (the internal `recordProviderEvents` mutation, @inaccessible — the
 * gateway never routes it, so it is reached only here, with the signed viewer header), which
 * queues a signed webhook delivery for each provider subscribed to it.
 *
 * Why failure is swallowed: the event follows a write that already happened in its system of
 * record; failing the caller's write now would invite a retry of something done. So a failure
 * is logged (ids only, no personal data) and the write answers as usual. Nothing is lost for
 * good: a retry of the write with the same idempotency key records the event again, and the
 * providers subgraph drops the duplicate by the event's key. A short deadline keeps a slow
 * catalogue from slowing the write.
 */
import type { WebhookEvent } from './__generated__/enums.js';
import { createLogger } from './log.js';
import type { VoucherClient } from './voucher-client.js';
import { signViewer, VIEWER_HEADER, type Viewer } from './viewer.js';

/** The SDL's `enum WebhookEvent`. */
export type ProviderEventName = WebhookEvent;

/** Ids only (the schema's ProviderEventInput): the provider's system reads the rest through the graph, as it may. */
export interface ProviderEvent {
  event: ProviderEventName;
  providerId: string;
  orderId?: string;
  planId?: string;
  planVersion?: string;
  paymentId?: string;
}

export interface ProviderEvents {
  /** Records the events on behalf of the viewer whose write caused them; never throws. Returns how many were queued, or null when recording failed. */
  record(viewer: Viewer, events: readonly ProviderEvent[]): Promise<number | null>;
}

const MUTATION = 'mutation RecordProviderEvents($events: [ProviderEventInput!]!) { recordProviderEvents(events: $events) }';
const log = createLogger('provider-events');

export function createProviderEvents(providersUrl: string, secret: Uint8Array, options: { timeoutMs?: number } = {}): ProviderEvents {
  const timeoutMs = options.timeoutMs ?? 2000;
  return {
    async record(viewer, events) {
      if (!events.length) return 0;
      try {
        const request = JSON.stringify({ query: MUTATION, variables: { events } });
        const response = await fetch(providersUrl, {
          method: 'POST',
          // Signed for the providers subgraph and this body only, like the gateway's fetches.
          headers: {
            'content-type': 'application/json',
            [VIEWER_HEADER]: await signViewer(viewer, secret, { audience: 'providers', body: request }),
          },
          body: request,
          signal: AbortSignal.timeout(timeoutMs),
        });
        const body = (await response.json()) as {
          data?: { recordProviderEvents?: number | null } | null;
          errors?: { extensions?: { code?: string } }[];
        };
        const count = body.data?.recordProviderEvents;
        if (typeof count !== 'number')
          throw new Error(
            `HTTP ${response.status}${body.errors?.length ? `, ${body.errors.map((e) => e.extensions?.code ?? 'error').join(', ')}` : ''}`,
          );
        return count;
      } catch (error) {
        log.warn(
          {
            err: (error as Error).message.slice(0, 120),
            events: events.map((e) => `${e.event}:${e.orderId ?? e.planId ?? e.paymentId ?? ''}:${e.providerId}`),
          },
          'provider events not recorded; a retry of the write records them again',
        );
        return null;
      }
    },
  };
}

/** What a subgraph records when there is nowhere to record (a test or a subgraph run without the providers subgraph). */
export const NO_PROVIDER_EVENTS: ProviderEvents = { record: async () => 0 };

/** The distinct providers of a set of orders, each told once that the plan they are pinned to changed. */
export function planChangedEvents(planId: string, planVersion: string, orders: readonly { providerId: string }[]): ProviderEvent[] {
  return [...new Set(orders.map((o) => o.providerId))].map((providerId) => ({ event: 'PLAN_CHANGED', providerId, planId, planVersion }));
}

/** One ORDER_CANCELLED per order, to its provider. */
export function orderCancelledEvents(orders: readonly { id: string; providerId: string }[]): ProviderEvent[] {
  return orders.map((o) => ({ event: 'ORDER_CANCELLED', providerId: o.providerId, orderId: o.id }));
}

/**
 * The open orders (REQUESTED, ACCEPTED) pinned to a plan: their providers hear of its change.
 * Best effort, like recording: a failed read costs the events (logged), never the write.
 */
export async function openOrdersOfPlan(
  voucherSystem: Pick<VoucherClient, 'orders'>,
  planId: string,
): Promise<{ id: string; providerId: string }[]> {
  try {
    return await voucherSystem.orders({ planIds: [planId], statuses: ['REQUESTED', 'ACCEPTED'] });
  } catch (error) {
    log.warn(
      { err: (error as Error).message.slice(0, 120), planId },
      'open orders of a changed plan not read; their providers will not hear of the change',
    );
    return [];
  }
}
