/**
 * The gateway's shared cache: Redis when REDIS_URL is set, in memory otherwise (store.ts), and
 * the bounds on the automatic persisted queries Apollo Server keeps in it (persisted-queries.ts).
 */
export { createGatewayCache, type GatewayCache } from './store.js';
export {
  DEFAULT_PERSISTED_QUERY_BOUNDS,
  MemoryRegistrations,
  REGISTRATION_LUA,
  RedisRegistrations,
  boundedPersistedQueries,
  persistedQueryBoundsFromSettings,
  persistedQueryBoundsPlugin,
  resolvePersistedQueryBounds,
  type PersistedQueryBounds,
  type PersistedQuerySettings,
  type Registration,
  type RegistrationQuota,
} from './persisted-queries.js';
