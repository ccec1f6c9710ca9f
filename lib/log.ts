/**
 * Structured logs (pino). Privacy by construction: identity codes, names, addresses and tokens
 * are redacted wherever they appear under the usual keys, so a careless log line cannot leak them.
 */
import { pino, type Logger } from 'pino';

const SENSITIVE = [
  'hetu',
  'personalIdentityCode',
  'firstName',
  'lastName',
  'givenName',
  'familyName',
  'name',
  'address',
  'phone',
  'email',
  'authorization',
  'token',
  'situation',
];
// The top-level `name` is pino's logger name; people's names sit below it.
const paths = SENSITIVE.flatMap((k) => (k === 'name' ? [] : [k]))
  .concat(SENSITIVE.flatMap((k) => [`*.${k}`, `*.*.${k}`]))
  .concat(['req.headers.authorization', 'req.headers["x-viewer-token"]']);

/** Where lines go: standard output (pino's own destination), or a test's capture (captureLogs). */
let captured: ((line: string) => void) | null = null;
let stdout: ReturnType<typeof pino.destination> | null = null;
const destination = {
  write(line: string) {
    if (captured) captured(line);
    else (stdout ??= pino.destination({ fd: 1, sync: true })).write(line);
  },
};

export function createLogger(name: string): Logger {
  return pino(
    {
      name,
      level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
      redact: { paths, censor: '[redacted]' },
    },
    destination,
  );
}

/**
 * Tests: every line of every logger goes to `write` (one JSON line each) instead of standard
 * output, until the returned function is called. Loggers log at LOG_LEVEL, silent under vitest
 * unless the test sets LOG_LEVEL before the modules that make them are loaded (vi.hoisted).
 */
export function captureLogs(write: (line: string) => void): () => void {
  captured = write;
  return () => {
    if (captured === write) captured = null;
  };
}
