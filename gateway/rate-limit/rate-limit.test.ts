/** The limiter without a server: its arithmetic, its memory store, its answer and its defaults. */
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../lib/settings.js';
import type { Viewer } from '../../lib/viewer.js';
import { DEFAULT_RATE_LIMITS, MemoryBuckets, createRateLimiter, gcra, rateLimitsFromSettings, retryAfterSeconds } from './index.js';

const viewer = (role: Viewer['role'], subject: string): Viewer => ({
  role,
  subject,
  municipalityCode: null,
  providerId: null,
  clientId: null,
});

/** A clock the test moves. */
function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('gcra', () => {
  it('lets a whole window’s allowance through at once, then one per interval', () => {
    let tat: number | undefined;
    const now = 0;
    const allowed: boolean[] = [];
    for (let i = 0; i < 6; i++) {
      const step = gcra(tat, now, 5, 1000);
      allowed.push(step.decision.allowed);
      tat = step.tat;
    }
    expect(allowed).toEqual([true, true, true, true, true, false]);
    // Refused: the next request passes one interval (1000 / 5 ms) later, not a whole window.
    expect(gcra(tat, now, 5, 1000).decision.retryAfterMs).toBeCloseTo(200);
    expect(gcra(tat, 199, 5, 1000).decision.allowed).toBe(false);
    const later = gcra(tat, 200, 5, 1000);
    expect(later.decision.allowed).toBe(true);
    expect(later.decision.remaining).toBe(0);
    expect(gcra(later.tat, 200, 5, 1000).decision.allowed).toBe(false);
  });

  it('counts what remains, and is full again a window after the last request', () => {
    const first = gcra(undefined, 0, 3, 3000);
    expect(first.decision).toEqual({ allowed: true, retryAfterMs: 0, remaining: 2 });
    const second = gcra(first.tat, 0, 3, 3000);
    expect(second.decision.remaining).toBe(1);
    // A window later the bucket is as if new: the whole allowance again.
    expect(gcra(second.tat, 3000, 3, 3000).decision.remaining).toBe(2);
  });

  it('holds for limits that do not divide the window (floating point)', () => {
    for (const limit of [3, 7, 120, 600, 999]) {
      let tat: number | undefined;
      let passed = 0;
      for (let i = 0; i < limit + 5; i++) {
        const step = gcra(tat, 0, limit, 60_000);
        if (step.decision.allowed) passed++;
        tat = step.tat;
      }
      expect(passed, `limit ${limit}`).toBe(limit);
    }
  });
});

describe('MemoryBuckets', () => {
  it('keeps a bucket per key', async () => {
    const c = clock();
    const buckets = new MemoryBuckets(c.now);
    for (let i = 0; i < 2; i++) expect((await buckets.take('a', 2, 1000)).allowed).toBe(true);
    expect((await buckets.take('a', 2, 1000)).allowed).toBe(false);
    expect((await buckets.take('b', 2, 1000)).allowed).toBe(true);
    c.advance(500);
    expect((await buckets.take('a', 2, 1000)).allowed).toBe(true);
  });

  it('forgets full buckets, so it holds only the last window’s callers', async () => {
    const c = clock();
    const buckets = new MemoryBuckets(c.now, 100);
    for (let i = 0; i < 99; i++) await buckets.take(`caller-${i}`, 10, 1000);
    expect(buckets.size).toBe(99);
    c.advance(1000);
    await buckets.take('late', 10, 1000); // the 100th take sweeps
    expect(buckets.size).toBe(1);
  });
});

describe('createRateLimiter', () => {
  it('gives each role its own limit, and each caller its own bucket', async () => {
    const c = clock();
    const limiter = createRateLimiter({ perRole: { CLIENT: 2, PROVIDER: 5 } }, null, new MemoryBuckets(c.now));
    const passes = async (v: Viewer, n: number) => {
      let passed = 0;
      for (let i = 0; i < n; i++)
        await limiter.admit(v).then(
          () => passed++,
          () => undefined,
        );
      return passed;
    };
    expect(await passes(viewer('CLIENT', 'cl-00001'), 10)).toBe(2);
    expect(await passes(viewer('PROVIDER', 'system-pr-0001'), 10)).toBe(5);
    expect(await passes(viewer('CLIENT', 'cl-00002'), 10)).toBe(2);
    // The same subject in another role is another caller.
    expect(await passes(viewer('CASE_WORKER', 'cl-00001'), 3)).toBe(3);
    expect(limiter.limits).toEqual({ ...DEFAULT_RATE_LIMITS, CLIENT: 2, PROVIDER: 5 });
  });

  it('answers RATE_LIMITED with HTTP 429, a Retry-After header and extensions.retryAfter in whole seconds', async () => {
    const c = clock();
    const limiter = createRateLimiter({ perRole: { ANALYST: 1 } }, null, new MemoryBuckets(c.now));
    await limiter.admit(viewer('ANALYST', 'an-1'));
    const error = await limiter.admit(viewer('ANALYST', 'an-1')).then(
      () => null,
      (e: unknown) => e as { message: string; extensions: Record<string, any> },
    );
    expect(error?.extensions.code).toBe('RATE_LIMITED');
    expect(error?.extensions.retryAfter).toBe(60);
    expect(error?.extensions.http.status).toBe(429);
    expect(error?.extensions.http.headers.get('retry-after')).toBe('60');
    expect(error?.message).toMatch(/ANALYST may send 1 per minute.*Retry after 60 s/);
    c.advance(60_000);
    await expect(limiter.admit(viewer('ANALYST', 'an-1'))).resolves.toBeUndefined();
  });

  it('rounds Retry-After up, and never to 0', () => {
    expect([1, 999, 1000, 1001, 59_001].map(retryAfterSeconds)).toEqual([1, 1, 1, 2, 60]);
    expect(retryAfterSeconds(0)).toBe(1);
  });

  it('refuses a limit that is not a whole number ≥ 1', () => {
    expect(() => createRateLimiter({ perRole: { CLIENT: 0 } })).toThrow(/RATE_LIMIT_PER_MINUTE_CLIENT/);
    expect(() => createRateLimiter({ perRole: { ADMIN: 1.5 } })).toThrow(/RATE_LIMIT_PER_MINUTE_ADMIN/);
  });

  it('reads the settings, whose defaults are these (providers poll more than people click)', () => {
    const settings = readSettings('gateway', {});
    expect(rateLimitsFromSettings(settings).perRole).toEqual(DEFAULT_RATE_LIMITS);
    expect(rateLimitsFromSettings(readSettings('gateway', { RATE_LIMIT_PER_MINUTE_PROVIDER: '1200' })).perRole?.PROVIDER).toBe(1200);
    expect(() => readSettings('gateway', { RATE_LIMIT_PER_MINUTE_CLIENT: '60/min' })).toThrow(/RATE_LIMIT_PER_MINUTE_CLIENT/);
    expect(DEFAULT_RATE_LIMITS.PROVIDER).toBeGreaterThan(
      Math.max(DEFAULT_RATE_LIMITS.CLIENT, DEFAULT_RATE_LIMITS.CASE_WORKER, DEFAULT_RATE_LIMITS.ADMIN),
    );
  });
});
