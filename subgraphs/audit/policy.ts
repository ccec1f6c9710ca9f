/**
 * Who may read whose access log — the one module that decides it here.
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
import { forbidden } from '../../lib/errors.js';
import type { Viewer } from '../../lib/viewer.js';
import type { AuditStore } from './store.js';

export class AuditPolicy {
  constructor(
    private readonly viewer: Viewer,
    private readonly store: AuditStore,
  ) {}

  /** The client whose log `myAccessLog` shows. */
  ownClientId(): string {
    if (this.viewer.role !== 'CLIENT' || !this.viewer.clientId) throw forbidden('myAccessLog is for clients; case workers and administrators use accessLog(clientId)');
    return this.viewer.clientId;
  }

  /**
   * The subject whose writes `writeLog` shows (null: every subject): administrators any; a
   * provider only its own, which it must name.
   */
  writeLogSubject(requested: string | null | undefined): string | null {
    const v = this.viewer;
    if (v.role === 'ADMIN') return requested ?? null;
    if (v.role === 'PROVIDER' && v.providerId) {
      const own = `Provider/${v.providerId}`;
      if (requested === own) return own;
      throw forbidden(`a provider reads its own write log: subject "${own}"`);
    }
    throw forbidden('the write log is for administrators and providers (their own)');
  }

  /** Throws FORBIDDEN unless the viewer may read this client's log; the same refusal whatever the log holds. */
  async assertMayRead(clientId: string): Promise<void> {
    const v = this.viewer;
    if (v.role === 'ADMIN') return;
    if (v.role === 'CLIENT' && v.clientId === clientId) return;
    if (v.role === 'CASE_WORKER' && v.municipalityCode !== null) {
      if ((await this.store.municipalityOf(clientId)) === v.municipalityCode) return;
    }
    throw forbidden('not allowed to read this client’s access log');
  }
}
