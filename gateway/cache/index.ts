/**
 * The gateway's shared key-value cache: Redis (ioredis) when REDIS_URL is set, an in-memory
 * LRU otherwise. Apollo Server keeps automatic persisted queries in it, so a query registered
 * on one gateway instance is known to every instance behind the load balancer.
 *
 * Why errors are misses: a cache that is down must slow requests, never fail them.
 */
import { ErrorsAreMissesCache, InMemoryLRUCache, PrefixingKeyValueCache, type KeyValueCache, type KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { Redis } from 'ioredis';

class RedisKeyValueCache implements KeyValueCache<string> {
  constructor(private readonly redis: Redis) {}
  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(key)) ?? undefined;
  }
  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    if (options?.ttl) await this.redis.set(key, value, 'EX', Math.ceil(options.ttl));
    else await this.redis.set(key, value);
  }
  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(key)) > 0;
  }
}

export interface GatewayCache {
  cache: KeyValueCache<string>;
  kind: 'redis' | 'memory';
  close(): Promise<void>;
}

export async function createGatewayCache(redisUrl?: string | null, prefix = 'client-plan-graph:'): Promise<GatewayCache> {
  if (!redisUrl) {
    return { cache: new InMemoryLRUCache<string>({ maxSize: 16 * 1024 * 1024 }), kind: 'memory', close: async () => undefined };
  }
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000, enableOfflineQueue: false });
  // Fail at start-up when Redis is configured but unreachable: a misconfiguration, not a fault.
  await redis.connect();
  await redis.ping();
  return {
    cache: new ErrorsAreMissesCache(new PrefixingKeyValueCache(new RedisKeyValueCache(redis), prefix)),
    kind: 'redis',
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
