/** The persisted-query bounds without a server: the quota in memory, the bounds' defaults and settings, and the plugin through Apollo Server's pipeline (plugin-harness.ts). */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readSettings } from '../../lib/settings.js';
import { gatewayContext, runPipeline, viewerOf } from '../plugin-harness.js';
import {
  DEFAULT_PERSISTED_QUERY_BOUNDS,
  MemoryRegistrations,
  persistedQueryBoundsFromSettings,
  persistedQueryBoundsPlugin,
  resolvePersistedQueryBounds,
} from './index.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('MemoryRegistrations', () => {
  it('lets a caller register its quota of documents within the window, then refuses until the oldest is that old', async () => {
    const c = clock();
    const quota = new MemoryRegistrations(c.now);
    for (let i = 0; i < 3; i++) {
      expect(await quota.register('CLIENT:cl-1', `h${i}`, 3, 10_000)).toEqual({ allowed: true, retryAfterMs: 0 });
      c.advance(1000);
    }
    // At 3 s: the oldest (at 0 s) leaves the window at 10 s.
    expect(await quota.register('CLIENT:cl-1', 'h3', 3, 10_000)).toEqual({ allowed: false, retryAfterMs: 7000 });
    // Another caller has its own quota.
    expect((await quota.register('CLIENT:cl-2', 'h3', 3, 10_000)).allowed).toBe(true);
    c.advance(7000);
    expect((await quota.register('CLIENT:cl-1', 'h3', 3, 10_000)).allowed).toBe(true);
    expect((await quota.register('CLIENT:cl-1', 'h4', 3, 10_000)).allowed).toBe(false);
  });

  it('counts a document registered again once, and from its latest registration (when its lifetime starts again)', async () => {
    const c = clock();
    const quota = new MemoryRegistrations(c.now);
    await quota.register('a', 'h0', 2, 10_000);
    c.advance(5000);
    await quota.register('a', 'h1', 2, 10_000);
    for (let i = 0; i < 5; i++) expect((await quota.register('a', 'h1', 2, 10_000)).allowed).toBe(true);
    c.advance(1000);
    // h0 again: still two documents, now h1 (at 5 s) is the oldest.
    expect((await quota.register('a', 'h0', 2, 10_000)).allowed).toBe(true);
    expect(await quota.register('a', 'h2', 2, 10_000)).toEqual({ allowed: false, retryAfterMs: 9000 });
  });

  it('forgets callers whose registrations left the window', async () => {
    const c = clock();
    const quota = new MemoryRegistrations(c.now, 50);
    for (let i = 0; i < 49; i++) await quota.register(`caller-${i}`, 'h', 5, 1000);
    expect(quota.size).toBe(49);
    c.advance(1000);
    await quota.register('late', 'h', 5, 1000);
    expect(quota.size).toBe(1);
  });
});

describe('bounds', () => {
  it('default to 24 h, 20 KiB and 100 documents per caller, from the settings', () => {
    expect(DEFAULT_PERSISTED_QUERY_BOUNDS).toEqual({ ttlSeconds: 86_400, maxBytes: 20_480, perCaller: 100 });
    expect(persistedQueryBoundsFromSettings(readSettings('gateway', {}))).toEqual(DEFAULT_PERSISTED_QUERY_BOUNDS);
    expect(persistedQueryBoundsFromSettings(readSettings('gateway', { PERSISTED_QUERIES_PER_CALLER: '10' })).perCaller).toBe(10);
    expect(() => readSettings('gateway', { PERSISTED_QUERY_MAX_BYTES: '20k' })).toThrow(/PERSISTED_QUERY_MAX_BYTES/);
  });

  it('refuse what is not a whole number ≥ 1', () => {
    expect(resolvePersistedQueryBounds({ perCaller: 5 })).toEqual({ ...DEFAULT_PERSISTED_QUERY_BOUNDS, perCaller: 5 });
    expect(() => resolvePersistedQueryBounds({ maxBytes: 0 })).toThrow(/maxBytes/);
  });
});

describe('persistedQueryBoundsPlugin', () => {
  const register = (query: string) => ({
    query,
    extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } },
  });
  const bounds = resolvePersistedQueryBounds({ maxBytes: 200, perCaller: 2, ttlSeconds: 3600 });

  it('refuses to register a document over the size bound, before it is stored; the same text without the extension runs', async () => {
    const gateway = { plugins: [persistedQueryBoundsPlugin(bounds, new MemoryRegistrations())] };
    const large = `query Large { ${Array.from({ length: 40 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const out = await runPipeline(gateway, register(large));
    expect(out.executed).toBe(false);
    expect(out.status).toBe(400);
    const bytes = Buffer.byteLength(large);
    expect(out.body.errors).toEqual([
      {
        message: `query: a persisted query may be at most 200 bytes, this one is ${bytes}; send it without the persistedQuery extension.`,
        extensions: { code: 'BAD_USER_INPUT', argumentName: 'query' },
      },
    ]);
    expect((await runPipeline(gateway, { query: large })).executed).toBe(true);
  });

  it('refuses a caller’s registrations over its quota with RATE_LIMITED, 429 and Retry-After; another caller’s pass', async () => {
    const gateway = { plugins: [persistedQueryBoundsPlugin(bounds, new MemoryRegistrations())] };
    const caller = gatewayContext(viewerOf('CLIENT', 'cl-1'));
    for (const q of ['{ me { role } }', '{ me { subject } }', '{ me { role } }'])
      expect((await runPipeline(gateway, { ...register(q), context: caller })).status).toBe(200);
    const refused = await runPipeline(gateway, { ...register('{ serviceTypes { code } }'), context: caller });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('3600');
    expect(refused.body.errors).toEqual([
      {
        message:
          'Too many persisted queries: a caller may register 2 within 1 h; sent without the persistedQuery extension, the query runs. Retry after 3600 s.',
        extensions: { code: 'RATE_LIMITED', retryAfter: 3600 },
      },
    ]);
    expect(
      (await runPipeline(gateway, { ...register('{ serviceTypes { code } }'), context: gatewayContext(viewerOf('CLIENT', 'cl-2')) }))
        .status,
    ).toBe(200);
  });
});
