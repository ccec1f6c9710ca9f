/**
 * Fairness for heavy reads: how many spending reports run at once, per party.
 *
 * Why: a report makes the voucher system aggregate months of deliveries and this subgraph work
 * out its suppression — real CPU in both, which every other request waits behind. Without a
 * bound, ten analysts' reports (or one analyst's ten tabs) hold the system while a case worker's
 * shared plan waits. So each caller (role and subject) runs one report at a time with one more
 * waiting, each role runs `perRole` at a time with `queuePerRole` waiting, and anything beyond
 * is refused at once with RATE_LIMITED and a retryAfter — the party sees why, and nobody else
 * waits. Other reads never pass through here: they are not held back by reports at all.
 *
 * cockatiel's bulkhead does the counting; a waiting report whose caller has gone (its signal
 * aborts) is dropped when its turn comes instead of running.
 */
import { bulkhead, isBulkheadRejectedError, type BulkheadPolicy } from 'cockatiel';
import { graphqlError } from '../../lib/errors.js';
import type { Viewer } from '../../lib/viewer.js';

export interface ReportGateOptions {
  /** Reports of one role running at once (REPORT_CONCURRENCY_PER_ROLE). */
  perRole: number;
  /** Reports of one role waiting for a turn (REPORT_QUEUE_PER_ROLE). */
  queuePerRole: number;
}

export const DEFAULT_REPORT_GATE: ReportGateOptions = { perRole: 2, queuePerRole: 4 };

export interface ReportGate {
  /** Runs `work` when the viewer's turn comes; RATE_LIMITED when the viewer or its role has too many in hand. */
  run<T>(viewer: Viewer, signal: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T>;
}

/** One running and one waiting per caller: more from the same caller only crowds out the others. */
const PER_CALLER = { running: 1, waiting: 1 };

export function createReportGate(options: ReportGateOptions = DEFAULT_REPORT_GATE): ReportGate {
  const roles = new Map<string, BulkheadPolicy>();
  const callers = new Map<string, { policy: BulkheadPolicy; inHand: number }>();
  // Recent report durations, for a retryAfter that says how long a turn takes.
  let averageMs = 1000;

  const refused = (who: string) => {
    const seconds = Math.max(1, Math.ceil(averageMs / 1000));
    return graphqlError('RATE_LIMITED', `Too many spending reports at once for ${who}; retry after ${seconds} s.`, { retryAfter: seconds });
  };

  return {
    async run(viewer, signal, work) {
      const role = roles.get(viewer.role) ?? roles.set(viewer.role, bulkhead(options.perRole, options.queuePerRole)).get(viewer.role)!;
      const key = `${viewer.role}:${viewer.subject}`;
      // A caller's bulkhead lives while it has reports in hand, so the map holds active callers only.
      const caller =
        callers.get(key) ?? callers.set(key, { policy: bulkhead(PER_CALLER.running, PER_CALLER.waiting), inHand: 0 }).get(key)!;
      const inRole = async () => {
        try {
          return await role.execute(async ({ signal: turn }) => {
            const started = performance.now();
            try {
              return await work(turn);
            } finally {
              averageMs = 0.8 * averageMs + 0.2 * (performance.now() - started);
            }
          }, signal);
        } catch (error) {
          throw isBulkheadRejectedError(error) ? refused(`role ${viewer.role}`) : error;
        }
      };
      caller.inHand++;
      try {
        return await caller.policy.execute(inRole, signal);
      } catch (error) {
        throw isBulkheadRejectedError(error) ? refused('this caller') : error;
      } finally {
        if (--caller.inHand === 0) callers.delete(key);
      }
    },
  };
}
