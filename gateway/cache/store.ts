/**
 * The gateway's shared key-value cache: Redis (ioredis) when REDIS_URL is set, an in-memory
 * LRU otherwise. Apollo Server keeps automatic persisted queries in it, so a query registered
 * on one gateway instance is known to every instance behind the load balancer; what a caller
 * may register is bounded (persisted-queries.ts). The same connection keeps the per-caller
 * rate limits (gateway/rate-limit).
 *
 * Why every key has a lifetime, and the Redis should run with `maxmemory` and
 * `maxmemory-policy volatile-lru`: what the gateway keeps is re-creatable (a persisted query is
 * registered again by its next caller; a rate-limit bucket starts full), so under memory
 * pressure Redis may evict it, and no caller can make it evict much of anyone else's, since each
 * holds at most its quota. With Redis's default `noeviction`, a full Redis refuses every write:
 * no instance could store anyone's queries.
 *
 * Why errors are misses (and failed writes are dropped): a cache that is down must slow
 * requests, never fail them. And why one warning: ioredis reports every failed reconnect as an
 * `error` event (every 50 ms–2 s) — unheard, each one is a stack trace on stderr — and every
 * request would add its own failed write. An outage is one warning when Redis goes and one
 * line when it is back; readiness (gateway/health) says whether it is up meanwhile.
 */
import {
  ErrorsAreMissesCache,
  InMemoryLRUCache,
  PrefixingKeyValueCache,
  type KeyValueCache,
  type KeyValueCacheSetOptions,
} from '@apollo/utils.keyvaluecache';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createLogger } from '../../lib/log.js';

class RedisKeyValueCache implements KeyValueCache<string> {
  constructor(private readonly redis: Redis) {}
  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(key)) ?? undefined;
  }
  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    // A write that fails is a write that did not happen: the next request writes it again.
    try {
      if (options?.ttl) await this.redis.set(key, value, 'EX', Math.ceil(options.ttl));
      else await this.redis.set(key, value);
    } catch {
      // Reported once per outage by the connection's own events (createGatewayCache).
    }
  }
  async delete(key: string): Promise<boolean> {
    try {
      return (await this.redis.del(key)) > 0;
    } catch {
      return false;
    }
  }
}

export interface GatewayCache {
  cache: KeyValueCache<string>;
  kind: 'redis' | 'memory';
  /** The connection, for the gateway's other shared state (rate limits, persisted-query quotas); null in memory. */
  redis: Redis | null;
  /** Every key of this gateway's starts with it. */
  prefix: string;
  /** Resolves when the cache answers (Redis: PING within `timeoutMs`); rejects otherwise. */
  check(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function createGatewayCache(
  redisUrl?: string | null,
  prefix = 'client-plan-graph:',
  log: Pick<Logger, 'warn' | 'info'> = createLogger('gateway-cache'),
): Promise<GatewayCache> {
  if (!redisUrl) {
    return {
      cache: new InMemoryLRUCache<string>({ maxSize: 16 * 1024 * 1024 }),
      kind: 'memory',
      redis: null,
      prefix,
      check: async () => undefined,
      close: async () => undefined,
    };
  }
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000, enableOfflineQueue: false });
  let up = true;
  // Until connected, a failure is the start-up's to report (it throws); after close, expected.
  let quiet = true;
  const wentDown = (reason: string) => {
    if (!up || quiet) return;
    up = false;
    // The reason is ioredis' message (ECONNREFUSED host:port, a timeout): for the operator's log only.
    log.warn({ reason }, 'Redis is unavailable: persisted queries are not shared until it is back (requests go on)');
  };
  redis.on('error', (error: Error) => wentDown(error.message));
  redis.on('close', () => wentDown('connection closed'));
  redis.on('ready', () => {
    if (up) return;
    up = true;
    log.info('Redis is back: persisted queries are shared again');
  });
  // Fail at start-up when Redis is configured but unreachable: a misconfiguration, not a fault.
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  quiet = false;
  return {
    cache: new ErrorsAreMissesCache(new PrefixingKeyValueCache(new RedisKeyValueCache(redis), prefix)),
    kind: 'redis',
    redis,
    prefix,
    async check(timeoutMs = 1000) {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          redis.ping(),
          new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('Redis did not answer in time')), timeoutMs))),
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: async () => {
      quiet = true;
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
