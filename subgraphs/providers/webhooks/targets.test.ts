/**
 * Where a webhook may point (targets.ts): the URL's syntax, the address ranges refused, the
 * resolution of names (every address checked), and the pinned lookup a delivery connects with.
 * Names resolve through a stub resolver, so the tests need no network; "localhost" also goes
 * through the system's resolver once, as a real name would.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { allowPrivateUrlsFromEnv } from './index.js';
import { checkTarget, isPublicAddress, parseTargetUrl, pinnedLookup, resolveTarget, TargetRefused, type Resolve } from './targets.js';

const strict = { allowPrivateUrls: false };
const dev = { allowPrivateUrls: true };
const resolvesTo =
  (...addresses: string[]): Resolve =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

async function refusal(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(TargetRefused);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('the URL', () => {
  it('is an absolute https URL of at most 2000 characters, without credentials', async () => {
    expect(parseTargetUrl('https://hooks.example.fi/orders?x=1', strict).href).toBe('https://hooks.example.fi/orders?x=1');
    expect(await refusal(() => parseTargetUrl('http://hooks.example.fi/', strict))).toMatch(/https/);
    expect(await refusal(() => parseTargetUrl('/relative', strict))).toMatch(/absolute/);
    expect(await refusal(() => parseTargetUrl('ftp://hooks.example.fi/', strict))).toMatch(/https/);
    expect(await refusal(() => parseTargetUrl('file:///etc/passwd', strict))).toMatch(/https/);
    expect(await refusal(() => parseTargetUrl('https://user:pw@hooks.example.fi/', strict))).toMatch(/credentials/);
    expect(await refusal(() => parseTargetUrl(`https://hooks.example.fi/${'a'.repeat(2000)}`, strict))).toMatch(/2000/);
  });

  it('may be http in development', () => {
    expect(parseTargetUrl('http://127.0.0.1:8080/hook', dev).port).toBe('8080');
  });
});

describe('addresses', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['fe80::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.10', 'documentation'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:10.1.2.3', 'IPv4-mapped private'],
    ['64:ff9b::a00:1', 'NAT64 of a private address'],
    ['2002:a00:1::', '6to4 of a private address'],
  ])('refuses %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '93.184.215.14', '2a00:1450:4010:c05::64', '::ffff:8.8.8.8'])('allows public %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it('refuses what is not an address', () => {
    expect(isPublicAddress('localhost')).toBe(false);
    expect(isPublicAddress('')).toBe(false);
  });
});

describe('resolving the host', () => {
  it('checks an address literal as it is, without a lookup', async () => {
    const never: Resolve = async () => {
      throw new Error('no lookup for a literal');
    };
    expect(await resolveTarget(new URL('https://8.8.8.8/hook'), strict, never)).toEqual([{ address: '8.8.8.8', family: 4 }]);
    expect(await refusal(() => resolveTarget(new URL('https://169.254.169.254/latest/meta-data'), strict, never))).toMatch(/internal/);
    expect(await refusal(() => resolveTarget(new URL('https://10.0.0.1/'), strict, never))).toMatch(/internal/);
    expect(await refusal(() => resolveTarget(new URL('https://[::1]/'), strict, never))).toMatch(/internal/);
    // The URL parser normalises the tricks: decimal, hex and short forms of 127.0.0.1.
    for (const trick of ['https://2130706433/', 'https://0x7f.1/', 'https://127.1/']) {
      expect(await refusal(() => resolveTarget(new URL(trick), strict, never))).toMatch(/internal/);
    }
  });

  it('refuses a name when any of its addresses is internal (the socket might pick that one)', async () => {
    expect(await resolveTarget(new URL('https://hooks.example.fi/'), strict, resolvesTo('8.8.8.8', '2a00:1450:4010:c05::64'))).toHaveLength(
      2,
    );
    expect(await refusal(() => resolveTarget(new URL('https://hooks.example.fi/'), strict, resolvesTo('8.8.8.8', '10.0.0.7')))).toMatch(
      /internal/,
    );
  });

  it('refuses a name that does not resolve', async () => {
    const nx: Resolve = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    expect(await refusal(() => resolveTarget(new URL('https://nowhere.invalid/'), strict, nx))).toMatch(/does not resolve/);
    expect(await refusal(() => resolveTarget(new URL('https://empty.example/'), strict, resolvesTo()))).toMatch(/does not resolve/);
  });

  it('refuses localhost through the system resolver, and allows it in development', async () => {
    expect(await refusal(() => checkTarget('https://localhost:8443/hook', strict))).toMatch(/internal/);
    const { addresses } = await checkTarget('http://localhost:8080/hook', dev);
    expect(addresses.length).toBeGreaterThan(0);
  });
});

describe('the pinned lookup', () => {
  const lookup = pinnedLookup([
    { address: '203.0.113.9', family: 4 },
    { address: '2001:db8::9', family: 6 },
  ]);
  const ask = (options: Parameters<typeof lookup>[1]) =>
    new Promise<unknown[]>((resolve) =>
      lookup('rebinding.example', options, (error, address, family) => resolve([error?.code ?? null, address, family])),
    );

  it('answers only the checked addresses, in the shape asked', async () => {
    expect(await ask({})).toEqual([null, '203.0.113.9', 4]);
    expect(await ask({ family: 6 })).toEqual([null, '2001:db8::9', 6]);
    expect(await ask({ all: true })).toEqual([
      null,
      [
        { address: '203.0.113.9', family: 4 },
        { address: '2001:db8::9', family: 6 },
      ],
      undefined,
    ]);
    const v4only = pinnedLookup([{ address: '203.0.113.9', family: 4 }]);
    const missing = await new Promise<unknown>((resolve) => v4only('x', { family: 6 }, (error) => resolve(error?.code)));
    expect(missing).toBe('ENOTFOUND');
  });

  it('is what a request connects with, whatever the name says', async () => {
    const server = http.createServer((_req, res) => res.end('pinned'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      // The name does not exist; the lookup answers the checked address, and the request goes there.
      const body = await new Promise<string>((resolve, reject) => {
        http
          .get(
            `http://no-such-host.invalid:${port}/`,
            { agent: false, lookup: pinnedLookup([{ address: '127.0.0.1', family: 4 }]) },
            (res) => {
              let text = '';
              res.on('data', (c) => (text += c));
              res.on('end', () => resolve(text));
            },
          )
          .on('error', reject);
      });
      expect(body).toBe('pinned');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('the development setting (WEBHOOK_ALLOW_PRIVATE_URLS)', () => {
  it('is off unless set; npm start turns it on outside production', () => {
    expect(allowPrivateUrlsFromEnv({})).toBe(false);
    expect(allowPrivateUrlsFromEnv({ WEBHOOK_ALLOW_PRIVATE_URLS: '1' })).toBe(true);
    expect(allowPrivateUrlsFromEnv({ WEBHOOK_ALLOW_PRIVATE_URLS: 'on', NODE_ENV: 'production' })).toBe(true);
    expect(allowPrivateUrlsFromEnv({ WEBHOOK_ALLOW_PRIVATE_URLS: '0' }, true)).toBe(false);
    expect(allowPrivateUrlsFromEnv({}, true)).toBe(true);
    expect(allowPrivateUrlsFromEnv({ NODE_ENV: 'production' }, true)).toBe(false);
  });
});
