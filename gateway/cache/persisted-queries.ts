/**
 * Bounds on automatic persisted queries (APQ). Apollo Server stores the text of every query a
 * caller registers (a query sent with its hash) in the shared cache, for whoever later sends
 * the hash; unbounded, one token filled Redis with 95 KB documents (issue 10, item 8) and, with
 * Redis's default `noeviction`, every instance's writes failed: nobody's queries were stored.
 *
 * - A registered document is at most `maxBytes` (PERSISTED_QUERY_MAX_BYTES, 20 KiB: 15× the
 *   longest query any party sends, 1 304 bytes; see gateway/limits). A larger one is refused
 *   with BAD_USER_INPUT and not stored; sent without the persistedQuery extension, it runs.
 * - A caller (role and subject) registers at most `perCaller` documents (PERSISTED_QUERIES_PER_CALLER,
 *   100: a front end's whole set of operations is a few dozen, and a document registered once
 *   serves every caller) within `ttlSeconds`; the next is refused with RATE_LIMITED and a
 *   Retry-After until its oldest registration is that old. Registering a stored hash again
 *   counts once.
 * - Documents live `ttlSeconds` (PERSISTED_QUERY_TTL_SECONDS, 24 h; it was 7 days), the same
 *   window the quota counts in, so what one caller can have stored at any time is at most
 *   `perCaller × maxBytes` (2 MiB) — however long it keeps trying.
 *
 * The quota is counted where the documents are: in Redis (a sorted set of hashes by time per
 * caller, trimmed and checked in one Lua script, so instances share it) or in memory; while
 * Redis is unreachable the documents are not stored anyway (gateway/cache), and the quota is
 * counted in memory meanwhile.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { Redis } from 'ioredis';
import { graphqlError } from '../../lib/errors.js';
import type { GatewayContext } from '../context.js';
import { callerKey, rateLimitedError } from '../rate-limit/index.js';

export interface PersistedQueryBounds {
  /** How long a registered document is kept, and the window the quota counts in. */
  ttlSeconds: number;
  /** The largest document that may be registered, in UTF-8 bytes. */
  maxBytes: number;
  /** Documents one caller may register within `ttlSeconds`. */
  perCaller: number;
}

export const DEFAULT_PERSISTED_QUERY_BOUNDS: Readonly<PersistedQueryBounds> = {
  ttlSeconds: 24 * 3600,
  maxBytes: 20 * 1024,
  perCaller: 100,
};

/** The settings' names of the bounds (lib/settings.ts). */
export interface PersistedQuerySettings {
  readonly PERSISTED_QUERY_TTL_SECONDS: number;
  readonly PERSISTED_QUERY_MAX_BYTES: number;
  readonly PERSISTED_QUERIES_PER_CALLER: number;
}

export function persistedQueryBoundsFromSettings(settings: PersistedQuerySettings): PersistedQueryBounds {
  return {
    ttlSeconds: settings.PERSISTED_QUERY_TTL_SECONDS,
    maxBytes: settings.PERSISTED_QUERY_MAX_BYTES,
    perCaller: settings.PERSISTED_QUERIES_PER_CALLER,
  };
}

export function resolvePersistedQueryBounds(overrides: Partial<PersistedQueryBounds> = {}): PersistedQueryBounds {
  const bounds = {
    ...DEFAULT_PERSISTED_QUERY_BOUNDS,
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  } as PersistedQueryBounds;
  for (const [name, value] of Object.entries(bounds)) {
    if (!Number.isSafeInteger(value) || value < 1)
      throw new Error(`persisted-query bound ${name} must be a whole number ≥ 1, not ${JSON.stringify(value)}`);
  }
  return bounds;
}

export interface Registration {
  allowed: boolean;
  /** When refused: milliseconds until the caller's oldest registration leaves the window. */
  retryAfterMs: number;
}

export interface RegistrationQuota {
  /** Counts `hash` as registered by `caller` now, unless it registered `limit` others within `windowMs`. */
  register(caller: string, hash: string, limit: number, windowMs: number): Promise<Registration>;
}

/**
 * Registrations in this process's memory: per caller, hashes in the order of their latest
 * registration (a Map keeps insertion order, so the first is the oldest). Callers whose every
 * registration left the window are forgotten by the sweep.
 */
export class MemoryRegistrations implements RegistrationQuota {
  private readonly callers = new Map<string, Map<string, number>>();
  private sinceSweep = 0;
  constructor(
    private readonly now: () => number = Date.now,
    private readonly sweepEvery = 1000,
  ) {}

  async register(caller: string, hash: string, limit: number, windowMs: number): Promise<Registration> {
    const now = this.now();
    if (++this.sinceSweep >= this.sweepEvery) this.sweep(now, windowMs);
    const hashes = this.callers.get(caller) ?? new Map<string, number>();
    for (const [h, at] of hashes) {
      if (at > now - windowMs) break;
      hashes.delete(h);
    }
    if (!hashes.has(hash) && hashes.size >= limit) {
      const oldest = hashes.values().next().value as number;
      return { allowed: false, retryAfterMs: oldest + windowMs - now };
    }
    hashes.delete(hash);
    hashes.set(hash, now);
    this.callers.set(caller, hashes);
    return { allowed: true, retryAfterMs: 0 };
  }

  /** Callers with a registration in the window (for tests: the map stays bounded). */
  get size(): number {
    return this.callers.size;
  }

  private sweep(now: number, windowMs: number): void {
    this.sinceSweep = 0;
    for (const [caller, hashes] of this.callers) {
      const latest = [...hashes.values()].at(-1);
      if (latest === undefined || latest <= now - windowMs) this.callers.delete(caller);
    }
  }
}

/**
 * KEYS[1] the caller's sorted set (hash → time of its latest registration); ARGV[1] the hash,
 * ARGV[2] the limit, ARGV[3] the window in ms. Returns { allowed 1|0, retry-after ms }. The set
 * expires a window after its latest registration.
 */
export const REGISTRATION_LUA = `
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) and redis.call('ZCARD', KEYS[1]) >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, tonumber(oldest[2]) + window - now}
end
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], window)
return {1, 0}
`;

type RegistrationCommand = (key: string, hash: string, limit: number, windowMs: number) => Promise<[number, number]>;

/** Registrations in Redis, shared by every instance; in `fallback` while Redis does not answer. */
export class RedisRegistrations implements RegistrationQuota {
  private readonly command: RegistrationCommand;
  constructor(
    redis: Redis,
    private readonly prefix: string,
    private readonly fallback: RegistrationQuota = new MemoryRegistrations(),
  ) {
    if (!('gatewayRegisterPersistedQuery' in redis))
      redis.defineCommand('gatewayRegisterPersistedQuery', { numberOfKeys: 1, lua: REGISTRATION_LUA });
    this.command = (redis as unknown as { gatewayRegisterPersistedQuery: RegistrationCommand }).gatewayRegisterPersistedQuery.bind(redis);
  }

  async register(caller: string, hash: string, limit: number, windowMs: number): Promise<Registration> {
    try {
      const [allowed, retryAfterMs] = await this.command(`${this.prefix}${caller}`, hash, limit, windowMs);
      return { allowed: allowed === 1, retryAfterMs: Number(retryAfterMs) };
    } catch {
      return this.fallback.register(caller, hash, limit, windowMs);
    }
  }
}

/**
 * Refuses a registration over the bounds before Apollo Server stores it. Why in
 * didResolveOperation: Apollo Server writes the document right after that hook succeeds, and
 * only when the hash matched the text and the document validated (`metrics.persistedQueryRegister`);
 * a refusal there leaves nothing stored. A query sent with a stored hash, or without one, is not
 * a registration and passes untouched.
 */
export function persistedQueryBoundsPlugin(bounds: PersistedQueryBounds, quota: RegistrationQuota): ApolloServerPlugin<GatewayContext> {
  const window = bounds.ttlSeconds % 3600 === 0 ? `${bounds.ttlSeconds / 3600} h` : `${bounds.ttlSeconds} s`;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ metrics, source, queryHash, contextValue }) {
          if (!metrics.persistedQueryRegister || queryHash === undefined) return;
          const bytes = Buffer.byteLength(source ?? '', 'utf8');
          if (bytes > bounds.maxBytes) {
            throw graphqlError(
              'BAD_USER_INPUT',
              `query: a persisted query may be at most ${bounds.maxBytes} bytes, this one is ${bytes}; send it without the persistedQuery extension.`,
              {
                argumentName: 'query',
                http: { status: 400 },
              },
            );
          }
          const { allowed, retryAfterMs } = await quota.register(
            callerKey(contextValue.viewer),
            queryHash,
            bounds.perCaller,
            bounds.ttlSeconds * 1000,
          );
          if (!allowed)
            throw rateLimitedError(
              retryAfterMs,
              `Too many persisted queries: a caller may register ${bounds.perCaller} within ${window}; sent without the persistedQuery extension, the query runs.`,
            );
        },
      };
    },
  };
}

/** Apollo Server's `persistedQueries` option and the plugin that bounds it, over the gateway's cache. */
export function boundedPersistedQueries(shared: { redis: Redis | null; prefix: string }, overrides: Partial<PersistedQueryBounds> = {}) {
  const bounds = resolvePersistedQueryBounds(overrides);
  const quota = shared.redis ? new RedisRegistrations(shared.redis, `${shared.prefix}apq-quota:`) : new MemoryRegistrations();
  return { bounds, options: { ttl: bounds.ttlSeconds }, plugin: persistedQueryBoundsPlugin(bounds, quota) };
}
