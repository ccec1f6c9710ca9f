/**
 * Who may read whose access log — the one module that decides it here.
 *   CLIENT       their own log
 *   CASE_WORKER  the log of clients of their own municipality (the municipality the log
 *                recorded for the client; a client with no entries has an empty log)
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

  /** Throws FORBIDDEN unless the viewer may read this client's log. */
  async assertMayRead(clientId: string): Promise<void> {
    const v = this.viewer;
    if (v.role === 'ADMIN') return;
    if (v.role === 'CLIENT' && v.clientId === clientId) return;
    if (v.role === 'CASE_WORKER') {
      const municipality = await this.store.municipalityOf(clientId);
      if (municipality === null || municipality === v.municipalityCode) return;
    }
    throw forbidden('not allowed to read this client’s access log');
  }
}
