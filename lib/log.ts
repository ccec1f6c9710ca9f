/**
 * Structured logs (pino). Privacy by construction: identity codes, names, addresses and tokens
 * are redacted wherever they appear under the usual keys, so a careless log line cannot leak them.
 */
import { pino, type Logger } from 'pino';

const SENSITIVE = [
  'hetu', 'personalIdentityCode', 'firstName', 'lastName', 'givenName', 'familyName', 'name', 'address',
  'phone', 'email', 'authorization', 'token', 'situation',
];
// The top-level `name` is pino's logger name; people's names sit below it.
const paths = SENSITIVE.flatMap((k) => (k === 'name' ? [] : [k])).concat(SENSITIVE.flatMap((k) => [`*.${k}`, `*.*.${k}`])).concat(['req.headers.authorization', 'req.headers["x-viewer-token"]']);

export function createLogger(name: string): Logger {
  return pino({
    name,
    level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
    redact: { paths, censor: '[redacted]' },
  });
}
