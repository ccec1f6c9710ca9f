/**
 * Remembers the ids of the signed viewer headers a subgraph has accepted, so each is accepted
 * once: a header captured between the gateway and a subgraph cannot be sent again.
 *
 * Why every id for the same time, counted from its arrival: a header is acceptable only while
 * young (lib/viewer.ts MAX_AGE_SECONDS, plus the clock tolerance), so an id need not be kept
 * longer than that after it was first seen — and with one lifetime for all, the oldest entry is
 * always the first to forget, so forgetting is a walk from the front of an insertion-ordered
 * Map, with no timers and no scans.
 *
 * Why refuse when full rather than forget early: forgetting an id that is still acceptable
 * would reopen replay exactly when someone floods the subgraph. Only headers with a valid
 * signature are remembered, so only the gateway's own traffic fills it: the bound is a rate
 * (maxEntries per window) far above what one process serves.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly maxEntries = 200_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** 'first' the first time `id` is offered within the window (and remembers it); 'seen' after; 'full' when it cannot remember more. */
  use(id: string): 'first' | 'seen' | 'full' {
    const now = this.now();
    for (const [seenId, forgetAt] of this.seen) {
      if (forgetAt > now) break;
      this.seen.delete(seenId);
    }
    if (this.seen.has(id)) return 'seen';
    if (this.seen.size >= this.maxEntries) return 'full';
    this.seen.set(id, now + this.windowMs);
    return 'first';
  }

  get size(): number {
    return this.seen.size;
  }
}
