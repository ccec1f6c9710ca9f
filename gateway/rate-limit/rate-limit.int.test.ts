/** The limiter's Redis store (when REDIS_URL is set): shared by instances, atomic, and never a failure. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createGatewayCache } from '../cache/index.js';
import { MemoryBuckets, RedisBuckets } from './index.js';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn('redis: rate-limit store suite skipped (REDIS_URL not set)');

describe.skipIf(!redisUrl)(`redis: rate-limit buckets${redisUrl ? '' : ' (REDIS_URL not set)'}`, () => {
  it('are shared by instances and count concurrent requests exactly', async () => {
    const prefix = `test-${randomUUID()}:`;
    const a = await createGatewayCache(redisUrl, prefix);
    const b = await createGatewayCache(redisUrl, prefix);
    try {
      const [one, two] = [new RedisBuckets(a.redis!, prefix), new RedisBuckets(b.redis!, prefix)];
      // 60 requests at once through two instances against a limit of 20: exactly 20 pass.
      const decisions = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? one : two).take('CLIENT:cl-1', 20, 60_000)));
      expect(decisions.filter((d) => d.allowed)).toHaveLength(20);
      const refused = decisions.find((d) => !d.allowed)!;
      // One interval (60 000 / 20 ms), as Redis's clock has it: a few ms may have passed.
      expect(refused.retryAfterMs).toBeGreaterThan(2900);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(3000);
      expect((await one.take('CLIENT:cl-2', 20, 60_000)).remaining).toBe(19);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('let a caller through again after the Retry-After, and expire when full', async () => {
    const prefix = `test-${randomUUID()}:`;
    const shared = await createGatewayCache(redisUrl, prefix);
    try {
      const buckets = new RedisBuckets(shared.redis!, prefix);
      for (let i = 0; i < 3; i++) expect((await buckets.take('k', 3, 600)).allowed).toBe(true);
      const refused = await buckets.take('k', 3, 600);
      expect(refused.allowed).toBe(false);
      await new Promise((r) => setTimeout(r, refused.retryAfterMs + 5));
      expect((await buckets.take('k', 3, 600)).allowed).toBe(true);
      expect(await shared.redis!.pttl(`${prefix}k`)).toBeLessThanOrEqual(600);
      await new Promise((r) => setTimeout(r, 650));
      expect(await shared.redis!.exists(`${prefix}k`)).toBe(0);
    } finally {
      await shared.close();
    }
  });

  it('count in memory while Redis does not answer, rather than fail or let everything through', async () => {
    const prefix = `test-${randomUUID()}:`;
    const shared = await createGatewayCache(redisUrl, prefix);
    const buckets = new RedisBuckets(shared.redis!, prefix, new MemoryBuckets());
    await shared.close();
    const decisions = [];
    for (let i = 0; i < 5; i++) decisions.push(await buckets.take('k', 3, 60_000));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false, false]);
  });
});
