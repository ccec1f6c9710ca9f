/**
 * One note per client (and per subject) across all subgraphs of an operation: each subgraph
 * notes what it read and wrote on its own, and the audit log takes one entry per batch, request
 * and client (a batch sent again is refused as a replay).
 */
import { MAX_BASIS, releasedKinds, type ClientDataRead, type SubjectWrite } from '../../lib/audit.js';

/**
 * One note per client across all subgraphs of the operation: the kinds read (sorted; Existence
 * only when nothing more was released), the writes made (in order), the basis (sorted).
 */
export function mergeReads(reads: ClientDataRead[]): ClientDataRead[] {
  const byClient = new Map<string, { municipalityCode: string | null; kinds: Set<string>; written: Set<string>; basis: Set<string> }>();
  for (const r of reads) {
    const seen = byClient.get(r.clientId);
    if (!seen)
      byClient.set(r.clientId, {
        municipalityCode: r.municipalityCode,
        kinds: new Set(r.kinds),
        written: new Set(r.written ?? []),
        basis: new Set(r.basis ?? []),
      });
    else {
      seen.municipalityCode ??= r.municipalityCode;
      for (const k of r.kinds) seen.kinds.add(k);
      for (const w of r.written ?? []) seen.written.add(w);
      for (const b of r.basis ?? []) seen.basis.add(b);
    }
  }
  return [...byClient].map(([clientId, r]) => ({
    clientId,
    municipalityCode: r.municipalityCode,
    kinds: releasedKinds(r.kinds),
    written: [...r.written],
    ...(r.basis.size ? { basis: [...r.basis].sort().slice(0, MAX_BASIS) } : {}),
  }));
}

/** One note per subject, its writes in order, across all subgraphs of the operation. */
export function mergeSubjectWrites(writes: SubjectWrite[]): SubjectWrite[] {
  const bySubject = new Map<string, Set<string>>();
  for (const w of writes) {
    const seen = bySubject.get(w.subject) ?? new Set<string>();
    for (const action of w.written) seen.add(action);
    bySubject.set(w.subject, seen);
  }
  return [...bySubject].map(([subject, written]) => ({ subject, written: [...written] }));
}
