/** The shared cache, in memory and (when REDIS_URL is set) in Redis, and the persisted-query quota kept in it. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RedisRegistrations, createGatewayCache } from './index.js';
import { startTcpRelay } from '../../test/support/tcp-relay.js';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn('redis: gateway cache suite skipped (REDIS_URL not set)');

describe('in-memory cache', () => {
  it('stores, reads and deletes', async () => {
    const { cache, kind } = await createGatewayCache(null);
    expect(kind).toBe('memory');
    await cache.set('a', '1');
    expect(await cache.get('a')).toBe('1');
    await cache.delete('a');
    expect(await cache.get('a')).toBeUndefined();
  });
});

describe.skipIf(!redisUrl)(`redis: gateway cache${redisUrl ? '' : ' (REDIS_URL not set)'}`, () => {
  it('shares entries between instances, with expiry', async () => {
    const prefix = `test-${randomUUID()}:`;
    const a = await createGatewayCache(redisUrl, prefix);
    const b = await createGatewayCache(redisUrl, prefix);
    try {
      expect(a.kind).toBe('redis');
      await a.cache.set('query', 'body', { ttl: 1 });
      expect(await b.cache.get('query')).toBe('body');
      await new Promise((r) => setTimeout(r, 1100));
      expect(await b.cache.get('query')).toBeUndefined();
      await a.cache.set('x', 'y');
      expect(await b.cache.delete('x')).toBe(true);
      expect(await a.cache.get('x')).toBeUndefined();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('keeps instances with other prefixes apart', async () => {
    const a = await createGatewayCache(redisUrl, `test-${randomUUID()}:`);
    const b = await createGatewayCache(redisUrl, `test-${randomUUID()}:`);
    try {
      await a.cache.set('k', 'a');
      expect(await b.cache.get('k')).toBeUndefined();
      await a.cache.delete('k');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('turns a lost connection into misses, not failures', async () => {
    const a = await createGatewayCache(redisUrl, `test-${randomUUID()}:`);
    await a.close();
    expect(await a.cache.get('anything')).toBeUndefined();
  });

  it('refuses to start when Redis is configured but unreachable', async () => {
    await expect(createGatewayCache('redis://127.0.0.1:1')).rejects.toThrow();
  });
});

describe.skipIf(!redisUrl)(`redis: an outage${redisUrl ? '' : ' (REDIS_URL not set)'}`, () => {
  const relay = (port = 0) => startTcpRelay(redisUrl!, port);

  it('is one warning when Redis goes and one line when it is back; requests never fail meanwhile', async () => {
    const lines: { level: string; msg: string }[] = [];
    const log = {
      warn: (_o: unknown, msg?: string) => void lines.push({ level: 'warn', msg: String(msg) }),
      info: (msg: unknown) => void lines.push({ level: 'info', msg: String(msg) }),
    };
    const stderr: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    const consoleError = console.error;
    process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => (
      stderr.push(String(chunk)),
      write(chunk as string, ...(rest as []))
    )) as typeof process.stderr.write;
    console.error = (...args: unknown[]) => void stderr.push(args.map(String).join(' '));
    let link = await relay();
    const shared = await createGatewayCache(`redis://127.0.0.1:${link.port}`, `test-${randomUUID()}:`, log as never);
    try {
      await shared.cache.set('k', 'v');
      expect(await shared.cache.get('k')).toBe('v');
      await shared.check();

      await link.cut();
      // Requests go on while it is down (ioredis retries many times meanwhile): misses, no failures.
      const until = Date.now() + 1_500;
      while (Date.now() < until) {
        expect(await shared.cache.get('k')).toBeUndefined();
        await shared.cache.set('k2', 'v2');
        await shared.cache.delete('k2');
        await new Promise((r) => setTimeout(r, 50));
      }
      await expect(shared.check(200)).rejects.toThrow();

      link = await relay(link.port);
      const back = Date.now() + 10_000;
      while ((await shared.cache.get('k')) !== 'v' && Date.now() < back) await new Promise((r) => setTimeout(r, 100));
      expect(await shared.cache.get('k')).toBe('v');
      await shared.check();
    } finally {
      await shared.close();
      await link.cut();
      process.stderr.write = write;
      console.error = consoleError;
    }
    expect(lines.map((l) => l.level)).toEqual(['warn', 'info']);
    expect(lines[0]!.msg).toMatch(/Redis is unavailable/);
    expect(lines[1]!.msg).toMatch(/Redis is back/);
    expect(stderr.join('')).not.toMatch(/Unhandled error event|ECONNREFUSED| {4}at /);
  }, 30_000);
});

describe.skipIf(!redisUrl)(`redis: persisted-query quota${redisUrl ? '' : ' (REDIS_URL not set)'}`, () => {
  it('is one per caller, shared by instances, and counts a document registered again once', async () => {
    const prefix = `test-${randomUUID()}:`;
    const a = await createGatewayCache(redisUrl, prefix);
    const b = await createGatewayCache(redisUrl, prefix);
    try {
      const [one, two] = [new RedisRegistrations(a.redis!, prefix), new RedisRegistrations(b.redis!, prefix)];
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => (i % 2 ? one : two).register('CLIENT:cl-1', `h${i}`, 5, 60_000)),
      );
      expect(results.filter((r) => r.allowed)).toHaveLength(5);
      const refused = results.find((r) => !r.allowed)!;
      expect(refused.retryAfterMs).toBeGreaterThan(59_000);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
      const registered = results.map((r, i) => (r.allowed ? `h${i}` : null)).filter((h): h is string => h !== null);
      // Registering a counted document again passes, and does not count twice.
      for (const h of registered) expect((await one.register('CLIENT:cl-1', h, 5, 60_000)).allowed).toBe(true);
      expect((await two.register('CLIENT:cl-1', 'another', 5, 60_000)).allowed).toBe(false);
      expect((await two.register('CLIENT:cl-2', 'another', 5, 60_000)).allowed).toBe(true);
      // The set lives as long as the window, no longer.
      expect(await a.redis!.pttl(`${prefix}CLIENT:cl-1`)).toBeLessThanOrEqual(60_000);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('lets a caller register again once its oldest document is a window old', async () => {
    const prefix = `test-${randomUUID()}:`;
    const shared = await createGatewayCache(redisUrl, prefix);
    try {
      const quota = new RedisRegistrations(shared.redis!, prefix);
      expect((await quota.register('c', 'h0', 1, 300)).allowed).toBe(true);
      const refused = await quota.register('c', 'h1', 1, 300);
      expect(refused.allowed).toBe(false);
      await new Promise((r) => setTimeout(r, refused.retryAfterMs + 5));
      expect((await quota.register('c', 'h1', 1, 300)).allowed).toBe(true);
    } finally {
      await shared.close();
    }
  });
});
