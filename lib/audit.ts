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
 */

/** The extension's name predates writes; it carries both, per client. */
export const AUDIT_EXTENSION = 'clientDataReads';

/** Longest write action kept (the audit store's limit); longer ones are cut. */
export const MAX_WRITE_ACTION = 200;

/** What was read and written of one client in one subgraph request (or, merged, one operation). */
export interface ClientDataRead {
  clientId: string;
  /** The client's municipality, so case workers can read the audit of their own clients. */
  municipalityCode: string | null;
  /** Kinds of data read: "Client", "ClientPlan", "Order", "Voucher", "Budget", … (may be empty when only written). */
  kinds: string[];
  /** Writes that succeeded, in order: mutation and target, e.g. "approvePlan ClientPlan/cp-1" (may be empty). */
  written?: string[];
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
  private readonly clients = new Map<string, { municipalityCode: string | null; kinds: Set<string>; written: Set<string> }>();
  private readonly subjects = new Map<string, Set<string>>();

  private entry(clientId: string, municipalityCode: string | null | undefined) {
    let entry = this.clients.get(clientId);
    if (!entry) {
      entry = { municipalityCode: municipalityCode ?? null, kinds: new Set(), written: new Set() };
      this.clients.set(clientId, entry);
    } else {
      entry.municipalityCode ??= municipalityCode ?? null;
    }
    return entry;
  }

  /** Notes that the viewer is being given `kind` data of this client. */
  record(clientId: string, municipalityCode: string | null | undefined, kind: string): void {
    this.entry(clientId, municipalityCode).kinds.add(kind);
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
   * (CONTRACT.md: every write is audited): a provider's application or offering, a decision, a
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
      ...[...this.clients].map(([clientId, c]) => ({ clientId, municipalityCode: c.municipalityCode, kinds: [...c.kinds].sort(), ...(c.written.size ? { written: [...c.written] } : {}) })),
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
    const written = strings(r.written).filter((w) => w.trim()).map(normaliseWriteAction);
    return [{ clientId: r.clientId, municipalityCode: typeof r.municipalityCode === 'string' ? r.municipalityCode : null, kinds: strings(r.kinds), written }];
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
    const written = strings(r.written).filter((w) => w.trim()).map(normaliseWriteAction);
    return written.length ? [{ subject: r.subject.trim().slice(0, MAX_SUBJECT), written }] : [];
  });
}
