/**
 * The HTTP policy every system client uses (the FHIR client, the voucher client): a bounded
 * time per attempt — headers AND body —, retries with jitter only for safe reads (GET/HEAD) on
 * transient failures, a circuit breaker per system, and a single error type (UpstreamError)
 * that resolvers turn into UPSTREAM_UNAVAILABLE with the system's name.
 *
 * Why in one place: principle 6 — a failing system fails only its fields, within a bounded
 * time — must hold the same for every client of every system.
 *
 * Why a circuit breaker (cockatiel): while a system is down, every request would otherwise wait
 * for its own timeouts and retries, and pile load on a system trying to come back. After
 * `breakerThreshold` consecutive failed calls the circuit opens: calls fail at once for
 * `halfOpenMs`, then one trial call decides whether it closes again. A 503 or 429 with
 * `Retry-After` is the system saying when to come back: a read's retry waits at least that
 * long (or is not made when it is longer than a read may wait), and a circuit opened on it
 * stays open at least that long (bounded). The breaker is per system and base URL and
 * shared by every client of it in the process, so readiness and metrics can report it.
 *
 * Why the body is read here: a body that trickles in or is cut mid-way must fail within the
 * same bound as a missing answer, and a 2xx whose body is not JSON (an HTML error page from a
 * proxy, a truncated document) is the system failing, not our bug — UpstreamError, never an
 * INTERNAL_SERVER_ERROR with a parser's message.
 */
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ConstantBackoff,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type CircuitBreakerPolicy,
  type FailureReason,
  type IBackoff,
  type IBackoffFactory,
  type IHalfOpenAfterBackoffContext,
  type IRetryBackoffContext,
} from 'cockatiel';
import { Counter, Gauge, type Registry } from 'prom-client';
import { UpstreamError, type SystemName } from './errors.js';
import { UPSTREAM_SETTINGS, validate } from './settings.js';

/** How a system client calls a system: its time per attempt, retries of safe reads and circuit breaker. */
export interface RetryPolicy {
  /** Time for one attempt, headers and body. */
  timeoutMs: number;
  /** Extra attempts for safe reads. */
  retries: number;
  /** First wait before a retry (grows exponentially, with decorrelated jitter). */
  backoffMs: number;
  /** Consecutive failed calls that open the circuit (default 5). */
  breakerThreshold?: number;
  /** How long an open circuit fails fast before a trial call (default 5000 ms). */
  halfOpenMs?: number;
  /** Longest Retry-After honoured, in ms (default 60 000): a system cannot switch us off for longer. */
  maxRetryAfterMs?: number;
  /** Longest Retry-After a read waits out to retry (default 1000 ms); a longer one fails the read at once. */
  maxRetryWaitMs?: number;
  /** Largest body accepted (default 32 MiB): more is a failing system, not data. */
  maxBodyBytes?: number;
}

const DEFAULTS = { breakerThreshold: 5, halfOpenMs: 5_000, maxRetryAfterMs: 60_000, maxRetryWaitMs: 1_000, maxBodyBytes: 32 * 1024 * 1024 };

/** The policy from the environment (lib/settings.ts); a malformed value stops the start with a clear message. */
export function policyFromEnv(env: NodeJS.ProcessEnv = process.env): RetryPolicy {
  const s = validate(UPSTREAM_SETTINGS, env);
  return {
    timeoutMs: s.UPSTREAM_TIMEOUT_MS,
    retries: s.UPSTREAM_RETRIES,
    backoffMs: s.UPSTREAM_BACKOFF_MS,
    breakerThreshold: s.UPSTREAM_BREAKER_THRESHOLD,
    halfOpenMs: s.UPSTREAM_BREAKER_HALF_OPEN_MS,
  };
}

/** Statuses that mean "the system is failing" (not "your request is wrong"). */
const TRANSIENT = new Set([502, 503, 504]);
const JSON_TYPE = /^application\/([a-z.+-]*\+)?json\b/i;

/**
 * A fully read answer whose JSON was parsed once here: `json()` hands back that parse, so the
 * check that the body is JSON costs no second parse in the client.
 */
class ParsedResponse extends Response {
  constructor(
    body: Uint8Array<ArrayBuffer> | null,
    init: ResponseInit,
    private readonly parsed: unknown,
  ) {
    super(body, init);
  }
  override async json(): Promise<any> {
    if (!this.bodyUsed) void this.body?.cancel().catch(() => undefined);
    return this.parsed;
  }
}

/** The caller gave up (its own signal): not the system's failure, so the breaker does not count it. */
class CallerAborted extends Error {}

/** A failure of one attempt that a retry or the breaker should count. */
class AttemptFailure extends Error {
  constructor(
    reason: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(reason);
  }
}

// ---- breakers, one per system and base URL ----------------------------------------------------

export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';
const STATE_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

interface Breaker {
  system: SystemName;
  origin: string;
  policy: CircuitBreakerPolicy;
}

const retryAfterOf = (result: FailureReason<unknown>): number =>
  'error' in result && result.error instanceof AttemptFailure ? (result.error.retryAfterMs ?? 0) : 0;

/**
 * A backoff that waits at least what the system's Retry-After asked: the retry of a read, and
 * how long an opened circuit stays open.
 */
function atLeastRetryAfter<C extends { result: FailureReason<unknown> }>(base: IBackoffFactory<C>): IBackoffFactory<C> {
  const wrapped = (b: IBackoff<C>, context: C): IBackoff<C> => ({
    duration: Math.max(b.duration, retryAfterOf(context.result)),
    next: (next: C) => wrapped(b.next(next), next),
  });
  return { next: (context: C) => wrapped(base.next(context), context) };
}

const breakers = new Map<string, Breaker>();

function breakerFor(system: SystemName, origin: string, policy: RetryPolicy): Breaker {
  const key = `${system} ${origin}`;
  let b = breakers.get(key);
  if (!b) {
    b = {
      system,
      origin,
      policy: circuitBreaker(
        handleWhen((e) => e instanceof AttemptFailure),
        {
          halfOpenAfter: atLeastRetryAfter<IHalfOpenAfterBackoffContext>(new ConstantBackoff(policy.halfOpenMs ?? DEFAULTS.halfOpenMs)),
          breaker: new ConsecutiveBreaker(policy.breakerThreshold ?? DEFAULTS.breakerThreshold),
        },
      ),
    };
    breakers.set(key, b);
  }
  return b;
}

/** Every system breaker in this process and its state (for readiness and metrics; no URLs). */
export function breakerStates(): { system: SystemName; state: BreakerState }[] {
  const worst = new Map<SystemName, BreakerState>();
  const rank: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2, isolated: 3 };
  for (const b of breakers.values()) {
    const state = STATE_NAMES[b.policy.state];
    const seen = worst.get(b.system);
    if (!seen || rank[state] > rank[seen]) worst.set(b.system, state);
  }
  return [...worst].map(([system, state]) => ({ system, state }));
}

/** Listens to every breaker's state changes, present and future (metrics). */
const stateListeners = new Set<(system: SystemName, state: BreakerState) => void>();
export function onBreakerStateChange(listener: (system: SystemName, state: BreakerState) => void): () => void {
  stateListeners.add(listener);
  return () => stateListeners.delete(listener);
}
function notify(b: Breaker): void {
  for (const l of stateListeners) l(b.system, STATE_NAMES[b.policy.state]);
}

/** Retry-After as milliseconds (seconds or an HTTP date), bounded; null when absent or malformed. */
export function retryAfterMs(value: string | null, max: number): number | null {
  if (!value) return null;
  const seconds = /^\s*\d+\s*$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  if (!Number.isFinite(seconds)) return null;
  return Math.min(Math.max(seconds, 0), max);
}

// ---- one attempt ------------------------------------------------------------------------------

/** Reads the whole body within the attempt's signal and the size bound. */
async function readBody(response: Response, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw new AttemptFailure(`a body of ${declared} bytes`);
  if (!response.body) return new Uint8Array(new ArrayBuffer(0));
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new AttemptFailure(`a body over ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return body;
}

/**
 * A fetch for a system client (it fits openapi-fetch's `fetch` option too). Non-transient HTTP
 * errors (4xx, 500) are returned for the client to read — they are answers about the request;
 * transient ones, network failures, timeouts and garbage bodies are retried for GET/HEAD and
 * end as UpstreamError. Bodies come back fully read (the Response holds them in memory).
 */
export function upstreamFetch(
  system: SystemName,
  policy: RetryPolicy,
): (input: Request | string | URL, init?: RequestInit) => Promise<Response> {
  const maxBody = policy.maxBodyBytes ?? DEFAULTS.maxBodyBytes;
  const maxRetryAfter = policy.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs;
  const maxRetryWait = policy.maxRetryWaitMs ?? DEFAULTS.maxRetryWaitMs;
  const perAttempt = timeout(policy.timeoutMs, TimeoutStrategy.Aggressive);
  // Retried: failures of the system and timeouts — after at least the Retry-After the system
  // asked for, and not at all when it asked for longer than a read may wait.
  const retryable = handleWhen(
    (e) => (e instanceof AttemptFailure && (e.retryAfterMs ?? 0) <= maxRetryWait) || e instanceof TaskCancelledError,
  );
  const backoff = atLeastRetryAfter<IRetryBackoffContext<unknown>>(
    new ExponentialBackoff({ initialDelay: policy.backoffMs, maxDelay: Math.max(policy.backoffMs * 8, 1000) }),
  );

  return async (input, init) => {
    const request = new Request(input, init);
    const safe = request.method === 'GET' || request.method === 'HEAD';
    const breaker = breakerFor(system, new URL(request.url).origin, policy);
    const stateBefore = breaker.policy.state;

    const attempt = async ({ signal }: { signal: AbortSignal }): Promise<Response> => {
      let response: Response;
      try {
        response = await fetch(request.clone(), { signal });
      } catch (error) {
        if (signal.aborted) throw error; // the timeout: cockatiel turns it into TaskCancelledError
        throw new AttemptFailure((error as Error).message.slice(0, 120));
      }
      if (TRANSIENT.has(response.status) || response.status === 429) {
        await response.body?.cancel().catch(() => undefined);
        const after =
          response.status === 503 || response.status === 429 ? retryAfterMs(response.headers.get('retry-after'), maxRetryAfter) : null;
        throw new AttemptFailure(`HTTP ${response.status}${after ? `, back in ${Math.ceil(after / 1000)} s` : ''}`, after);
      }
      let body: Uint8Array<ArrayBuffer>;
      try {
        body = await readBody(response, maxBody);
      } catch (error) {
        if (signal.aborted) throw error;
        throw error instanceof AttemptFailure
          ? error
          : new AttemptFailure(`the body was cut off (${(error as Error).message.slice(0, 80)})`);
      }
      const type = response.headers.get('content-type') ?? '';
      const init = { status: response.status, statusText: response.statusText, headers: response.headers };
      const empty = body.byteLength === 0 || response.status === 204 || response.status === 304 || request.method === 'HEAD';
      if (empty) return new Response(null, init);
      if (!JSON_TYPE.test(type)) {
        // Every system we reach answers JSON (FHIR's application/fhir+json, problem+json included).
        if (response.ok) throw new AttemptFailure(`a ${response.status} answer of type ${type.slice(0, 40) || 'none'}, not JSON`);
        return new Response(body, init); // an error page: the client reads the status, not the body
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
      } catch {
        if (response.ok) throw new AttemptFailure(`a ${response.status} answer that is not valid JSON`);
        return new Response(body, init);
      }
      return new ParsedResponse(body, init, parsed);
    };

    const perCall = safe && policy.retries > 0 ? wrap(retry(retryable, { maxAttempts: policy.retries, backoff }), perAttempt) : perAttempt;
    try {
      return await breaker.policy.execute(async () => {
        try {
          return await perCall.execute(({ signal }) => attempt({ signal }), init?.signal ?? undefined);
        } catch (error) {
          if (init?.signal?.aborted) throw new CallerAborted('the caller gave up');
          if (error instanceof TaskCancelledError) throw new AttemptFailure(`no answer in ${policy.timeoutMs} ms`);
          throw error;
        }
      });
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        throw new UpstreamError(system, `${system} is unavailable (failing fast while it recovers)`);
      }
      const reason =
        error instanceof AttemptFailure || error instanceof CallerAborted ? error.message : (error as Error).message.slice(0, 120);
      throw new UpstreamError(system, `${system} did not answer (${reason})`);
    } finally {
      if (breaker.policy.state !== stateBefore) notify(breaker);
    }
  };
}

// ---- metrics ----------------------------------------------------------------------------------

const STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2, isolated: 3 };

/**
 * The breakers as Prometheus metrics, in a registry of the caller's: the state per system
 * (0 closed, 1 half-open, 2 open, 3 isolated) read when scraped, and the state changes counted.
 */
export function registerBreakerMetrics(registry: Registry): void {
  new Gauge({
    name: 'upstream_circuit_state',
    help: 'Circuit breaker per system: 0 closed, 1 half-open, 2 open, 3 isolated',
    labelNames: ['system'],
    registers: [registry],
    collect() {
      for (const { system, state } of breakerStates()) this.set({ system }, STATE_VALUE[state]);
    },
  });
  const changes = new Counter({
    name: 'upstream_circuit_changes_total',
    help: 'Circuit breaker state changes per system and new state',
    labelNames: ['system', 'state'],
    registers: [registry],
  });
  onBreakerStateChange((system, state) => changes.inc({ system, state }));
}
