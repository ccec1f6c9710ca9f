/**
 * The webhooks' fields of schema/providers.graphql, merged into the subgraph's resolvers
 * (../resolvers.ts): setWebhook, removeWebhook, the internal recordProviderEvents, and
 * Provider.webhook / Provider.webhookDeliveries. Who may do what is asked of the request's
 * policy (`ctx.policy`, ../policy.ts).
 */
import { badUserInput, notFound } from '../../../lib/errors.js';
import { connection, decodeCursor, encodeCursor, pageSize } from '../../../lib/paging.js';
import { identifier } from '../../../lib/write-input.js';
import type { MutationResolvers, ProviderEventInput, ProviderResolvers, WebhookEvent } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import { catalogueCall } from '../repository.js';
import { newSecret } from './signing.js';
import {
  deleteWebhook,
  enqueue,
  getWebhook,
  listDeliveries,
  putWebhook,
  type DeliveryRecord,
  type QueuedEvent,
  type WebhookRecord,
} from './store.js';
import { checkTarget, TargetRefused } from './targets.js';

/** Events one call may record (a settlement of many providers stays well below it). */
const MAX_EVENTS = 500;

const webhookOut = (hook: WebhookRecord, secret: string | null = null) => ({
  url: hook.url,
  events: hook.events,
  secret,
  createdAt: hook.createdAt.toISOString(),
});

const deliveryOut = (d: DeliveryRecord) => ({
  id: d.id,
  event: d.event,
  payload: JSON.stringify(d.payload),
  status: d.status,
  attempts: d.attempts,
  createdAt: d.createdAt.toISOString(),
  lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
  lastResponseStatus: d.lastResponseStatus,
  lastError: d.lastError,
  nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
  deliveredAt: d.deliveredAt?.toISOString() ?? null,
});

/** The viewer's own provider, which must have a record in a status that may keep a webhook. */
async function ownProvider(ctx: Context, what: string): Promise<string> {
  const providerId = ctx.policy.selfFor('keepWebhook', `only a provider's system may ${what} its webhook`);
  const provider = await catalogueCall('provider', () => ctx.loaders.provider.load(providerId));
  if (!provider) throw notFound(`provider ${providerId} has no record in the catalogue: apply first (applyAsProvider)`);
  ctx.policy.assertMayWrite('keepWebhook', `a ${provider.status} provider has no webhook`, provider);
  return providerId;
}

/** The ids an event must carry, and its deduplication key (the same for a retried write). */
function queued(e: ProviderEventInput, at: string): QueuedEvent {
  const id = (value: string | null | undefined, name: string) => {
    if (value == null) throw badUserInput(`${at}.${name} is required for ${e.event}`, { argumentName: `${at}.${name}` });
    return identifier(value, `${at}.${name}`);
  };
  const providerId = identifier(e.providerId, `${at}.providerId`);
  switch (e.event) {
    case 'ORDER_REQUESTED':
    case 'ORDER_CANCELLED': {
      const orderId = id(e.orderId, 'orderId');
      return { providerId, event: e.event, key: `${e.event}:${orderId}:${providerId}`, data: { orderId, providerId } };
    }
    case 'PLAN_CHANGED': {
      const planId = id(e.planId, 'planId');
      const planVersion = id(e.planVersion, 'planVersion');
      return {
        providerId,
        event: e.event,
        key: `${e.event}:${planId}:${planVersion}:${providerId}`,
        data: { planId, planVersion, providerId },
      };
    }
    case 'PAYMENT_SETTLED': {
      const paymentId = id(e.paymentId, 'paymentId');
      return { providerId, event: e.event, key: `${e.event}:${paymentId}:${providerId}`, data: { paymentId, providerId } };
    }
  }
}

interface DeliveryCursor {
  a: string;
  i: string;
}
/** A timestamptz as Postgres writes it as text; anything else is not a cursor of ours (and must not reach the cast). */
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
const isDeliveryCursor = (v: unknown): v is DeliveryCursor =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as DeliveryCursor).a === 'string' &&
  PG_TIMESTAMP.test((v as DeliveryCursor).a) &&
  typeof (v as DeliveryCursor).i === 'string' &&
  (v as DeliveryCursor).i.length <= 64;

export const webhookResolvers: {
  Mutation: Pick<MutationResolvers<Context>, 'setWebhook' | 'removeWebhook' | 'recordProviderEvents'>;
  Provider: Pick<ProviderResolvers<Context>, 'webhook' | 'webhookDeliveries'>;
} = {
  Mutation: {
    async setWebhook(_root, { input }, ctx) {
      const providerId = await ownProvider(ctx, 'set');
      if (!input.events.length) throw badUserInput('input.events: name at least one event', { argumentName: 'input.events' });
      const events = [...new Set<WebhookEvent>(input.events)];
      let url: URL;
      try {
        ({ url } = await checkTarget(input.url.trim(), { allowPrivateUrls: ctx.webhooks.allowPrivateUrls }));
      } catch (error) {
        if (error instanceof TargetRefused) throw badUserInput(`input.url ${error.message}`, { argumentName: 'input.url' });
        throw error;
      }
      const secret = newSecret();
      const hook = await catalogueCall('setWebhook', () => putWebhook(ctx.db, { providerId, url: url.href, events, secret }));
      ctx.audit.recordSubjectWrite(`Provider/${providerId}`, `setWebhook Provider/${providerId}`);
      // The only time the secret leaves the catalogue.
      return webhookOut(hook, secret);
    },

    async removeWebhook(_root, _args, ctx) {
      const providerId = ctx.policy.selfFor('keepWebhook', "only a provider's system may remove its webhook");
      if (!(await catalogueCall('provider', () => ctx.loaders.provider.load(providerId))))
        throw notFound(`provider ${providerId} has no record in the catalogue`);
      const removed = await catalogueCall('removeWebhook', () => deleteWebhook(ctx.db, providerId));
      if (removed) ctx.audit.recordSubjectWrite(`Provider/${providerId}`, `removeWebhook Provider/${providerId}`);
      return removed;
    },

    async recordProviderEvents(_root, { events }, ctx) {
      ctx.policy.assertMayWrite('recordProviderEvents', 'this viewer causes no provider events');
      if (events.length > MAX_EVENTS) throw badUserInput(`events: at most ${MAX_EVENTS}`, { argumentName: 'events' });
      const items = events.map((e, i) => queued(e, `events[${i}]`));
      const count = await catalogueCall('recordProviderEvents', () => enqueue(ctx.db, items));
      if (count) ctx.webhooks.notify();
      return count;
    },
  },

  Provider: {
    async webhook(provider, _args, ctx) {
      if (ctx.policy.hidesField(provider, 'webhook')) return null;
      const hook = await catalogueCall('webhook', () => getWebhook(ctx.db, provider.id));
      return hook ? webhookOut(hook) : null;
    },

    async webhookDeliveries(provider, { first, after }, ctx) {
      if (ctx.policy.hidesField(provider, 'webhookDeliveries')) return null;
      const size = pageSize(first, 20);
      const cursor = decodeCursor(after, isDeliveryCursor);
      const page = await catalogueCall('webhookDeliveries', () =>
        listDeliveries(ctx.db, provider.id, size, cursor ? { at: cursor.a, id: cursor.i } : null),
      );
      const edges = page.rows.map((d) => ({
        cursor: encodeCursor({ a: d.position.at, i: d.position.id } satisfies DeliveryCursor),
        node: deliveryOut(d),
      }));
      return connection(edges, page.totalCount, page.hasNextPage, after);
    },
  },
};
