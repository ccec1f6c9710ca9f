/**
 * Per-caller rate limiting: every authenticated request counts against its caller before
 * anything runs; over its rate, HTTP 429 RATE_LIMITED with Retry-After (limiter.ts, over the
 * buckets of gcra.ts).
 */
export {
  DEFAULT_RATE_LIMITS,
  callerKey,
  createRateLimiter,
  rateLimitedError,
  rateLimitsFromSettings,
  retryAfterSeconds,
  type RateLimitOptions,
  type RateLimitSettings,
  type RateLimiter,
} from './limiter.js';
export { GCRA_LUA, MemoryBuckets, RedisBuckets, gcra, type BucketStore, type Decision } from './gcra.js';
