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
 *
 * Why over node:http (lib/keep-alive-http.ts) and not the global fetch: in the vouchers
 * subgraph's CPU profile, undici's fetch was most of this module's cost — a Request, a Response
 * and web streams per attempt, a clone (a tee of the body) of the request per attempt, signals
 * following signals — for bodies that are read whole here anyway. The clients' hot paths (the
 * voucher client's reads, every FHIR call) go through `upstreamCall`, with no Request or Response
 * at all: a SystemRequest in, a SystemAnswer out, its JSON parsed once here. `upstreamFetch` is
 * the same call in fetch's shape, for what goes through Requests (openapi-fetch's writes and
 * reports, token requests); a request's body is read once and resent by each attempt.
 */
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ConstantBackoff,
  ExponentialBackoff,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
  type FailureReason,
  type IBackoff,
  type IBackoffFactory,
  type IHalfOpenAfterBackoffContext,
  type IRetryBackoffContext,
} from 'cockatiel';
import { Counter, Gauge, type Registry } from 'prom-client';
import { UpstreamError, type SystemName } from './errors.js';
import type { IncomingHttpHeaders } from 'node:http';
import { BodyCutOff, BodyTooLarge, KeepAliveHttp, type Answer } from './keep-alive-http.js';
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

/** Bodies as text (a body already parsed as JSON here is valid UTF-8). */
const utf8Text = new TextDecoder();
/** Fatal: a body that is not UTF-8 is not JSON. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A fully read answer whose JSON was parsed once here: `json()` hands back that parse, so the
 * check that the body is JSON costs no second parse in the client. Its bytes are held, not
 * streamed: a Response made over bytes builds a web stream for them, which was a quarter of
 * what was left of this module's CPU once the exchange was node:http. The reading methods
 * answer from the bytes; `body` makes the stream only for a caller that asks for it.
 */
class ParsedResponse extends Response {
  #stream: ReadableStream<Uint8Array<ArrayBuffer>> | null | undefined;
  #parsed: { value: unknown } | undefined;
  constructor(
    private readonly held: Uint8Array<ArrayBuffer>,
    init: ResponseInit,
    parsed?: { value: unknown },
  ) {
    super(null, init);
    this.#parsed = parsed;
  }
  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return (this.#stream ??= new Response(this.held).body);
  }
  override async json(): Promise<any> {
    // A clone parses its own copy: no two readers share objects.
    return (this.#parsed ??= { value: JSON.parse(utf8Text.decode(this.held)) }).value;
  }
  override async text(): Promise<string> {
    return utf8Text.decode(this.held);
  }
  // Copies (`new Uint8Array`, not `slice`: the bytes are a Buffer, whose slice shares them).
  override async arrayBuffer(): Promise<ArrayBuffer> {
    return new Uint8Array(this.held).buffer;
  }
  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(this.held);
  }
  override async blob(): Promise<Blob> {
    return new Blob([this.held], { type: this.headers.get('content-type') ?? '' });
  }
  override clone(): ParsedResponse {
    return new ParsedResponse(this.held, { status: this.status, statusText: this.statusText, headers: this.headers });
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

// ---- what is sent -----------------------------------------------------------------------------

/**
 * One call to a system as the clients make it, and as node:http sends it: no Request, its body
 * as bytes resent by each attempt. Header names in lower case.
 */
export interface SystemRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
  /** The caller's: when it aborts, the call stops and the breaker does not count it. */
  signal: AbortSignal | undefined;
}

/** A system's answer, read whole (no Response): what the system clients read on their hot paths. */
export interface SystemAnswer {
  status: number;
  statusText: string;
  /** By lower-case name, repeated ones joined (node:http's reading). */
  headers: IncomingHttpHeaders;
  /** As they came: name, value, name, value … */
  rawHeaders: string[];
  /** Empty for a 204, a 304, a HEAD, and for none. */
  body: Buffer;
  /** A JSON answer's body, parsed once here; undefined for an empty body, and for an error page or garbage of a 4xx/5xx. */
  parsed: { value: unknown } | undefined;
}

/** A system call with the shared policy (upstreamCall), and what wraps it (tokens, conditional reads, the contract). */
export type SystemCall = (request: SystemRequest) => Promise<SystemAnswer>;

/** fetch's normalisation of a method's case (the Fetch standard's list; any other method is sent as written). */
const NORMALISED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
const methodOf = (method = 'GET') => (NORMALISED_METHODS.has(method.toUpperCase()) ? method.toUpperCase() : method);

/** Header names in lower case, as node:http sends them; fetch's default Accept when there is none. */
function headerRecord(init: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (name: string, value: string) => {
    const key = name.toLowerCase();
    out[key] = Object.hasOwn(out, key) ? `${out[key]}, ${value}` : value;
  };
  if (init instanceof Headers) init.forEach((value, name) => add(name, value));
  else if (Array.isArray(init)) for (const [name, value] of init) add(name!, value!);
  else if (init) for (const name of Object.keys(init)) add(name, (init as Record<string, string>)[name]!);
  out.accept ??= '*/*';
  return out;
}

/** The bytes fetch would send for a body: undefined for none, null for one only a Request reads (a stream, a blob, a form). */
function bytesOf(body: BodyInit | null | undefined): Buffer | undefined | null {
  if (body == null) return undefined;
  if (typeof body === 'string' || body instanceof URLSearchParams) return Buffer.from(body.toString());
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return null;
}

/**
 * fetch's arguments as what to send, without building a Request where none is needed: the
 * system clients pass a Request with at most headers and a signal besides (openapi-fetch,
 * lib/conditional-get.ts, lib/system-auth.ts), or a URL with no body or one of bytes, text or a
 * form (the FHIR client, token requests, writes whose body lib/system-auth.ts read once).
 * Anything else goes through a Request, which reads (or refuses) it as fetch would.
 */
async function outgoing(input: Request | string | URL, init: RequestInit | undefined): Promise<SystemRequest> {
  if (input instanceof Request) {
    if (init?.method === undefined && init?.body == null)
      return {
        url: new URL(input.url),
        method: input.method,
        headers: headerRecord(init?.headers ?? input.headers),
        body: input.body ? Buffer.from(await input.arrayBuffer()) : undefined,
        signal: init?.signal ?? input.signal,
      };
  } else {
    const method = methodOf(init?.method);
    const body = bytesOf(init?.body);
    if (body === undefined || (body !== null && method !== 'GET' && method !== 'HEAD')) {
      const headers = headerRecord(init?.headers);
      // fetch's Content-Type for text and forms, when the caller set none.
      if (typeof init?.body === 'string') headers['content-type'] ??= 'text/plain;charset=UTF-8';
      else if (init?.body instanceof URLSearchParams) headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
      return { url: input instanceof URL ? input : new URL(input), method, headers, body, signal: init?.signal ?? undefined };
    }
  }
  const request = new Request(input, init);
  return outgoing(request, init?.signal ? { signal: init.signal } : undefined);
}

// ---- one attempt ------------------------------------------------------------------------------

/**
 * Every system client's connections: an agent per system origin, shared by every client of it
 * in the process (lib/keep-alive-http.ts).
 */
const systemsHttp = new KeepAliveHttp();
const isTransient = (status: number) => TRANSIENT.has(status) || status === 429;

/**
 * A system call with the shared policy. Non-transient HTTP errors (4xx, 500) are answered for
 * the client to read — they are answers about the request; transient ones, network failures,
 * timeouts and garbage bodies are retried for GET/HEAD and end as UpstreamError. Bodies come
 * back fully read, a JSON body parsed.
 */
export function upstreamCall(system: SystemName, policy: RetryPolicy): SystemCall {
  const maxBody = policy.maxBodyBytes ?? DEFAULTS.maxBodyBytes;
  const maxRetryAfter = policy.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs;
  const maxRetryWait = policy.maxRetryWaitMs ?? DEFAULTS.maxRetryWaitMs;
  // Retried: failures of the system and timeouts — after at least the Retry-After the system
  // asked for, and not at all when it asked for longer than a read may wait.
  const retryable = (e: unknown) => (e instanceof AttemptFailure && (e.retryAfterMs ?? 0) <= maxRetryWait) || e instanceof NoAnswerInTime;
  const backoff = atLeastRetryAfter<IRetryBackoffContext<unknown>>(
    new ExponentialBackoff({ initialDelay: policy.backoffMs, maxDelay: Math.max(policy.backoffMs * 8, 1000) }),
  );

  /**
   * The attempts of one call: one for a write, up to 1 + retries for a read, each within the
   * time bound. Why not cockatiel's retry and timeout policies (its circuit breaker stays): per
   * attempt they cost an AbortController derived from another, a race of promises, events and
   * their listeners — in the subgraphs' profiles as much as the rest of the call's own code.
   */
  async function attempts(request: SystemRequest, retries: number, run: (signal: AbortSignal) => Promise<SystemAnswer>) {
    let wait: IBackoff<IRetryBackoffContext<unknown>> | undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        return await within(policy.timeoutMs, request.signal, run);
      } catch (error) {
        if (!retryable(error) || request.signal?.aborted || attempt >= retries) throw error;
        const context = { attempt: attempt + 1, signal: request.signal ?? NEVER_ABORTED, result: { error: error as Error } };
        wait = wait ? wait.next(context) : backoff.next(context);
        await new Promise((resolve) => setTimeout(resolve, wait!.duration));
      }
    }
  }

  return async (request) => {
    const safe = request.method === 'GET' || request.method === 'HEAD';
    const breaker = breakerFor(system, request.url.origin, policy);
    const stateBefore = breaker.policy.state;

    const attempt = async (signal: AbortSignal): Promise<SystemAnswer> => {
      let answer: Answer;
      try {
        answer = await systemsHttp.exchange(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body,
          signal,
          maxBodyBytes: maxBody,
          // A transient failure's body is not read: the status says it all.
          skipBodyOf: isTransient,
        });
      } catch (error) {
        if (signal.aborted) throw error; // the time bound or the caller: `within` and the caller's signal tell which
        if (error instanceof BodyTooLarge) throw new AttemptFailure(error.message);
        if (error instanceof BodyCutOff) throw new AttemptFailure(`the body was cut off (${error.message.slice(0, 80)})`);
        // Node's code, not its message: that names the host and port, which callers must not read.
        const code = (error as NodeJS.ErrnoException).code;
        throw new AttemptFailure(code ? `a network failure: ${code}` : (error as Error).message.slice(0, 120));
      }
      const { status, headers } = answer;
      if (isTransient(status)) {
        const after = status === 503 || status === 429 ? retryAfterMs(headers['retry-after'] ?? null, maxRetryAfter) : null;
        throw new AttemptFailure(`HTTP ${status}${after ? `, back in ${Math.ceil(after / 1000)} s` : ''}`, after);
      }
      const empty = answer.body.byteLength === 0 || status === 204 || status === 304 || request.method === 'HEAD';
      if (empty) return { ...answer, body: NO_BODY, parsed: undefined };
      const ok = status >= 200 && status < 300;
      const type = headers['content-type'] ?? '';
      if (!JSON_TYPE.test(type)) {
        // Every system we reach answers JSON (FHIR's application/fhir+json, problem+json included).
        if (ok) throw new AttemptFailure(`a ${status} answer of type ${type.slice(0, 40) || 'none'}, not JSON`);
        return { ...answer, parsed: undefined }; // an error page: the client reads the status, not the body
      }
      try {
        return { ...answer, parsed: { value: JSON.parse(strictUtf8.decode(answer.body)) } };
      } catch {
        if (ok) throw new AttemptFailure(`a ${status} answer that is not valid JSON`);
        return { ...answer, parsed: undefined };
      }
    };

    try {
      return await breaker.policy.execute(async () => {
        try {
          return await attempts(request, safe ? policy.retries : 0, attempt);
        } catch (error) {
          if (request.signal?.aborted) throw new CallerAborted('the caller gave up');
          if (error instanceof NoAnswerInTime) throw new AttemptFailure(`no answer in ${policy.timeoutMs} ms`);
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

const NO_BODY = Buffer.alloc(0);
const NEVER_ABORTED = new AbortController().signal;

/** An attempt that did not end within its time bound. */
class NoAnswerInTime extends Error {}

/**
 * `run` within `ms`: when the bound passes first, its signal aborts (the exchange is cut) and the
 * attempt fails at once with NoAnswerInTime; the caller's signal aborting aborts it too.
 */
function within<T>(ms: number, caller: AbortSignal | undefined, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const gaveUp = () => controller.abort(caller!.reason);
    const timer = setTimeout(() => {
      controller.abort();
      reject(new NoAnswerInTime(`no answer in ${ms} ms`));
    }, ms);
    if (caller?.aborted) gaveUp();
    else caller?.addEventListener('abort', gaveUp, { once: true });
    run(controller.signal)
      .then(resolve, reject)
      .finally(() => {
        clearTimeout(timer);
        caller?.removeEventListener('abort', gaveUp);
      });
  });
}

/**
 * The same call as a fetch (it fits openapi-fetch's `fetch` option too): for the writes and
 * reports of the voucher client and for token requests, which go through Requests.
 */
export function upstreamFetch(
  system: SystemName,
  policy: RetryPolicy,
): (input: Request | string | URL, init?: RequestInit) => Promise<Response> {
  const call = upstreamCall(system, policy);
  return async (input, init) => responseOf(await call(await outgoing(input, init)));
}

/** An answer as a Response: its parsed JSON handed on (ParsedResponse), its bytes held. */
export function responseOf(answer: SystemAnswer): Response {
  // As they came, in pairs: the Response reads them into its Headers once.
  const headers: [string, string][] = [];
  const raw = answer.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.push([raw[i]!, raw[i + 1]!]);
  const init = { status: answer.status, statusText: answer.statusText, headers };
  if (answer.body.byteLength === 0) return new Response(null, init);
  const body = answer.body as Buffer<ArrayBuffer>; // read off a socket: never a SharedArrayBuffer
  return answer.parsed ? new ParsedResponse(body, init, answer.parsed) : new Response(body, init);
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
