/**
 * What every write resolver checks before it calls a system, and how a system's refusal becomes
 * one of the contract's codes (docs/contract.md "Writes (Mutation)", "Errors").
 *
 * Why in one place: "bad input gets a clear error and changes nothing" must read the same in
 * every subgraph — the same argument names (`input.quantity`), the same limits, the same code for
 * the same cause — and a system's 4xx on the merits must never look like an outage.
 */
import { createHash } from 'node:crypto';
import { badUserInput, graphqlError, SystemRefusal, type ErrorCode } from './errors.js';
import { decimalToHundredths } from './money.js';
import type { Viewer } from './viewer.js';

/** Control characters other than tab and newline are never stored: they break logs, exports and FHIR text. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const invalid = (argumentName: string, reason: string) => badUserInput(`${argumentName} ${reason}`, { argumentName });

/** An optional free text: trimmed, at most `max` characters, no control characters; empty → null. */
export function text(value: string | null | undefined, argumentName: string, max: number): string | null {
  if (value == null) return null;
  if (CONTROL.test(value)) throw invalid(argumentName, 'must not contain control characters');
  const trimmed = value.trim();
  if (trimmed.length > max) throw invalid(argumentName, `must be at most ${max} characters`);
  return trimmed || null;
}

/** A required free text, as `text` but not empty. */
export function requiredText(value: string | null | undefined, argumentName: string, max: number): string {
  const t = text(value, argumentName, max);
  if (!t) throw invalid(argumentName, 'must not be empty');
  return t;
}

/** An identifier as the systems spell them (letters, digits, '-', '.'); anything else cannot exist. */
export function identifier(value: string, argumentName: string): string {
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(value)) throw invalid(argumentName, 'is not an identifier');
  return value;
}

/** The contract's idempotency key: 1–100 characters, no control characters. */
export function idempotencyKey(value: string, argumentName = 'input.idempotencyKey'): string {
  if (value.length < 1 || value.length > 100) throw invalid(argumentName, 'must be 1–100 characters');
  if (CONTROL.test(value)) throw invalid(argumentName, 'must not contain control characters');
  return value;
}

/**
 * The key a system sees: the caller's key scoped to who sent it and what for, hashed. Why: two
 * parties (or one party's two kinds of write) choosing the same key must never collide, and a
 * key a caller chose never reaches a system or a log as such.
 */
export function systemKey(viewer: Viewer, purpose: string, key: string): string {
  return createHash('sha256').update(`${viewer.role}\u0000${viewer.subject}\u0000${purpose}\u0000${key}`).digest('hex');
}

/** A digest of a write's input, to tell "the same request again" from "the same key, another request". */
export function inputDigest(input: unknown): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('base64url').slice(0, 32);
}

/** A positive quantity in hundredths of its unit: at most two decimals and at most `max` units. */
export function positiveQuantity(value: string, argumentName: string, max = 100_000): number {
  let hundredths: number;
  try {
    hundredths = decimalToHundredths(value);
  } catch {
    throw invalid(argumentName, 'must be a decimal with at most two decimals, e.g. "2.5"');
  }
  if (hundredths <= 0) throw invalid(argumentName, 'must be positive');
  if (hundredths > max * 100) throw invalid(argumentName, `must be at most ${max}`);
  return hundredths;
}

/** Today in Finland (Europe/Helsinki), as a Date: a delivery "not in the future" is judged by the local calendar. */
export function todayInFinland(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * A refusal of a system of record as the contract's error. `codes` maps the system's reasons
 * (SystemRefusal.kind) to codes for this write; unmapped reasons follow the HTTP status: a
 * stale version or a conflict is CONFLICT, a missing record NOT_FOUND, invalid input
 * BAD_USER_INPUT. Anything else is re-thrown as it is.
 */
export function refusalError(error: unknown, what: string, codes: Partial<Record<string, ErrorCode>> = {}): unknown {
  if (!(error instanceof SystemRefusal)) return error;
  const mapped = codes[error.kind];
  const code: ErrorCode =
    mapped ??
    (error.kind === 'stale' || error.status === 409 || error.status === 412
      ? 'CONFLICT'
      : error.status === 404
        ? 'NOT_FOUND'
        : 'BAD_USER_INPUT');
  const message =
    code === 'CONFLICT' && (error.kind === 'stale' || error.status === 412)
      ? `${what}: it has changed since it was read; read it again and retry with its current version`
      : `${what}: ${error.detail}`.slice(0, 500);
  return graphqlError(code, message, { system: error.system, reason: error.kind });
}

/** Runs a system call and turns its refusal into the contract's error. */
export async function orRefusal<T>(what: string, call: () => Promise<T>, codes: Partial<Record<string, ErrorCode>> = {}): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw refusalError(error, what, codes);
  }
}
