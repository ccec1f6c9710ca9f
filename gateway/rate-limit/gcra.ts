/**
 * The limiter's arithmetic and its two stores: GCRA (the generic cell rate algorithm, a token
 * bucket kept as one number per caller) in memory and in Redis.
 *
 * Why GCRA: one value per caller (the "theoretical arrival time" of its next request), updated
 * in one step, so Redis does it atomically in a short Lua script; a caller may send its whole
 * window's allowance at once (a screen that loads a few queries together) and then one request
 * per `window / limit`, never the double burst a fixed window allows at its edges; and the
 * time until the next request would pass — the Retry-After — falls out of it exactly.
 *
 * Why Redis keeps time (TIME in the script): every gateway instance counts against the same
 * clock, whatever the instances' own clocks say.
 */
import type { Redis } from 'ioredis';

export interface Decision {
  allowed: boolean;
  /** When refused: milliseconds until one request would pass. 0 when allowed. */
  retryAfterMs: number;
  /** When allowed: requests the caller may still send at once. */
  remaining: number;
}

export interface BucketStore {
  /** Counts one request of `key` against `limit` requests per `windowMs`. */
  take(key: string, limit: number, windowMs: number): Promise<Decision>;
}

// Floating-point slack: `limit` intervals add up to the window give or take a rounding.
const EPSILON = 1e-6;

/**
 * One request at `now` against a bucket whose next request was due at `tat` (absent: a full
 * bucket): the decision and the bucket's new due time. Pure, so the memory store and the unit
 * tests share it; the Lua below is the same arithmetic.
 */
export function gcra(tat: number | undefined, now: number, limit: number, windowMs: number): { decision: Decision; tat: number } {
  const interval = windowMs / limit;
  // How far ahead of now a bucket may run: a whole window's allowance, less the request at hand.
  const tolerance = windowMs - interval;
  const due = Math.max(tat ?? now, now);
  if (due - now > tolerance + EPSILON) return { decision: { allowed: false, retryAfterMs: due - now - tolerance, remaining: 0 }, tat: due };
  const next = due + interval;
  return {
    decision: { allowed: true, retryAfterMs: 0, remaining: Math.max(0, Math.floor((windowMs - (next - now)) / interval + EPSILON)) },
    tat: next,
  };
}

/**
 * Buckets in this process's memory: without Redis, and while Redis is unreachable. A bucket
 * whose due time has passed is full, the same as absent, so the sweep that keeps the map small
 * forgets exactly those: it holds only the callers of the last window.
 */
export class MemoryBuckets implements BucketStore {
  private readonly buckets = new Map<string, number>();
  private sinceSweep = 0;
  constructor(
    private readonly now: () => number = Date.now,
    private readonly sweepEvery = 1000,
  ) {}

  async take(key: string, limit: number, windowMs: number): Promise<Decision> {
    const now = this.now();
    if (++this.sinceSweep >= this.sweepEvery) this.sweep(now);
    const { decision, tat } = gcra(this.buckets.get(key), now, limit, windowMs);
    this.buckets.set(key, tat);
    return decision;
  }

  /** Callers with a bucket that is not full (for tests: the map stays bounded). */
  get size(): number {
    return this.buckets.size;
  }

  sweep(now = this.now()): void {
    this.sinceSweep = 0;
    for (const [key, tat] of this.buckets) if (tat <= now) this.buckets.delete(key);
  }
}

/**
 * KEYS[1] the caller's bucket; ARGV[1] requests per window, ARGV[2] the window in ms. Returns
 * { allowed 1|0, retry-after ms (a string: Redis would truncate a Lua number), remaining }.
 * The key expires when the bucket is full again, so an idle caller costs nothing.
 */
export const GCRA_LUA = `
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local interval = window / limit
local tolerance = window - interval
local due = tonumber(redis.call('GET', KEYS[1])) or now
if due < now then due = now end
if due - now > tolerance + ${EPSILON} then
  return {0, string.format('%.3f', due - now - tolerance), 0}
end
local nextDue = due + interval
redis.call('SET', KEYS[1], string.format('%.3f', nextDue), 'PX', math.max(1, math.ceil(nextDue - now)))
return {1, '0', math.max(0, math.floor((window - (nextDue - now)) / interval + ${EPSILON}))}
`;

type GcraCommand = (key: string, limit: number, windowMs: number) => Promise<[number, string, number]>;

/**
 * Buckets in Redis, shared by every gateway instance. When Redis does not answer (the cache's
 * connection reports the outage, once: gateway/cache), each request is counted in `fallback`
 * instead — per instance, so looser by the number of instances, but never unlimited and never
 * a failed request.
 */
export class RedisBuckets implements BucketStore {
  private readonly command: GcraCommand;
  constructor(
    redis: Redis,
    private readonly prefix: string,
    private readonly fallback: BucketStore = new MemoryBuckets(),
  ) {
    // defineCommand sends the script once (EVALSHA after), and again if Redis forgot it.
    if (!('gatewayRateLimit' in redis)) redis.defineCommand('gatewayRateLimit', { numberOfKeys: 1, lua: GCRA_LUA });
    this.command = (redis as unknown as { gatewayRateLimit: GcraCommand }).gatewayRateLimit.bind(redis);
  }

  async take(key: string, limit: number, windowMs: number): Promise<Decision> {
    try {
      const [allowed, retryAfterMs, remaining] = await this.command(`${this.prefix}${key}`, limit, windowMs);
      return { allowed: allowed === 1, retryAfterMs: Number(retryAfterMs), remaining: Number(remaining) };
    } catch {
      return this.fallback.take(key, limit, windowMs);
    }
  }
}
