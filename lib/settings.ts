/**
 * Every setting a process reads from its environment, validated in one place when it starts
 * (envalid). A malformed value (`UPSTREAM_TIMEOUT_MS=2s`, `PORT=http`, a relative URL) stops
 * the start with one message that names every bad setting and what it expects — instead of a
 * process that runs broken (a NaN timeout, a port 0) and fails later under load.
 *
 * Why one module for all processes: the gateway, each subgraph and each stand-in read overlapping
 * settings (HOST, the system URLs, the upstream policy); declaring each once keeps their names,
 * defaults and formats the same everywhere. Each process validates only the groups it uses.
 *
 * Production (NODE_ENV=production) refuses to start without what it cannot safely default:
 * the subgraph signing secret, and (for the gateway) a JWKS URL.
 */
import { cleanEnv, makeValidator, port, str, type Spec } from 'envalid';
import ipaddr from 'ipaddr.js';

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`the environment has settings this process cannot run with:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SettingsError';
  }
}

/** Milliseconds or a count: digits only, so "2s" or "1e3" is refused rather than misread. */
const wholeNumber = (min: number) =>
  makeValidator<number>((raw) => {
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < min) throw new Error(`a whole number of at least ${min}, without a unit`);
    return Number(raw);
  });
const share = makeValidator<number>((raw) => {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new Error('a share between 0 and 1, e.g. 0.1');
  return n;
});
const host = makeValidator<string>((raw) => {
  const h = raw.trim();
  if (!/^[A-Za-z0-9.:[\]-]{1,253}$/.test(h)) throw new Error('a host name or an IP address to listen on, e.g. 127.0.0.1');
  return h;
});
const httpUrl = makeValidator<string>((raw) => {
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    throw new Error('an absolute http(s) URL, e.g. http://127.0.0.1:4102');
  }
  if (!['http:', 'https:'].includes(parsed.protocol)) throw new Error('an absolute http(s) URL, e.g. http://127.0.0.1:4102');
  return raw.trim();
});
const databaseUrl = makeValidator<string>((raw) => {
  if (!/^postgres(ql)?:\/\/\S+$/.test(raw.trim())) throw new Error('a PostgreSQL URL, postgres://user@host:5432/database');
  return raw.trim();
});
const redisUrl = makeValidator<string>((raw) => {
  if (!/^rediss?:\/\/\S+$/.test(raw.trim())) throw new Error('a Redis URL, redis://host:6379');
  return raw.trim();
});
const onOff = makeValidator<boolean>((raw) => {
  const v = raw.trim().toLowerCase();
  if (['1', 'on', 'true', 'yes'].includes(v)) return true;
  if (['0', 'off', 'false', 'no', ''].includes(v)) return false;
  throw new Error('on or off (1/0, true/false)');
});

const optional = <V extends object>(spec: V) => ({ ...spec, default: undefined }) as Omit<V, 'default'> & { default: undefined };

/** How every server stops (lib/graceful-stop.ts) and bounds its caches of query texts (lib/query-cache.ts). */
export const SERVER_SETTINGS = {
  SHUTDOWN_GRACE_MS: wholeNumber(0)({ default: 10_000, desc: 'how long requests in flight get to finish when a server stops' }),
  QUERY_CACHE_MB: wholeNumber(1)({ default: 16, desc: 'the bound of each cache of parsed documents and query plans, in MiB' }),
};

/** The settings every process reads. */
const common = {
  NODE_ENV: str({ choices: ['development', 'production', 'test'], default: 'development' }),
  HOST: host({ default: '127.0.0.1', desc: 'the interface to listen on; loopback unless set' }),
  LOG_LEVEL: str({ choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' }),
  ...SERVER_SETTINGS,
};

/** The gateway and the subgraphs trust each other through this secret. */
const signing = {
  SUBGRAPH_SIGNING_SECRET: str({
    default: undefined,
    requiredWhen: (env) => env.NODE_ENV === 'production',
    desc: 'the secret the gateway signs viewer headers with (at least 32 characters)',
  }),
  // Development only: where the secret made on first start is kept, so all processes of a checkout share it (lib/signing-secret.ts).
  SUBGRAPH_SIGNING_SECRET_FILE: optional(
    str({ desc: 'where a development stack keeps its generated signing secret; .data/subgraph-signing-secret' }),
  ),
};

/** How subgraphs reach the existing systems (lib/upstream.ts). */
export const UPSTREAM_SETTINGS = {
  UPSTREAM_TIMEOUT_MS: wholeNumber(1)({ default: 2000 }),
  UPSTREAM_RETRIES: wholeNumber(0)({ default: 1 }),
  UPSTREAM_BACKOFF_MS: wholeNumber(1)({ default: 50 }),
  UPSTREAM_BREAKER_THRESHOLD: wholeNumber(1)({ default: 5 }),
  UPSTREAM_BREAKER_HALF_OPEN_MS: wholeNumber(1)({ default: 5000 }),
  REPORT_TIMEOUT_MS: wholeNumber(1)({ default: 20_000 }),
};

const systems = {
  CLIENT_RECORD_SYSTEM_URL: optional(httpUrl({ desc: 'the FHIR base URL of the client-record system' })),
  VOUCHER_SYSTEM_URL: optional(httpUrl({ desc: 'the voucher system base URL' })),
};

/**
 * Who the subgraphs are to the existing systems (lib/system-credentials.ts): an OAuth 2.0
 * client of each. Required in production; in development what is unset comes from credentials
 * made on first start (.data/system-clients.json), which the stand-ins register. A half-given
 * pair (an id without its secret or key) is an error everywhere: it is a mistake, not a default.
 */
const production = (env: Record<string, unknown>) => env.NODE_ENV === 'production';
export const SYSTEM_CLIENT_SETTINGS = {
  VOUCHER_SYSTEM_CLIENT_ID: str({
    default: undefined,
    requiredWhen: (env) => production(env) || !!env.VOUCHER_SYSTEM_CLIENT_SECRET,
    desc: "this service's OAuth 2.0 client id at the voucher system",
  }),
  VOUCHER_SYSTEM_CLIENT_SECRET: str({
    default: undefined,
    requiredWhen: (env) => production(env) || !!env.VOUCHER_SYSTEM_CLIENT_ID,
    desc: 'the client secret that goes with VOUCHER_SYSTEM_CLIENT_ID',
  }),
  VOUCHER_SYSTEM_TOKEN_URL: optional(httpUrl({ desc: "the voucher system's token endpoint; <VOUCHER_SYSTEM_URL>/oauth/token" })),
  CLIENT_RECORD_SYSTEM_CLIENT_ID: str({
    default: undefined,
    requiredWhen: (env) => production(env) || !!env.CLIENT_RECORD_SYSTEM_PRIVATE_KEY || !!env.CLIENT_RECORD_SYSTEM_PRIVATE_KEY_FILE,
    desc: "this service's SMART Backend Services client id at the client-record system",
  }),
  CLIENT_RECORD_SYSTEM_PRIVATE_KEY: str({
    default: undefined,
    requiredWhen: (env) => (production(env) || !!env.CLIENT_RECORD_SYSTEM_CLIENT_ID) && !env.CLIENT_RECORD_SYSTEM_PRIVATE_KEY_FILE,
    desc: 'the private key (PEM or JWK; ES384 or RS384) whose public key the client-record system registered, or CLIENT_RECORD_SYSTEM_PRIVATE_KEY_FILE',
  }),
  CLIENT_RECORD_SYSTEM_PRIVATE_KEY_FILE: optional(
    str({ desc: 'a file holding the private key (PEM or JWK), instead of CLIENT_RECORD_SYSTEM_PRIVATE_KEY' }),
  ),
  CLIENT_RECORD_SYSTEM_SCOPE: optional(str({ desc: 'SMART scopes to ask for; system/*.read system/*.write' })),
  SYSTEM_CREDENTIALS_FILE: optional(
    str({ desc: 'development: where the generated system credentials are kept; .data/system-clients.json' }),
  ),
};

const database = {
  DATABASE_URL: optional(databaseUrl()),
  DATABASE_POOL_MAX: wholeNumber(1)({ default: 10 }),
};

/**
 * What one caller (a token's role and subject) may ask of the gateway: requests per minute of
 * each role (gateway/rate-limit) and persisted queries (gateway/cache/persisted-queries.ts),
 * where the figures are explained.
 */
export const CALLER_SETTINGS = {
  RATE_LIMIT_PER_MINUTE_PROVIDER: wholeNumber(1)({ default: 600, desc: "requests per minute of a provider's system (it polls)" }),
  RATE_LIMIT_PER_MINUTE_CASE_WORKER: wholeNumber(1)({ default: 120, desc: 'requests per minute of a case worker' }),
  RATE_LIMIT_PER_MINUTE_ADMIN: wholeNumber(1)({ default: 120, desc: 'requests per minute of an administrator' }),
  RATE_LIMIT_PER_MINUTE_CLIENT: wholeNumber(1)({ default: 60, desc: 'requests per minute of a client' }),
  RATE_LIMIT_PER_MINUTE_ANALYST: wholeNumber(1)({ default: 30, desc: 'requests per minute of an analyst' }),
  PERSISTED_QUERY_TTL_SECONDS: wholeNumber(1)({
    default: 24 * 3600,
    desc: 'how long a persisted query is kept, and the window of the quota below',
  }),
  PERSISTED_QUERY_MAX_BYTES: wholeNumber(1)({ default: 20 * 1024, desc: 'the largest document a caller may persist, in bytes' }),
  PERSISTED_QUERIES_PER_CALLER: wholeNumber(1)({
    default: 100,
    desc: 'documents one caller may persist within PERSISTED_QUERY_TTL_SECONDS',
  }),
};

/** Browser origins a development stack lets in: the usual local dev servers (Vite, its preview, Next/CRA). */
export const DEV_CORS_ORIGINS = [
  'http://localhost:5173',
  'http://127.0.0.1:5173',
  'http://localhost:4173',
  'http://127.0.0.1:4173',
  'http://localhost:3000',
  'http://127.0.0.1:3000',
];

/**
 * Browser origins for CORS: comma-separated `scheme://host[:port]`, each compared exactly with a
 * browser's Origin header; `none` for no browser origin at all. `*` is refused: the gateway
 * serves personal data, so every origin that may call it from a browser is named.
 */
const origins = makeValidator<string[]>((raw) => {
  const items = raw
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (items.length === 1 && items[0]!.toLowerCase() === 'none') return [];
  const parsed = items.map((item) => {
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      throw new Error('comma-separated origins such as https://app.example.fi,http://localhost:5173 (or none); * is not accepted');
    }
    if (!['http:', 'https:'].includes(url.protocol) || url.origin !== item.replace(/\/$/, '')) {
      throw new Error(
        'comma-separated origins (scheme://host[:port], no path) such as https://app.example.fi (or none); * is not accepted',
      );
    }
    return url.origin;
  });
  if (parsed.length === 0) throw new Error('comma-separated origins such as https://app.example.fi, or none');
  return parsed;
});

/**
 * Which proxies in front of the gateway are trusted to say how a request came in
 * (X-Forwarded-Proto/-For), as express's `trust proxy`: off, a number of hops, or
 * comma-separated addresses, CIDR ranges and `loopback`, `linklocal`, `uniquelocal`. `true`
 * (trust anyone) is refused: anyone could then claim TLS.
 */
const trustProxy = makeValidator<false | number | string[]>((raw) => {
  const v = raw.trim().toLowerCase();
  const expected = 'off, a number of proxy hops, or comma-separated proxy addresses/CIDR ranges (loopback, linklocal, uniquelocal allowed)';
  if (['0', 'off', 'false', 'no'].includes(v)) return false;
  if (/^\d+$/.test(v)) return Number(v);
  const items = v
    .split(',')
    .map((i) => i.trim())
    .filter(Boolean);
  const address = (i: string) => ['loopback', 'linklocal', 'uniquelocal'].includes(i) || ipaddr.isValid(i) || ipaddr.isValidCIDR(i);
  if (items.length === 0 || !items.every(address)) throw new Error(expected);
  return items;
});

/**
 * The gateway toward browsers (gateway/browser, gateway/ide). Unset, CORS_ORIGINS and
 * GRAPHQL_IDE follow NODE_ENV (gateway/browser/settings.ts): a development stack lets the local
 * dev servers (DEV_CORS_ORIGINS) in and serves the IDE; production lets no browser origin in and
 * serves no IDE unless told. (Not envalid's devDefault: that applies only when NODE_ENV is set,
 * and here an unset NODE_ENV means development.)
 */
export const BROWSER_SETTINGS = {
  NODE_ENV: common.NODE_ENV,
  CORS_ORIGINS: optional(origins({ desc: 'comma-separated browser origins allowed by CORS, e.g. https://app.example.fi, or none' })),
  GRAPHQL_IDE: optional(onOff({ desc: 'serve the in-browser IDE at GET /graphql (on or off)' })),
  TRUST_PROXY: trustProxy({ default: false, desc: 'the proxies trusted to report TLS (X-Forwarded-Proto)' }),
};

export const SETTINGS = {
  gateway: {
    ...common,
    ...signing,
    PORT: port({ default: 4000 }),
    METRICS_PORT: optional(port()),
    REDIS_URL: optional(redisUrl()),
    JWKS_URL: str({
      default: undefined,
      requiredWhen: (env) => env.NODE_ENV === 'production',
      desc: 'where the identity provider publishes its keys',
    }),
    JWT_ISSUER: optional(str()),
    JWT_AUDIENCE: optional(str()),
    DEV_ISSUER_KEY_FILE: optional(str()),
    CLIENT_RECORDS_URL: optional(httpUrl()),
    VOUCHERS_URL: optional(httpUrl()),
    PROVIDERS_URL: optional(httpUrl()),
    AUDIT_URL: optional(httpUrl()),
    ...BROWSER_SETTINGS,
    ...CALLER_SETTINGS,
  },
  'client-records': {
    ...common,
    ...signing,
    ...UPSTREAM_SETTINGS,
    ...systems,
    ...SYSTEM_CLIENT_SETTINGS,
    CLIENT_RECORDS_PORT: port({ default: 4001 }),
    PROVIDERS_URL: optional(httpUrl()),
  },
  vouchers: {
    ...common,
    ...signing,
    ...UPSTREAM_SETTINGS,
    ...systems,
    ...SYSTEM_CLIENT_SETTINGS,
    VOUCHERS_PORT: port({ default: 4002 }),
    PROVIDERS_URL: optional(httpUrl()),
    // Spending reports running at once and waiting, per role (subgraphs/vouchers/report-gate.ts).
    REPORT_CONCURRENCY_PER_ROLE: wholeNumber(1)({ default: 2 }),
    REPORT_QUEUE_PER_ROLE: wholeNumber(0)({ default: 4 }),
  },
  providers: {
    ...common,
    ...signing,
    ...UPSTREAM_SETTINGS,
    ...database,
    ...SYSTEM_CLIENT_SETTINGS,
    VOUCHER_SYSTEM_URL: systems.VOUCHER_SYSTEM_URL,
    PROVIDERS_PORT: port({ default: 4003 }),
    CATALOGUE_DATA_DIR: optional(str()),
    CATALOGUE_SCHEMA: optional(str()),
    WEBHOOK_ALLOW_PRIVATE_URLS: onOff({ default: false }),
  },
  audit: {
    ...common,
    ...signing,
    ...database,
    AUDIT_PORT: port({ default: 4004 }),
    AUDIT_DATA_DIR: optional(str()),
    // The owner of the log (DATABASE_URL) can disable its triggers; the running store must not be it.
    AUDIT_DATABASE_URL: databaseUrl({
      default: undefined,
      requiredWhen: (env) => env.NODE_ENV === 'production' && !!env.DATABASE_URL,
      desc: 'the role the audit store runs as, which may only insert and select its log (DATABASE_URL, the owner, runs the migrations)',
    }),
  },
  // A stand-in started alone registers the clients the subgraphs of the same environment are.
  'client-record-system': {
    ...common,
    ...SYSTEM_CLIENT_SETTINGS,
    CLIENT_RECORD_SYSTEM_PORT: port({ default: 4101 }),
    STANDIN_LATENCY_MS: wholeNumber(0)({ default: 0 }),
    STANDIN_FAILURE_RATE: share({ default: 0 }),
  },
  'voucher-system': {
    ...common,
    ...SYSTEM_CLIENT_SETTINGS,
    VOUCHER_SYSTEM_PORT: port({ default: 4102 }),
    STANDIN_LATENCY_MS: wholeNumber(0)({ default: 0 }),
    STANDIN_FAILURE_RATE: share({ default: 0 }),
  },
};

export type ProcessKind = keyof typeof SETTINGS;

/** What a group of specs reads as: each validator's parsed type, possibly absent when it has no default. */
type Parsed<V> = V extends { _parse: (input: string) => infer T } ? T : unknown;
export type Settings<S> = { readonly [K in keyof S]: Parsed<S[K]> | (S[K] extends { default: undefined } ? undefined : never) };

/** Every group `npm start` runs in one process: the union of all. */
export const STACK_SETTINGS = Object.assign({}, ...Object.values(SETTINGS)) as (typeof SETTINGS)[ProcessKind];

/**
 * The validated settings of a process, or — when a setting is malformed — its message on stderr
 * and exit code 1: what every main.ts calls first, so nothing starts broken.
 */
export function settingsOrExit<K extends ProcessKind>(kind: K, env: NodeJS.ProcessEnv = process.env) {
  return orExit(() => readSettings(kind, env));
}

/** `npm start`: every part in one process, so the union of every part's settings. */
export function stackSettingsOrExit(env: NodeJS.ProcessEnv = process.env) {
  return orExit(
    () =>
      validate(STACK_SETTINGS, env) as unknown as Settings<
        (typeof SETTINGS)['gateway'] &
          (typeof SETTINGS)['providers'] &
          (typeof SETTINGS)['audit'] &
          (typeof SETTINGS)['client-record-system'] &
          (typeof SETTINGS)['voucher-system'] &
          (typeof SETTINGS)['vouchers'] &
          (typeof SETTINGS)['client-records']
      >,
  );
}

function orExit<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

/**
 * The validated settings of a process; throws SettingsError naming every bad one. A secret's
 * value is never repeated in the message.
 */
export function readSettings<K extends ProcessKind>(kind: K, env: NodeJS.ProcessEnv = process.env) {
  return validate(SETTINGS[kind], env) as unknown as Settings<(typeof SETTINGS)[K]>;
}

export function validate<S extends Record<string, Spec<unknown>>>(specs: S, env: NodeJS.ProcessEnv) {
  // envalid reads '' as a value; an empty variable means "not set" to people and shells alike.
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const settings = cleanEnv(given, specs, {
    reporter: ({ errors }) => {
      const problems = Object.entries(errors).map(([name, error]) => {
        const e = error as Error | undefined;
        if (e?.name === 'EnvMissingError') return `${name} is required here: ${specs[name]?.desc ?? 'see README'}`;
        // envalid's own validators say "Invalid port input: \"…\"": name the kind, never echo the value.
        const builtIn = /^Invalid (\w+) input/.exec(e?.message ?? '');
        if (builtIn) return `${name} must be a valid ${builtIn[1]}${specs[name]?.desc ? ` (${specs[name]!.desc})` : ''}`;
        if (e?.message?.startsWith('Value "')) return `${name} must be one of: ${(specs[name]?.choices ?? []).join(', ')}`;
        return `${name} must be ${e?.message ?? 'a valid value'}`;
      });
      if (problems.length) throw new SettingsError(problems);
    },
  });
  // envalid's result throws on reading a key it does not declare: ask only when declared.
  const secret = 'SUBGRAPH_SIGNING_SECRET' in specs ? (settings as Record<string, unknown>).SUBGRAPH_SIGNING_SECRET : undefined;
  if (typeof secret === 'string' && secret.length < 32)
    throw new SettingsError(['SUBGRAPH_SIGNING_SECRET must be at least 32 characters (e.g. `openssl rand -hex 32`)']);
  return settings;
}
