/**
 * One attempt: POST a signed body to the webhook's URL and say how it went. 2xx is delivered;
 * anything else — a 3xx too, since redirects are not followed (a redirect could lead past the
 * address check to the internal network), a timeout, a refused address — is a failed attempt
 * that the dispatcher schedules again.
 *
 * Why node:http and not fetch: the socket must connect to the address targets.ts checked
 * (its pinnedLookup), and fetch offers no lookup of our own without another dependency.
 * The receiver's body is never read (only its status matters, and its size is the receiver's
 * choice), and an attempt has a short deadline so a slow receiver cannot hold the sender.
 */
import http from 'node:http';
import https from 'node:https';
import { pinnedLookup, resolveTarget, TargetRefused, type TargetPolicy } from './targets.js';

export interface SendOptions extends TargetPolicy {
  timeoutMs: number;
}

export interface AttemptResult {
  delivered: boolean;
  /** The receiver's HTTP status; null when it could not be reached. */
  status: number | null;
  /** Why it failed, in a few words (never the receiver's body); null when delivered. */
  error: string | null;
}

function reason(error: NodeJS.ErrnoException, timeoutMs: number): string {
  if (error.name === 'AbortError' || error.name === 'TimeoutError' || error.code === 'ABORT_ERR')
    return `no answer within ${timeoutMs / 1000} s`;
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
      return 'connection reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ETIMEDOUT':
      return 'connection timed out';
    default:
      // TLS failures and the like: the code says enough; the message may carry internals.
      return error.code ? `could not connect (${error.code})` : 'could not connect';
  }
}

export async function sendAttempt(
  rawUrl: string,
  headers: Record<string, string>,
  body: string,
  options: SendOptions,
): Promise<AttemptResult> {
  let url: URL;
  let addresses: Awaited<ReturnType<typeof resolveTarget>>;
  try {
    url = new URL(rawUrl);
    addresses = await resolveTarget(url, options);
  } catch (error) {
    return {
      delivered: false,
      status: null,
      error: error instanceof TargetRefused ? `refused: the URL ${error.message}` : 'not a usable URL',
    };
  }
  return new Promise<AttemptResult>((resolve) => {
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'client-plan-graph-webhooks/1' },
        // A fresh connection per attempt: a pooled socket would skip the lookup (and its check).
        agent: false,
        lookup: pinnedLookup(addresses),
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (response) => {
        const status = response.statusCode ?? 0;
        response.destroy();
        if (status >= 200 && status < 300) resolve({ delivered: true, status, error: null });
        else
          resolve({
            delivered: false,
            status,
            error: status >= 300 && status < 400 ? `HTTP ${status}: redirects are not followed` : `HTTP ${status}`,
          });
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ delivered: false, status: null, error: reason(error, options.timeoutMs) }),
    );
    request.end(body);
  });
}
