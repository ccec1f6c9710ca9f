/**
 * Per-caller rate limiting. Every authenticated request counts
 * against its caller — the token's role and subject — before anything is parsed or run; over
 * the caller's rate it is answered HTTP 429 with `RATE_LIMITED`, a `Retry-After` header and
 * `extensions.retryAfter` (both in whole seconds, rounded up), and no subgraph is called.
 *
 * Why per caller and per role: one stolen or misbehaving token must not take the graph from
 * everyone else, and the parties differ. A provider's system polls (assignedOrders with
 * `updatedSince` every few seconds) and posts a day's decisions and deliveries at once; people
 * click. Why the whole window's allowance may come at once: a screen loads a few queries
 * together, and a system catches up after an outage (gcra.ts).
 *
 * Where the counts live: in Redis when the gateway has it (REDIS_URL), so every instance counts
 * against the same budget; in memory otherwise, and in memory while Redis is unreachable — per
 * instance then, looser, never a failed request.
 *
 * Chosen (environment variable, default requests per minute; a burst of the same number):
 *   RATE_LIMIT_PER_MINUTE_PROVIDER     600  10/s sustained: a system polling every 5 s uses 12;
 *                                          the rest posts deliveries, e.g. a backlog of 3 000
 *                                          after an outage in 5 minutes.
 *   RATE_LIMIT_PER_MINUTE_CASE_WORKER  120  a person: a screen is 1–4 queries, a click every few
 *                                          seconds is 20–60; 2/s sustained is twice the busiest.
 *   RATE_LIMIT_PER_MINUTE_ADMIN        120  likewise (catalogue work: applications, unit costs).
 *   RATE_LIMIT_PER_MINUTE_CLIENT        60  a person reading their own plan, vouchers and orders.
 *   RATE_LIMIT_PER_MINUTE_ANALYST       30  reports are the costliest reads (gateway/limits); a
 *                                          dashboard of a few, refreshed now and then.
 * Unauthenticated requests are refused before they count (gateway/auth), at the cost of one
 * signature check each.
 */
import { HeaderMap } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { Redis } from 'ioredis';
import { graphqlError } from '../../lib/errors.js';
import { ROLES, type Role, type Viewer } from '../../lib/viewer.js';
import { MemoryBuckets, RedisBuckets, type BucketStore } from './gcra.js';

/** Requests per minute of each role; why these figures: above. */
export const DEFAULT_RATE_LIMITS: Readonly<Record<Role, number>> = {
  PROVIDER: 600,
  CASE_WORKER: 120,
  ADMIN: 120,
  CLIENT: 60,
  ANALYST: 30,
};

export interface RateLimitOptions {
  /** Requests per minute of each role, over DEFAULT_RATE_LIMITS (RATE_LIMIT_PER_MINUTE_<ROLE>). */
  perRole?: Partial<Record<Role, number>>;
}

const MINUTE_MS = 60_000;

/** The settings' names of the per-role limits (lib/settings.ts). */
export type RateLimitSettings = { readonly [R in Role as `RATE_LIMIT_PER_MINUTE_${R}`]: number };

export function rateLimitsFromSettings(settings: RateLimitSettings): RateLimitOptions {
  return { perRole: Object.fromEntries(ROLES.map((role) => [role, settings[`RATE_LIMIT_PER_MINUTE_${role}`]])) as Record<Role, number> };
}

export interface RateLimiter {
  kind: 'redis' | 'memory';
  limits: Readonly<Record<Role, number>>;
  /** Resolves when `viewer` may send this request; throws RATE_LIMITED (HTTP 429, Retry-After) when not. */
  admit(viewer: Viewer): Promise<void>;
}

/** Whole seconds to wait, rounded up and at least 1 (a Retry-After of 0 would invite a retry storm). */
export const retryAfterSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * The contract's RATE_LIMITED: HTTP 429, the `Retry-After` header and `extensions.retryAfter`
 * in seconds. Also the answer of the persisted-query quota (gateway/cache).
 */
export function rateLimitedError(retryAfterMs: number, message: string): GraphQLError {
  const seconds = retryAfterSeconds(retryAfterMs);
  return graphqlError('RATE_LIMITED', `${message} Retry after ${seconds} s.`, {
    retryAfter: seconds,
    http: { status: 429, headers: new HeaderMap([['retry-after', String(seconds)]]) },
  });
}

/** Why the subject and the role: the same person in two roles is two callers with two budgets. */
export const callerKey = (viewer: Pick<Viewer, 'role' | 'subject'>) => `${viewer.role}:${viewer.subject}`;

/**
 * A limiter over Redis (`shared`, the gateway cache's connection and key prefix) or, without
 * it, over this process's memory. `store` replaces both (tests).
 */
export function createRateLimiter(
  options: RateLimitOptions = {},
  shared?: { redis: Redis; prefix: string } | null,
  store?: BucketStore,
): RateLimiter {
  const limits = {
    ...DEFAULT_RATE_LIMITS,
    ...Object.fromEntries(Object.entries(options.perRole ?? {}).filter(([, v]) => v !== undefined)),
  } as Record<Role, number>;
  for (const role of ROLES) {
    if (!Number.isSafeInteger(limits[role]) || limits[role] < 1)
      throw new Error(`RATE_LIMIT_PER_MINUTE_${role} must be a whole number ≥ 1, not ${JSON.stringify(limits[role])}`);
  }
  const buckets = store ?? (shared ? new RedisBuckets(shared.redis, `${shared.prefix}rate:`) : new MemoryBuckets());
  return {
    kind: buckets instanceof RedisBuckets ? 'redis' : 'memory',
    limits,
    async admit(viewer) {
      const decision = await buckets.take(callerKey(viewer), limits[viewer.role], MINUTE_MS);
      if (decision.allowed) return;
      throw rateLimitedError(
        decision.retryAfterMs,
        `Too many requests: a caller in the role ${viewer.role} may send ${limits[viewer.role]} per minute.`,
      );
    },
  };
}
