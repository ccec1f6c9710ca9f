/**
 * Where a webhook may point. A provider names the URL, and the graph then calls it from inside
 * our network — so without a check, a provider could make the graph call the internal network
 * (the cloud's metadata service at 169.254.169.254, a database on 10.x, the subgraphs on
 * localhost). So: https only, no credentials in the URL, and every address the host resolves
 * to must be public unicast (ipaddr.js's range(): loopback, private, link-local, unique-local,
 * unspecified, multicast, carrier-grade NAT, reserved, documentation and transition ranges are
 * all refused). WEBHOOK_ALLOW_PRIVATE_URLS=1 (development and tests) lifts both rules.
 *
 * Why the check runs twice — at setWebhook and again at every delivery — and why the delivery
 * connects to the checked address (pinnedLookup): a host that resolved to a public address
 * when it was registered may resolve to an internal one later (DNS rebinding). Resolving once
 * per delivery, checking, and handing exactly those addresses to the socket leaves no second
 * lookup an attacker could answer differently.
 */
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

export const MAX_URL_LENGTH = 2000;

export interface TargetPolicy {
  /** Development and tests: http and loopback/private addresses allowed. */
  allowPrivateUrls: boolean;
}

/** Why a URL may not be a webhook target, in words fit for the provider who gave it. */
export class TargetRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetRefused';
  }
}

export type Resolve = (host: string) => Promise<dns.LookupAddress[]>;

/** The system's resolver may retry for half a minute; a webhook's host answers within this or not at all. */
const LOOKUP_TIMEOUT_MS = 5000;
const systemResolve: Resolve = (host) => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('lookup timed out')), LOOKUP_TIMEOUT_MS);
  });
  return Promise.race([dns.promises.lookup(host, { all: true, verbatim: true }), late]).finally(() => clearTimeout(timer));
};

/** The URL's syntax: absolute http(s), https unless private URLs are allowed, no credentials. */
export function parseTargetUrl(raw: string, policy: TargetPolicy): URL {
  if (raw.length > MAX_URL_LENGTH) throw new TargetRefused(`must be at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused('must be an absolute https URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TargetRefused('must be an absolute https URL');
  if (url.protocol === 'http:' && !policy.allowPrivateUrls) throw new TargetRefused('must use https');
  // Credentials would be stored and shown in the clear; the signature is the authentication.
  if (url.username || url.password) throw new TargetRefused('must not contain credentials');
  return url;
}

/** Public unicast only; an IPv4-mapped IPv6 address is judged as the IPv4 address it is. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/** The host as a resolver or an address parser wants it: "[::1]" → "::1". */
function hostOf(url: URL): string {
  return url.hostname.startsWith('[') && url.hostname.endsWith(']') ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * Resolves the URL's host (an address literal stands for itself) and checks every address it
 * resolves to: one internal address is enough to refuse, since the socket might pick it.
 * Returns the checked addresses, to connect to them and nothing else.
 */
export async function resolveTarget(url: URL, policy: TargetPolicy, resolve: Resolve = systemResolve): Promise<dns.LookupAddress[]> {
  const host = hostOf(url);
  let addresses: dns.LookupAddress[];
  if (ipaddr.isValid(host)) {
    addresses = [{ address: host, family: ipaddr.parse(host).kind() === 'ipv6' ? 6 : 4 }];
  } else {
    try {
      addresses = await resolve(host);
    } catch {
      throw new TargetRefused('has a host that does not resolve');
    }
    if (!addresses.length) throw new TargetRefused('has a host that does not resolve');
  }
  if (!policy.allowPrivateUrls && addresses.some((a) => !isPublicAddress(a.address))) {
    throw new TargetRefused('must not point to a loopback, private, link-local or otherwise internal address');
  }
  return addresses;
}

/** The URL, checked: syntax, then the addresses it resolves to now. */
export async function checkTarget(
  raw: string,
  policy: TargetPolicy,
  resolve?: Resolve,
): Promise<{ url: URL; addresses: dns.LookupAddress[] }> {
  const url = parseTargetUrl(raw, policy);
  return { url, addresses: await resolveTarget(url, policy, resolve) };
}

/**
 * A `lookup` for http(s).request that answers only with already checked addresses, so the
 * socket connects where the check looked (see the top of the module). Answers both shapes
 * Node asks for: one address, or all of them (`all: true`, used by happy-eyeballs).
 */
export function pinnedLookup(addresses: readonly dns.LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    const usable = family ? addresses.filter((a) => a.family === family) : [...addresses];
    if (!usable.length) {
      const error: NodeJS.ErrnoException = new Error('no checked address of the asked family');
      error.code = 'ENOTFOUND';
      callback(error, '', 0);
    } else if (options.all) {
      callback(null, usable);
    } else {
      callback(null, usable[0].address, usable[0].family);
    }
  };
}
