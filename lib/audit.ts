/**
 * The audit of client data, as it travels: each subgraph notes, in its policy module, every
 * client whose data it lets a viewer read in a request (`AuditTrail.record`), and every write
 * to a client's data that succeeded (`AuditTrail.recordWrite`, called by a mutation resolver
 * after the system of record said yes). It returns the notes in the response's
 * `extensions.clientDataReads`. The gateway gathers them from all subgraphs of an operation and
 * appends one entry per client to the append-only audit store before the answer leaves
 * (gateway/audit). The notes never reach the caller.
 *
 * Why the subgraphs note and the gateway writes: only the subgraph knows whose data a field
 * is, and only the gateway sees the whole operation — one entry per client and operation,
 * written once, and no answer without its audit. Writes ride the same notes (one extension,
 * one entry per client) because the law asks the same of them: who, role, when, what, which client.
 *
 * What is noted is what was released, not what was loaded:
 *   - `Existence`: that the client is a client of the service at all — a page of a search that
 *     showed only a count, a cursor or a `__typename`, or a client's id. Knowing that someone
 *     is a social-care client is itself client data, so it is audited; but it is the least
 *     that can be released, so an entry that also read anything else lists only the rest.
 *   - `recordOnRelease` notes a record only when a field of it is resolved (lib/audit-paths.ts):
 *     a list the caller only counted released none of its records.
 *   - `basis`: why a party outside the municipality may see the data — for a provider, the
 *     order and the planned service it reads for (law 703/2023: a disclosure is logged with
 *     its recipient and its basis).
 * The gateway turns the notes into entries and derives each entry's kind of access from them
 * and the viewer (`accessKindOf`), never from anything the caller chose.
 */
import type { AccessKind } from './__generated__/enums.js';
import type { Role } from './viewer.js';

/** The extension's name predates writes; it carries both, per client. */
export const AUDIT_EXTENSION = 'clientDataReads';

/** Longest write action kept (the audit store's limit); longer ones are cut. */
export const MAX_WRITE_ACTION = 200;

/**
 * The kinds of a client's data the audit notes, declared once: the policies note these (each
 * subgraph the kinds it owns), the gateway merges them per client, and a client's access log
 * lists them (`AccessLogEntry.dataRead`).
 *   Existence       only that the person is a client (a count, a cursor, an id)
 *   Client          the client's record; IdentityCode its identity code
 *   ClientPlan      a plan; PlannedService one of its services (client-records subgraph)
 *   Voucher, Order, Delivery, Budget                                (vouchers subgraph)
 */
export const AUDIT_KINDS = [
  'Existence',
  'Client',
  'IdentityCode',
  'ClientPlan',
  'PlannedService',
  'Voucher',
  'Order',
  'Delivery',
  'Budget',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** The kind noted when only the fact that the client exists was released (a count, a cursor, an id). */
export const EXISTENCE = 'Existence' satisfies AuditKind;

/**
 * Why a party may see the data, as "Type/id": the order a provider reads for ("Order/or-1"),
 * the planned service it performs ("PlannedService/ps-1").
 */
const BASIS = /^[A-Z][A-Za-z]{0,39}\/[A-Za-z0-9._:-]{1,100}$/;
/** Most reasons kept per client and operation (a page holds at most 100 orders, each with its service). */
export const MAX_BASIS = 200;

export const isBasis = (v: unknown): v is string => typeof v === 'string' && BASIS.test(v);

/** What was read and written of one client in one subgraph request (or, merged, one operation). */
export interface ClientDataRead {
  clientId: string;
  /** The client's municipality, so case workers can read the audit of their own clients. */
  municipalityCode: string | null;
  /** Kinds of data read (AUDIT_KINDS; may be empty when only written). Strings: a note from the wire is kept whatever it names. */
  kinds: string[];
  /** Writes that succeeded, in order: mutation and target, e.g. "approvePlan ClientPlan/cp-1" (may be empty). */
  written?: string[];
  /** Why the viewer may see it, sorted: e.g. "Order/or-1" (absent or empty when the viewer's own role is the reason). */
  basis?: string[];
}

/** Options of a note: the reason the viewer may see the data (`basis`, see above). */
export interface NoteOptions {
  basis?: string;
}

/** How a client's data was accessed in one operation, as the client's log shows it. */
export type { AccessKind } from './__generated__/enums.js';

/**
 * The kind of one entry, from what the graph itself recorded — never from the caller's
 * operation name:
 *   DISCLOSURE  a provider's system was given any of the client's data: it leaves the
 *               municipality for another controller (law 703/2023), whatever else it did;
 *   WRITE       the client's data was changed (what it read back is in dataRead);
 *   READ        the client's data was read;
 *   EXISTENCE   only the fact that they are a client was released.
 */
export function accessKindOf(entry: { actorRole: Role; dataRead: readonly string[]; dataWritten: readonly string[] }): AccessKind {
  if (entry.actorRole === 'PROVIDER' && entry.dataRead.length > 0) return 'DISCLOSURE';
  if (entry.dataWritten.length > 0) return 'WRITE';
  return entry.dataRead.some((k) => k !== EXISTENCE) ? 'READ' : 'EXISTENCE';
}

/** Kinds as an entry lists them: sorted, and Existence only when nothing more was released. */
export function releasedKinds(kinds: Iterable<string>): string[] {
  const all = [...new Set(kinds)].sort();
  return all.some((k) => k !== EXISTENCE) ? all.filter((k) => k !== EXISTENCE) : all;
}

/**
 * A write that changed no client's data (a provider's application, an offering, a unit cost):
 * audited all the same, under what it changed, e.g. "Provider/pr-0001".
 */
export interface SubjectWrite {
  subject: string;
  written: string[];
}

/** What a subgraph notes in the extension: reads and writes per client, and writes of other subjects. */
export type AuditNote = ClientDataRead | SubjectWrite;

/** Longest subject kept (the audit store's limit). */
export const MAX_SUBJECT = 200;

/** A write action as stored: trimmed, at most MAX_WRITE_ACTION characters, never empty. */
export function normaliseWriteAction(action: string): string {
  return action.trim().slice(0, MAX_WRITE_ACTION).trim() || 'unnamed write';
}

export class AuditTrail {
  private readonly clients: Map<string, { municipalityCode: string | null; kinds: Set<string>; written: Set<string>; basis: Set<string> }>;
  private readonly subjects: Map<string, Set<string>>;

  /** A trail of its own; or, given one, the same notes seen through another trail (a located one, lib/audit-paths.ts). */
  constructor(of?: AuditTrail) {
    this.clients = of ? of.clients : new Map();
    this.subjects = of ? of.subjects : new Map();
  }

  private entry(clientId: string, municipalityCode: string | null | undefined) {
    let entry = this.clients.get(clientId);
    if (!entry) {
      entry = { municipalityCode: municipalityCode ?? null, kinds: new Set(), written: new Set(), basis: new Set() };
      this.clients.set(clientId, entry);
    } else {
      entry.municipalityCode ??= municipalityCode ?? null;
    }
    return entry;
  }

  /** Notes that the viewer is being given `kind` data of this client (and, for a provider, why). */
  record(clientId: string, municipalityCode: string | null | undefined, kind: string, options?: NoteOptions): void {
    const entry = this.entry(clientId, municipalityCode);
    entry.kinds.add(kind);
    if (options?.basis && isBasis(options.basis) && entry.basis.size < MAX_BASIS) entry.basis.add(options.basis);
  }

  /**
   * Notes `kind` of this client when `record` is released to the caller: when a field of it is
   * resolved (a list the caller only counted released none of its items). Only a trail that
   * sees the resolvers can tell (lib/audit-paths.ts); this one notes at once — the audit errs
   * towards recording. `fields` limits the trigger to those fields of the record.
   */
  recordOnRelease(
    _record: object,
    clientId: string,
    municipalityCode: string | null | undefined,
    kind: string,
    options?: NoteOptions & { fields?: readonly string[] },
  ): void {
    this.record(clientId, municipalityCode, kind, options);
  }

  /**
   * Notes a write to this client's data that succeeded: `action` is the mutation's name and,
   * optionally, its target, e.g. "approvePlan ClientPlan/cp-123" (cut to 200 characters).
   * Call it after the write, so a refused write leaves no entry.
   */
  recordWrite(clientId: string, municipalityCode: string | null | undefined, action: string): void {
    this.entry(clientId, municipalityCode).written.add(normaliseWriteAction(action));
  }

  /**
   * Notes a write that changed no client's data but must be in the audit log all the same
   * (docs/contract.md: every write is audited): a provider's application or offering, a decision, a
   * unit cost, a webhook. `subject` is what was written, e.g. "Provider/pr-0001" or
   * "UnitCost/205/kotihoito"; `action` as for recordWrite. Call it after the write succeeded.
   */
  recordSubjectWrite(subject: string, action: string): void {
    let written = this.subjects.get(subject);
    if (!written) this.subjects.set(subject, (written = new Set()));
    written.add(normaliseWriteAction(action));
  }

  /** Clients read or written, and other subjects written. */
  get size(): number {
    return this.clients.size + this.subjects.size;
  }

  /** `written` only where there were writes: a read-only request's notes keep their shape. */
  toJSON(): AuditNote[] {
    return [
      ...[...this.clients].map(([clientId, c]) => ({
        clientId,
        municipalityCode: c.municipalityCode,
        kinds: [...c.kinds].sort(),
        ...(c.written.size ? { written: [...c.written] } : {}),
        ...(c.basis.size ? { basis: [...c.basis].sort() } : {}),
      })),
      ...[...this.subjects].map(([subject, written]) => ({ subject, written: [...written] })),
    ];
  }
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((k: unknown): k is string => typeof k === 'string') : []);

/**
 * Reads and writes reported in a subgraph response's extensions, validated (a subgraph is
 * trusted, but typed data is not assumed). An entry needs a client id and `kinds` or
 * `written` (a missing one counts as none). An entry that names a client but no kind is kept:
 * the subgraph said it let that client's data through, and the audit errs towards recording.
 */
export function readsFromExtensions(extensions: Record<string, unknown> | undefined | null): ClientDataRead[] {
  const raw = extensions?.[AUDIT_EXTENSION];
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((r) => {
    if (!r || typeof r.clientId !== 'string' || (!Array.isArray(r.kinds) && !Array.isArray(r.written))) return [];
    const written = strings(r.written)
      .filter((w) => w.trim())
      .map(normaliseWriteAction);
    const basis = [...new Set(strings(r.basis).filter(isBasis))].sort().slice(0, MAX_BASIS);
    return [
      {
        clientId: r.clientId,
        municipalityCode: typeof r.municipalityCode === 'string' ? r.municipalityCode : null,
        kinds: strings(r.kinds),
        written,
        ...(basis.length ? { basis } : {}),
      },
    ];
  });
}

/**
 * Writes of other subjects reported in a subgraph response's extensions (entries with a
 * `subject` and no client), validated like the client notes.
 */
export function subjectWritesFromExtensions(extensions: Record<string, unknown> | undefined | null): SubjectWrite[] {
  const raw = extensions?.[AUDIT_EXTENSION];
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((r) => {
    if (!r || typeof r.subject !== 'string' || !r.subject.trim() || r.clientId !== undefined) return [];
    const written = strings(r.written)
      .filter((w) => w.trim())
      .map(normaliseWriteAction);
    return written.length ? [{ subject: r.subject.trim().slice(0, MAX_SUBJECT), written }] : [];
  });
}
