/** The persisted-query bounds without a server: the quota in memory, the bounds' defaults and settings. */
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../lib/settings.js';
import { DEFAULT_PERSISTED_QUERY_BOUNDS, MemoryRegistrations, persistedQueryBoundsFromSettings, resolvePersistedQueryBounds } from './index.js';

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
