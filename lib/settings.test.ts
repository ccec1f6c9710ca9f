/** Settings are validated at start: a bad value stops the process with a message naming it. */
import { describe, expect, it } from 'vitest';
import { readSettings, SettingsError } from './settings.js';

const problemsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as SettingsError).problems;
  }
  throw new Error('expected the settings to be refused');
};

describe('readSettings', () => {
  it('defaults to a safe development setup: loopback, the usual ports and bounds', () => {
    expect(readSettings('gateway', {})).toMatchObject({ NODE_ENV: 'development', HOST: '127.0.0.1', PORT: 4000 });
    expect(readSettings('vouchers', {})).toMatchObject({ VOUCHERS_PORT: 4002, UPSTREAM_TIMEOUT_MS: 2000, UPSTREAM_RETRIES: 1 });
    expect(readSettings('providers', {})).toMatchObject({ WEBHOOK_ALLOW_PRIVATE_URLS: false, PROVIDERS_PORT: 4003 });
  });

  it('names every malformed setting with what it expects, and never repeats a value', () => {
    const problems = problemsOf(() =>
      readSettings('vouchers', {
        UPSTREAM_TIMEOUT_MS: '2s',
        VOUCHER_SYSTEM_URL: 'localhost:4102',
        VOUCHERS_PORT: 'seventy',
        NODE_ENV: 'prod',
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'UPSTREAM_TIMEOUT_MS must be a whole number of at least 1, without a unit',
        'VOUCHER_SYSTEM_URL must be an absolute http(s) URL, e.g. http://127.0.0.1:4102',
        expect.stringMatching(/^VOUCHERS_PORT must be a valid port/),
        'NODE_ENV must be one of: development, production, test',
      ]),
    );
    expect(problems.join('\n')).not.toMatch(/seventy|2s"/);
    expect(problemsOf(() => readSettings('voucher-system', { STANDIN_FAILURE_RATE: '1.5' }))).toEqual([
      'STANDIN_FAILURE_RATE must be a share between 0 and 1, e.g. 0.1',
    ]);
    expect(problemsOf(() => readSettings('gateway', { REDIS_URL: 'localhost' }))).toEqual([
      'REDIS_URL must be a Redis URL, redis://host:6379',
    ]);
  });

  it('in production, refuses to start without what it cannot safely default', () => {
    expect(problemsOf(() => readSettings('gateway', { NODE_ENV: 'production' }))).toEqual([
      expect.stringMatching(/^SUBGRAPH_SIGNING_SECRET is required/),
      expect.stringMatching(/^JWKS_URL is required/),
    ]);
    expect(problemsOf(() => readSettings('audit', { NODE_ENV: 'production', SUBGRAPH_SIGNING_SECRET: 'short' }))).toEqual([
      expect.stringMatching(/at least 32 characters/),
    ]);
    expect(readSettings('audit', { NODE_ENV: 'production', SUBGRAPH_SIGNING_SECRET: 'x'.repeat(32) })).toMatchObject({
      NODE_ENV: 'production',
    });
  });

  it('reads an empty variable as not set', () => {
    expect(readSettings('gateway', { PORT: '', REDIS_URL: '' })).toMatchObject({ PORT: 4000, REDIS_URL: undefined });
  });
});
