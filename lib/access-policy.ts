/**
 * The one shape of an access policy, shared by every subgraph (docs/architecture.md principle 3: the
 * gateway authenticates, subgraphs authorise, the rules in one policy module per subgraph).
 *
 * After Medplum's AccessPolicy: the policy is *data*, built from the viewer once per request —
 * per kind of record, which records the viewer reaches (a filter of facts such as
 * `{ clientId }`, `{ municipalityCode }`, `{ providerId }`, or every record) and which of their
 * fields stay hidden; per kind of write, on which records the viewer may make it. Each
 * subgraph's policy.ts builds that data (`buildPolicy(viewer)`) and gives its resolvers one
 * entry point that applies it — `release(kind, record)`, `releaseAll(kind, records)`,
 * `assertMayWrite(action, record)` — and notes for the audit what it released.
 *
 * Why data: a list is searched with the same filter a record loaded by id is checked against,
 * so the two cannot disagree, and reading the policy tells who sees what without reading code.
 * A later access model (family members, substitutes, consent) adds rows, not branches.
 */
import { forbidden } from './errors.js';

/** A fact of a record the policy filters on: a value, several (e.g. the providers that perform it), or none. */
export type Fact = string | null | undefined | readonly string[];
export type Facts = Readonly<Record<string, Fact>>;

/** A filter of facts: a record meets it when each named fact equals (or is one of) the value(s). */
export type Criteria = Readonly<Record<string, string | readonly string[]>>;

/** One entry of a grant: the records it covers and what of them the viewer may not read. */
export interface Access<Field extends string = string> {
  /** The records: those meeting every criterion, or 'all'. */
  where: Criteria | 'all';
  /** Fields of these records hidden from the viewer. */
  hidden?: readonly Field[];
  /** Reached through other records or by id, but left out of lists and searches. */
  unlisted?: boolean;
}

/** What a viewer may do to one kind of record: the first entry a record meets decides; none, and it is not the viewer's. */
export type Grant = readonly Access[];

/** A viewer's policy: a grant per kind of record read and per kind of write. */
export interface PolicyData<Kind extends string, Write extends string = never> {
  read: Readonly<Record<Kind, Grant>>;
  write: Readonly<Record<Write, Grant>>;
}

/** The grant no one has: a kind the viewer reaches nothing of. */
export const NONE: Grant = [];
/** Every record of the kind. */
export const ALL: Grant = [{ where: 'all' }];

/**
 * A grant limited to records whose `key` is `value`; none when the token names no value (a
 * client's token without a client id reaches no client).
 */
export function only(key: string, value: string | null | undefined, options: Omit<Access, 'where'> = {}): Grant {
  return value ? [{ where: { [key]: value }, ...options }] : NONE;
}

const values = (v: Fact | string | readonly string[]): readonly string[] => (v == null ? [] : typeof v === 'string' ? [v] : v);

/** Whether facts meet a filter; a fact the record lacks never does. `known`: only the facts given are judged. */
function meets(where: Criteria | 'all', facts: Facts, known = false): boolean {
  if (where === 'all') return true;
  return Object.entries(where).every(([key, wanted]) => {
    if (known && !(key in facts)) return true;
    const have = values(facts[key]);
    return values(wanted).some((w) => have.includes(w));
  });
}

function fixedIn(grant: Grant, key: string): string | null {
  const fixed = grant.map((a) => (a.where === 'all' ? undefined : a.where[key]));
  return grant.length > 0 && fixed.every((v) => typeof v === 'string' && v === fixed[0]) ? (fixed[0] as string) : null;
}

/** A viewer's policy, applied: the questions every subgraph's entry point asks of its data. */
export class AccessPolicy<Kind extends string, Write extends string = never> {
  constructor(readonly data: PolicyData<Kind, Write>) {}

  /** The entry a record with these facts falls under, or null: the viewer may not see it. */
  entry(kind: Kind, facts: Facts): Access | null {
    return this.data.read[kind].find((a) => meets(a.where, facts)) ?? null;
  }

  /** Whether the viewer may see a record with these facts. */
  may(kind: Kind, facts: Facts): boolean {
    return this.entry(kind, facts) !== null;
  }

  /**
   * Whether a record of which only some facts are known yet (an id before it is loaded) could
   * be the viewer's: false refuses before anything is looked up.
   */
  mayReach(kind: Kind, known: Facts = {}): boolean {
    return this.data.read[kind].some((a) => meets(a.where, known, true));
  }

  /** Whether `field` of a record with these facts is hidden from the viewer (every field of a record it may not see). */
  hides(kind: Kind, facts: Facts, field: string): boolean {
    const entry = this.entry(kind, facts);
    return !entry || (entry.hidden ?? []).includes(field);
  }

  /** The filters a list or search of the kind applies: 'all', or the criteria of each listed entry ([]: nothing). */
  listed(kind: Kind): 'all' | Criteria[] {
    const entries = this.data.read[kind].filter((a) => !a.unlisted);
    return entries.some((a) => a.where === 'all') ? 'all' : entries.map((a) => a.where as Criteria);
  }

  /** Whether the grant of the kind filters on this fact: the facts worth loading for it (a relation read only when needed). */
  filtersOn(kind: Kind, key: string): boolean {
    return this.data.read[kind].some((a) => a.where !== 'all' && key in a.where);
  }

  /** The one value a fact is fixed to for every record of the kind the viewer reaches (e.g. its own provider id), or null. */
  fixed(kind: Kind, key: string): string | null {
    return fixedIn(this.data.read[kind], key);
  }

  /** The one value a fact is fixed to for every record the viewer may make this write to, or null. */
  fixedForWrite(action: Write, key: string): string | null {
    return fixedIn(this.data.write[action], key);
  }

  /**
   * Whether the viewer may make this write to a record with these facts; without facts, whether
   * it may make it to any record at all (asked before anything is read).
   */
  mayWrite(action: Write, facts?: Facts): boolean {
    return this.data.write[action].some((a) => meets(a.where, facts ?? {}, facts === undefined));
  }

  /**
   * The value of `key` an aggregate read (a report, a list) is narrowed to: null for every
   * record, the viewer's own when the grant fixes one (FORBIDDEN when it asked for another),
   * FORBIDDEN when the viewer reaches nothing of the kind.
   */
  narrow(kind: Kind, key: string, requested: string | null | undefined, what: string): string | null {
    const grant = this.data.read[kind];
    if (!grant.length) throw forbidden(`${what} are not for this viewer`);
    if (grant.some((a) => a.where === 'all')) return requested ?? null;
    const limit = this.fixed(kind, key);
    if (!limit) throw forbidden(`${what} are not for this viewer`);
    if (requested && requested !== limit) throw forbidden(`the viewer may read ${what} of ${limit} only`);
    return limit;
  }
}
