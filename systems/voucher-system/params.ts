/**
 * Reading query parameters the way the OpenAPI document describes them: repeated parameters for
 * batches, strict formats, unknown parameters refused. Why collect-then-throw: a client fixing
 * its request wants every bad parameter named in one 400, not one per attempt.
 */
import { ProblemError, type InvalidParam } from './problem.js';

export const MAX_VALUES = 200;
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;
const MUNICIPALITY = /^[0-9]{3}$/;
const MONTH = /^[0-9]{4}-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export const formats = { ID, CODE, MUNICIPALITY, MONTH };

/** A real calendar date (2026-02-30 is not). */
export function isDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function isDateTime(value: string): boolean {
  return DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

export class QueryReader {
  private readonly problems: InvalidParam[] = [];

  constructor(
    private readonly raw: Record<string, unknown>,
    allowed: readonly string[],
  ) {
    for (const name of Object.keys(raw)) {
      if (!allowed.includes(name)) this.problems.push({ name, reason: `unknown parameter; allowed: ${allowed.join(', ')}` });
    }
  }

  private values(name: string): string[] {
    const v = this.raw[name];
    if (v === undefined) return [];
    if (Array.isArray(v)) return v.map(String);
    return [String(v)];
  }

  private fail(name: string, reason: string): void {
    this.problems.push({ name, reason });
  }

  /** A repeatable parameter; every value must match the format. Duplicates are dropped. */
  list(name: string, format: RegExp, what: string): string[] {
    const values = this.values(name);
    if (values.length > MAX_VALUES) this.fail(name, `at most ${MAX_VALUES} values`);
    const bad = values.find((v) => !format.test(v));
    if (bad !== undefined) this.fail(name, `${JSON.stringify(bad.slice(0, 80))} is not ${what}`);
    return [...new Set(values)];
  }

  enumList<T extends string>(name: string, allowed: readonly T[]): T[] {
    const values = this.values(name);
    const bad = values.find((v) => !(allowed as readonly string[]).includes(v));
    if (bad !== undefined) this.fail(name, `${JSON.stringify(bad.slice(0, 80))} is not one of ${allowed.join(', ')}`);
    return values as T[];
  }

  private single(name: string): string | undefined {
    const values = this.values(name);
    if (values.length > 1) this.fail(name, 'may be given only once');
    return values[0];
  }

  date(name: string, required: boolean): string | undefined {
    const v = this.single(name);
    if (v === undefined) {
      if (required) this.fail(name, 'is required (YYYY-MM-DD)');
      return undefined;
    }
    if (!isDate(v)) this.fail(name, 'must be a date YYYY-MM-DD');
    return v;
  }

  dateTime(name: string): string | undefined {
    const v = this.single(name);
    if (v !== undefined && !isDateTime(v)) this.fail(name, 'must be an RFC 3339 date-time, e.g. 2026-11-20T08:00:00Z');
    return v;
  }

  limit(): number {
    const v = this.single('limit');
    if (v === undefined) return DEFAULT_LIMIT;
    const n = /^\d{1,4}$/.test(v) ? Number(v) : NaN;
    if (!(n >= 1 && n <= MAX_LIMIT)) this.fail('limit', `must be an integer from 1 to ${MAX_LIMIT}`);
    return n;
  }

  /** A whole number from min to max; `fallback` when absent. */
  integer(name: string, min: number, max: number, fallback: number): number {
    const v = this.single(name);
    if (v === undefined) return fallback;
    const n = /^\d{1,15}$/.test(v) ? Number(v) : NaN;
    if (!(n >= min && n <= max)) {
      this.fail(name, `must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  }

  cursor(): string | undefined {
    const v = this.single('cursor');
    if (v !== undefined && (v.length === 0 || v.length > 512)) this.fail('cursor', 'is not a cursor of this list');
    return v;
  }

  /** Adds a problem found by the caller (e.g. a combination of parameters). */
  invalid(name: string, reason: string): void {
    this.fail(name, reason);
  }

  /** Throws one 400 naming every invalid parameter, if any. */
  done(): void {
    if (this.problems.length) {
      throw new ProblemError(
        400,
        `invalid parameter${this.problems.length > 1 ? 's' : ''}: ${this.problems.map((p) => p.name).join(', ')}`,
        this.problems,
      );
    }
  }
}
