/**
 * The audit of client-data reads, as it travels: each subgraph notes, in its policy module,
 * every client whose data it lets a viewer read in a request (`AuditTrail.record`), and returns
 * the notes in the response's `extensions.clientDataReads`. The gateway gathers them from all
 * subgraphs of an operation and appends one entry per client to the append-only audit store
 * before the answer leaves (gateway/audit). The notes never reach the caller.
 *
 * Why the subgraphs note and the gateway writes: only the subgraph knows whose data a field
 * is, and only the gateway sees the whole operation — one entry per client and operation,
 * written once, and no answer without its audit.
 */

export const AUDIT_EXTENSION = 'clientDataReads';

/** What was read of one client in one subgraph request. */
export interface ClientDataRead {
  clientId: string;
  /** The client's municipality, so case workers can read the audit of their own clients. */
  municipalityCode: string | null;
  /** Kinds of data read: "Client", "ClientPlan", "Order", "Voucher", "Budget", … */
  kinds: string[];
}

export class AuditTrail {
  private readonly reads = new Map<string, { municipalityCode: string | null; kinds: Set<string> }>();

  /** Notes that the viewer is being given `kind` data of this client. */
  record(clientId: string, municipalityCode: string | null | undefined, kind: string): void {
    const entry = this.reads.get(clientId);
    if (entry) {
      entry.kinds.add(kind);
      entry.municipalityCode ??= municipalityCode ?? null;
    } else {
      this.reads.set(clientId, { municipalityCode: municipalityCode ?? null, kinds: new Set([kind]) });
    }
  }

  get size(): number {
    return this.reads.size;
  }

  toJSON(): ClientDataRead[] {
    return [...this.reads].map(([clientId, r]) => ({ clientId, municipalityCode: r.municipalityCode, kinds: [...r.kinds].sort() }));
  }
}

/** Reads reported in a subgraph response's extensions, validated (a subgraph is trusted, but typed data is not assumed). */
export function readsFromExtensions(extensions: Record<string, unknown> | undefined | null): ClientDataRead[] {
  const raw = extensions?.[AUDIT_EXTENSION];
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((r) =>
    r && typeof r.clientId === 'string' && Array.isArray(r.kinds)
      ? [{ clientId: r.clientId, municipalityCode: typeof r.municipalityCode === 'string' ? r.municipalityCode : null, kinds: r.kinds.filter((k: unknown) => typeof k === 'string') }]
      : [],
  );
}
