/**
 * Access tokens of the system clients (OAuth 2.0 client credentials, RFC 6749 §4.4): obtained
 * from the system's token endpoint, kept until shortly before they expire, and sent as
 * `Authorization: Bearer` (RFC 6750) on every call. How a client proves who it is at the token
 * endpoint — a secret (the voucher client) or a signed assertion (the FHIR client,
 * lib/smart-backend.ts) — is the caller's `tokenRequest`; everything else is the same here.
 *
 * Why single-flight: when the token runs out under load, a hundred calls in flight must not
 * become a hundred token requests; they wait for one. Why one retry on a 401: the system may
 * forget a token before its time (a restart, a rotation), and a fresh one repairs that — a
 * second 401 with a fresh token does not repair, so it is an outage, not a loop. A call refused
 * with 401 was not carried out, so resending it, a write included, does not do it twice.
 *
 * Why a refusal is an outage with a loud log: a 400/401 from the token endpoint means our
 * credentials are wrong or not registered — nothing a caller of the graph did or can fix. The
 * caller reads UPSTREAM_UNAVAILABLE naming the system; the operator reads which client id was
 * refused, why, and which settings to check. Secrets, assertions and tokens are never logged.
 *
 * Token requests go through the system's upstream fetch (lib/upstream.ts): the same time
 * bounds and the same circuit breaker as its API calls. Like every POST they are not retried
 * there — rightly: a resent SMART assertion is a replay the system must refuse.
 */
import { UpstreamError, type SystemName } from './errors.js';
import { createLogger } from './log.js';
import type { SystemAnswer, SystemCall } from './upstream.js';

type Fetch = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

const log = createLogger('system-auth');

/** One token request: where, the form, and the client's authentication headers (if it uses any). */
export interface TokenRequest {
  url: string;
  form: URLSearchParams;
  headers?: Record<string, string>;
}

export interface AccessTokensOptions {
  system: SystemName;
  /** The client id, for the logs. */
  clientId: string;
  /** The settings that configure the credentials, for the log of a refusal (e.g. VOUCHER_SYSTEM_CLIENT_ID / _SECRET). */
  configuredBy: string;
  /** The system's upstream fetch (lib/upstream.ts). */
  fetch: Fetch;
  /** Builds each token request afresh (an assertion is good for one request). */
  tokenRequest: () => Promise<TokenRequest>;
  /** The clock (ms); tests of expiry use the real one. */
  now?: () => number;
}

interface Held {
  value: string;
  /** When to get a new one: a tenth of its lifetime (at most 30 s) before it expires. */
  refreshAt: number;
  expiresAt: number;
}

/** The longest a token is kept without the system saying how long it lives (RFC 6749 makes expires_in only RECOMMENDED). */
const UNSTATED_LIFETIME_S = 60;

/**
 * The system's configuration refused us (credentials, scopes, discovery): logged once until it
 * works again, and an UpstreamError whose message names only the system.
 */
const refusing = new Map<string, string>();
export function misconfigured(system: SystemName, clientId: string, detail: string, configuredBy: string): UpstreamError {
  const key = `${system} ${clientId}`;
  if (refusing.get(key) !== detail) {
    refusing.set(key, detail);
    log.error(
      { system, clientId, detail: detail.slice(0, 300) },
      `${system} refused this service's client credentials — check ${configuredBy} and the client's registration with the system`,
    );
  }
  return new UpstreamError(system, `${system} is unavailable`);
}
function recovered(system: SystemName, clientId: string): void {
  if (refusing.delete(`${system} ${clientId}`)) log.info({ system, clientId }, `${system} accepts this service's client credentials again`);
}

/** Rejects when `signal` aborts first: a caller that gave up stops waiting for a token others still wait for. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal | null | undefined, system: SystemName): Promise<T> {
  if (!signal) return promise;
  const gaveUp = () => new UpstreamError(system, `${system} did not answer (the caller gave up)`);
  if (signal.aborted) return Promise.reject(gaveUp());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(gaveUp());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The access token of one client of one system. */
export class AccessTokens {
  private held: Held | undefined;
  private pending: Promise<Held> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: AccessTokensOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * A token that is good for a while: the one held, or — one request for every caller waiting —
   * a new one. When renewing fails while the held one has not expired yet, that one still
   * serves: a hiccup of the token endpoint in the last seconds of a token fails no call.
   */
  async get(signal?: AbortSignal | null): Promise<string> {
    const held = this.held;
    if (held && this.now() < held.refreshAt) return held.value;
    this.pending ??= this.obtain().finally(() => {
      this.pending = undefined;
    });
    try {
      return (await unlessAborted(this.pending, signal, this.options.system)).value;
    } catch (error) {
      const still = this.held;
      if (still && this.now() < still.expiresAt && !signal?.aborted) return still.value;
      throw error;
    }
  }

  /** The system refused `token`: forget it (unless a newer one replaced it already). */
  invalidate(token: string): void {
    if (this.held?.value === token) this.held = undefined;
  }

  /** The system refused a fresh token: our registration, not the token, is wrong. */
  refused(detail: string): UpstreamError {
    return misconfigured(this.options.system, this.options.clientId, detail, this.options.configuredBy);
  }

  private async obtain(): Promise<Held> {
    const { system, clientId, configuredBy } = this.options;
    const request = await this.options.tokenRequest();
    const asked = this.now();
    const response = await this.options.fetch(request.url, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', ...request.headers },
      body: request.form,
    });
    if (response.status === 400 || response.status === 401) {
      const body = (await response.json().catch(() => null)) as { error?: unknown; error_description?: unknown } | null;
      const reason = [body?.error, body?.error_description].filter((x) => typeof x === 'string').join(': ');
      throw misconfigured(system, clientId, `the token endpoint answered ${response.status}${reason ? ` (${reason})` : ''}`, configuredBy);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new UpstreamError(system, `${system} failed a token request (HTTP ${response.status})`, response.status);
    }
    const body = (await response.json().catch(() => null)) as { access_token?: unknown; token_type?: unknown; expires_in?: unknown } | null;
    const token = body?.access_token;
    // RFC 6749 §5.1: a token of another type is one this client cannot send.
    if (
      typeof token !== 'string' ||
      !/^[A-Za-z0-9\-._~+/]+=*$/.test(token) ||
      typeof body?.token_type !== 'string' ||
      body.token_type.toLowerCase() !== 'bearer'
    ) {
      throw new UpstreamError(system, `${system} answered a token request without a bearer token`);
    }
    const lifetime = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : UNSTATED_LIFETIME_S;
    const margin = Math.min(30_000, (lifetime * 1000) / 10);
    this.held = { value: token, refreshAt: asked + lifetime * 1000 - margin, expiresAt: asked + lifetime * 1000 };
    recovered(system, clientId);
    return this.held;
  }
}

/**
 * `fetch` with the client's bearer token on every request. A 401 drops the token and resends
 * once with a fresh one; a second 401, or a 403 for want of scope, is our misconfiguration
 * (UpstreamError). Every other answer is the caller's to read.
 */
export function authorizedFetch(tokens: AccessTokens, fetch: Fetch): Fetch {
  return async (input, init) => {
    const { target, sent, signal } = await resendable(input, init);
    const send = (token: string) => {
      const headers = new Headers(sent.headers);
      headers.set('authorization', `Bearer ${token}`);
      return fetch(target, { ...sent, headers, signal });
    };
    const token = await tokens.get(signal);
    let response = await send(token);
    if (response.status === 401) {
      tokens.invalidate(token);
      response = await send(await tokens.get(signal));
      if (response.status === 401) throw tokens.refused('the API refused a token just issued (HTTP 401)');
    }
    if (response.status === 403 && /insufficient_scope/.test(response.headers.get('www-authenticate') ?? '')) {
      throw tokens.refused(`the API needs a scope the token lacks (${(response.headers.get('www-authenticate') ?? '').slice(0, 200)})`);
    }
    return response;
  };
}

/**
 * The same as a system call (lib/upstream.ts), the clients' hot path: the request's bytes are
 * sent again as they are after a 401.
 */
export function authorizedCall(tokens: AccessTokens, call: SystemCall): SystemCall {
  return async (request) => {
    const send = (token: string) => call({ ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } });
    const token = await tokens.get(request.signal);
    let answer: SystemAnswer = await send(token);
    if (answer.status === 401) {
      tokens.invalidate(token);
      answer = await send(await tokens.get(request.signal));
      if (answer.status === 401) throw tokens.refused('the API refused a token just issued (HTTP 401)');
    }
    const challenge = answer.status === 403 ? String(answer.headers['www-authenticate'] ?? '') : '';
    if (/insufficient_scope/.test(challenge)) {
      throw tokens.refused(`the API needs a scope the token lacks (${challenge.slice(0, 200)})`);
    }
    return answer;
  };
}

/**
 * fetch's arguments in a form that can be sent twice (the resend after a 401), without a new
 * Request per send: a Request without a body goes on as it is, its headers replaced; a body that
 * fetch reads afresh each time (text, bytes, a form) goes on as it is; any other body (a
 * Request's, a stream) is read once into bytes. The caller's signal travels with it
 * (lib/upstream.ts reads it from init).
 */
async function resendable(
  input: Request | string | URL,
  init: RequestInit | undefined,
): Promise<{ target: Request | string | URL; sent: RequestInit & { headers: HeadersInit }; signal: AbortSignal | undefined }> {
  const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
  const body = init?.body;
  const reread = typeof body === 'string' || body instanceof URLSearchParams || body instanceof ArrayBuffer || ArrayBuffer.isView(body);
  if (input instanceof Request ? init?.method === undefined && body == null && input.body === null : body == null || reread) {
    return { target: input, sent: { ...init, headers: init?.headers ?? (input instanceof Request ? input.headers : {}) }, signal };
  }
  const request = new Request(input, init);
  const bytes = request.body ? await request.arrayBuffer() : null;
  return { target: request.url, sent: { method: request.method, headers: request.headers, body: bytes }, signal };
}

/** RFC 6749 §2.3.1 (client_secret_basic): the id and the secret form-urlencoded, joined by ':', base64. */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const form = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${form(clientId)}:${form(clientSecret)}`).toString('base64')}`;
}
