/**
 * Providers' webhooks (docs/contract.md "Providers' systems hear of changes"), as the providers
 * subgraph uses them: the fields to merge into its resolvers, and the sender to start with it
 * and stop when it closes. The modules beside this one each do one thing: targets.ts (where a
 * webhook may point), signing.ts (Standard Webhooks), send.ts (one attempt), store.ts (the
 * tables: webhook, queue, log), dispatcher.ts (the sending loop), resolvers.ts (the fields).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { startDispatcher, type DispatcherOptions } from './dispatcher.js';

export { webhookResolvers } from './resolvers.js';
export { DEFAULT_RETRY_SCHEDULE } from './dispatcher.js';

export type WebhookOptions = DispatcherOptions;

/** What a request's resolvers need of the webhooks (Context.webhooks). */
export interface WebhookSettings {
  /** Development and tests: http and loopback/private targets allowed. */
  allowPrivateUrls: boolean;
  /** Events were queued: send them now. */
  notify(): void;
}

export interface RunningWebhooks extends WebhookSettings {
  close(): Promise<void>;
}

export function startWebhooks(db: Kysely<Database>, options: WebhookOptions = {}): RunningWebhooks {
  const dispatcher = startDispatcher(db, options);
  return { allowPrivateUrls: options.allowPrivateUrls ?? false, notify: dispatcher.notify, close: dispatcher.close };
}

/**
 * WEBHOOK_ALLOW_PRIVATE_URLS=1 allows loopback and private targets; otherwise they are refused.
 * `developmentDefault` is what an unset variable means: true for `npm start` outside
 * production (so a receiver on localhost works), false everywhere else.
 */
export function allowPrivateUrlsFromEnv(env: NodeJS.ProcessEnv = process.env, developmentDefault = false): boolean {
  const value = env.WEBHOOK_ALLOW_PRIVATE_URLS;
  // The on/off words of lib/settings.ts, which validates the variable at start.
  if (value !== undefined && value.trim() !== '') return ['1', 'on', 'true', 'yes'].includes(value.trim().toLowerCase());
  return developmentDefault && env.NODE_ENV !== 'production';
}
