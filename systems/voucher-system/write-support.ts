/**
 * What every write endpoint of the voucher system shares: reading a JSON body strictly (every
 * bad field named in one 400, unknown fields refused), Idempotency-Key handling (a retry gets
 * the first answer, a key reused for another body 422), If-Match against a resource's version
 * (428 without, 412 stale), and the system's clock.
 *
 * Why one place: a client that learns one write endpoint knows them all, and the rules that
 * keep a retried or concurrent write from doing harm are written once.
 */
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { decimalToHundredths } from '../../lib/money.js';
import { formats, isDate } from './params.js';
import { ProblemError, type InvalidParam } from './problem.js';
import { etagOf } from './store.js';

const QUANTITY = /^[0-9]{1,13}(\.[0-9]{1,2})?$/;
/** Control characters other than tab and newline are never stored. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Now, to the second, as the system stamps its records. */
export const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Today in Finland: "not in the future" is judged by the municipality's calendar, not UTC's. */
export function today(at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Reads the fields of a JSON object body, collecting every problem; `done()` throws one 400. */
export class BodyReader {
  private readonly problems: InvalidParam[] = [];
  private readonly body: Record<string, unknown>;

  constructor(raw: unknown, allowed: readonly string[]) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new ProblemError(400, 'the body must be a JSON object', [{ name: 'body', reason: 'must be a JSON object' }]);
    }
    this.body = raw as Record<string, unknown>;
    for (const key of Object.keys(this.body)) if (!allowed.includes(key)) this.problems.push({ name: key, reason: 'unknown field' });
  }

  has(name: string): boolean {
    return this.body[name] !== undefined;
  }

  invalid(name: string, reason: string): void {
    this.problems.push({ name, reason });
  }

  id(name: string): string {
    const v = this.body[name];
    if (typeof v !== 'string' || !formats.ID.test(v)) this.invalid(name, 'required identifier');
    return v as string;
  }

  optionalId(name: string): string | undefined {
    return this.has(name) ? this.id(name) : undefined;
  }

  code(name: string, what: string): string {
    const v = this.body[name];
    if (typeof v !== 'string' || !formats.CODE.test(v)) this.invalid(name, `required ${what}`);
    return v as string;
  }

  municipality(name: string): string {
    const v = this.body[name];
    if (typeof v !== 'string' || !formats.MUNICIPALITY.test(v)) this.invalid(name, 'required three-digit municipality code');
    return v as string;
  }

  /** A free text of 1..max characters, trimmed; no control characters. */
  text(name: string, max: number): string {
    const v = this.body[name];
    if (typeof v !== 'string' || !v.trim() || v.length > max || CONTROL.test(v)) {
      this.invalid(name, `required text of 1–${max} characters, no control characters`);
      return '';
    }
    return v.trim();
  }

  optionalText(name: string, max: number): string | null {
    return this.has(name) && this.body[name] !== null ? this.text(name, max) : null;
  }

  /** Whole cents ≥ 0. */
  cents(name: string): number {
    const v = this.body[name];
    if (!Number.isSafeInteger(v) || (v as number) < 0) this.invalid(name, 'required: whole cents ≥ 0');
    return v as number;
  }

  /** A quantity in hundredths, from a decimal string with at most two decimals; `positive` refuses 0. */
  quantity(name: string, positive: boolean): number {
    const v = this.body[name];
    if (typeof v !== 'string' || !QUANTITY.test(v) || (positive && decimalToHundredths(v) <= 0)) {
      this.invalid(name, `required: a ${positive ? 'positive ' : ''}decimal string with at most two decimals, e.g. "12.5"`);
      return NaN;
    }
    return decimalToHundredths(v);
  }

  date(name: string): string {
    const v = this.body[name];
    if (typeof v !== 'string' || !isDate(v)) this.invalid(name, 'required date YYYY-MM-DD');
    return v as string;
  }

  raw(name: string): unknown {
    return this.body[name];
  }

  /** Throws one 400 naming every invalid field, if any. */
  done(): void {
    if (this.problems.length) {
      throw new ProblemError(
        400,
        `invalid field${this.problems.length > 1 ? 's' : ''}: ${this.problems.map((p) => p.name).join(', ')}`,
        this.problems,
      );
    }
  }
}

interface Remembered {
  digest: string;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** A write under way with an Idempotency-Key: `send` answers it and remembers the answer for retries. */
export interface KeyedWrite {
  send(res: Response, status: number, body: unknown, headers?: Record<string, string>): void;
}

/**
 * Idempotency keys, per operation. Only successful answers are remembered: a refused write
 * changed nothing, so its retry is decided afresh (a balance may have been freed meanwhile).
 * Why checked before anything else: the same key with the same body must give the first
 * answer even when the state has moved on since.
 */
export class IdempotencyKeys {
  private readonly answers = new Map<string, Remembered>();

  /** null when the request was a retry and has been answered; otherwise the write to carry out. */
  begin(req: Request, res: Response, operation: string): KeyedWrite | null {
    const key = req.header('idempotency-key');
    if (!key || key.length < 8 || key.length > 128) {
      throw new ProblemError(400, 'Idempotency-Key header is required (8–128 characters)', [
        { name: 'Idempotency-Key', reason: 'required, 8–128 characters' },
      ]);
    }
    // A caller may name what makes a retry the same request (Idempotency-Fingerprint); otherwise the body does.
    const digest =
      req.header('idempotency-fingerprint')?.slice(0, 128) ??
      createHash('sha256')
        .update(JSON.stringify(req.body ?? null))
        .digest('hex');
    const slot = `${operation}\u0000${key}`;
    const earlier = this.answers.get(slot);
    if (earlier) {
      if (earlier.digest !== digest) {
        throw new ProblemError(422, 'this Idempotency-Key was used with a different request', undefined, '/problems/idempotency-mismatch');
      }
      for (const [name, value] of Object.entries(earlier.headers)) res.setHeader(name, value);
      res.status(earlier.status).json(earlier.body);
      return null;
    }
    return {
      send: (response, status, body, headers = {}) => {
        this.answers.set(slot, { digest, status, body, headers });
        for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
        response.status(status).json(body);
      },
    };
  }
}

/** Requires If-Match to name the resource's current ETag (its version): 428 without, 412 stale. */
export function requireIfMatch(req: Request, current: unknown, what: string): void {
  const ifMatch = req.header('if-match');
  if (!ifMatch) throw new ProblemError(428, `If-Match with the ${what}'s ETag is required`);
  const etag = etagOf(current);
  if (!ifMatch.split(',').some((tag) => tag.trim() === etag))
    throw new ProblemError(412, `the ${what} has changed since it was read (now ${etag})`);
}
