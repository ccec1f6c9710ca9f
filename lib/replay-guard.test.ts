import { describe, expect, it } from 'vitest';
import { ReplayGuard } from './replay-guard.js';

describe('ReplayGuard', () => {
  it('takes an id once within its window, and again once the window has passed', () => {
    let now = 0;
    const guard = new ReplayGuard(40_000, 10, () => now);
    expect(guard.use('a')).toBe('first');
    expect(guard.use('a')).toBe('seen');
    now = 39_999;
    expect(guard.use('a')).toBe('seen');
    now = 40_000;
    expect(guard.use('a')).toBe('first');
  });

  it('forgets the oldest first, and refuses rather than forget early when full', () => {
    let now = 0;
    const guard = new ReplayGuard(1000, 3, () => now);
    for (const id of ['a', 'b', 'c']) expect(guard.use(id)).toBe('first');
    expect(guard.use('d')).toBe('full');
    expect(guard.use('a')).toBe('seen');
    now = 1000;
    expect(guard.use('d')).toBe('first');
    expect(guard.size).toBe(1);
  });
});
