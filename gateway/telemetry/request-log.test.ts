/** The outcome of an operation's log line (gateway/telemetry/request-log.ts). */
import { describe, expect, it } from 'vitest';
import { outcomeOf } from './index.js';

describe('outcome', () => {
  it('is ok without errors, refused for the caller’s errors, error for ours', () => {
    expect(outcomeOf([], 200)).toBe('ok');
    expect(outcomeOf(['FORBIDDEN'], 200)).toBe('refused');
    expect(outcomeOf(['UNAUTHENTICATED'], 401)).toBe('refused');
    expect(outcomeOf(['BAD_USER_INPUT'], 413)).toBe('refused');
    expect(outcomeOf(['RATE_LIMITED'], 429)).toBe('refused');
    expect(outcomeOf(['NOT_FOUND', 'BUDGET_EXCEEDED'], 200)).toBe('refused');
    expect(outcomeOf([], 404)).toBe('refused');
    // Ours: a system down (even beside a refusal), an unknown code, a 5xx.
    expect(outcomeOf(['FORBIDDEN', 'UPSTREAM_UNAVAILABLE'], 200)).toBe('error');
    expect(outcomeOf(['INTERNAL_SERVER_ERROR'], 500)).toBe('error');
    expect(outcomeOf([], 503)).toBe('error');
  });
});
