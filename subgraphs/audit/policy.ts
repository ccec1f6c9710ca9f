/**
 * Who may read whose access log — the one module that decides it here, in every subgraph's
 * shape (lib/access-policy.ts): `buildPolicy(viewer)` is the policy as data, `AuditPolicy` the
 * entry point the resolvers go through.
 *   CLIENT       their own log
 *   CASE_WORKER  the log of clients of their own municipality: the municipality the log
 *                recorded for the client most recently. A log that records no municipality of
 *                theirs — another municipality's client, an unknown id, a client nobody has
 *                read yet — is refused, all in the same words. Why not an empty log for an id
 *                without entries: then a refusal would mean "this person has entries
 *                elsewhere", i.e. is a client of another municipality — the very fact the
 *                refusal protects. (A client of their own is read before their log is: reading
 *                them records the municipality.)
 *   ADMIN        any client's log
 *   PROVIDER, ANALYST  none
 * The write log (writes that changed no client's data): ADMIN all; PROVIDER its own subject
 * "Provider/<id>"; others none.
 */
import { ALL, AccessPolicy, NONE, only, type Grant, type PolicyData } from '../../lib/access-policy.js';
import { forbidden } from '../../lib/errors.js';
import type { Viewer } from '../../lib/viewer.js';
import type { AuditStore } from './store.js';

/** A client's access log (facts: clientId, municipalityCode), and the write log (facts: subject). */
type Kind = 'AccessLog' | 'WriteLog';

/** The policy as data: whose logs this viewer reaches. */
export function buildPolicy(viewer: Viewer): PolicyData<Kind> {
  const { clientId, municipalityCode, providerId } = viewer;
  const read = ((): Record<Kind, Grant> => {
    switch (viewer.role) {
      case 'CLIENT':
        return { AccessLog: only('clientId', clientId), WriteLog: NONE };
      case 'CASE_WORKER':
        return { AccessLog: only('municipalityCode', municipalityCode), WriteLog: NONE };
      case 'ADMIN':
        return { AccessLog: ALL, WriteLog: ALL };
      case 'PROVIDER':
        return { AccessLog: NONE, WriteLog: only('subject', providerId && `Provider/${providerId}`) };
      case 'ANALYST':
        return { AccessLog: NONE, WriteLog: NONE };
    }
  })();
  return { read, write: {} };
}

export class AuditPolicy extends AccessPolicy<Kind> {
  constructor(
    viewer: Viewer,
    private readonly store: AuditStore,
  ) {
    super(buildPolicy(viewer));
  }

  /** The client whose log `myAccessLog` shows: the one the viewer's logs are fixed to. */
  ownClientId(): string {
    const own = this.fixed('AccessLog', 'clientId');
    if (!own) throw forbidden('myAccessLog is for clients; case workers and administrators use accessLog(clientId)');
    return own;
  }

  /**
   * The subject whose writes `writeLog` shows (null: every subject): administrators any; a
   * provider only its own, which it must name.
   */
  releaseWriteLog(requested: string | null | undefined): string | null {
    if (this.listed('WriteLog') === 'all') return requested ?? null;
    const own = this.fixed('WriteLog', 'subject');
    if (own && requested === own) return own;
    throw forbidden(
      own ? `a provider reads its own write log: subject "${own}"` : 'the write log is for administrators and providers (their own)',
    );
  }

  /**
   * A client's access log: FORBIDDEN unless the viewer may read it, the same refusal whatever
   * the log holds. The log's municipality is read only when the policy filters on it.
   */
  async release(kind: 'AccessLog', clientId: string): Promise<string> {
    if (this.may(kind, { clientId })) return clientId;
    if (this.mayReach(kind, { clientId }) && this.may(kind, { clientId, municipalityCode: await this.store.municipalityOf(clientId) }))
      return clientId;
    throw forbidden('not allowed to read this client’s access log');
  }
}
