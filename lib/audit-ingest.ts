/**
 * How the gateway hands audit entries to the audit subgraph: a JWS (HS256, the same secret that
 * signs viewer headers, its own audience, 60 s expiry) whose payload carries the entries.
 * Why signed: the audit is evidence; only the gateway may append to it.
 * `subject` came later still: writes that changed no client's data (a provider's application, a
 * unit cost) are entries with `clientId: null` and the subject they changed.
 * `dataWritten` came later than `dataRead`: a batch without it (a gateway of the previous
 * version, during a rolling deploy) still verifies, as having written nothing.
 */
import { SignJWT, jwtVerify } from 'jose';
import { ROLES, type Role } from './viewer.js';

export const AUDIT_INGEST_PATH = '/audit/entries';
const ISSUER = 'client-plan-gateway';
const AUDIENCE = 'client-plan-audit';

export interface AuditEntry {
  actorRole: Role;
  actorId: string;
  /** Whose data was read or written; null for a write that changed no client's data (then `subject` says what). */
  clientId: string | null;
  /** What a write without a client changed, e.g. "Provider/pr-0001"; absent or null for client entries. */
  subject?: string | null;
  municipalityCode: string | null;
  operation: string | null;
  requestId: string;
  dataRead: string[];
  /** Writes to the client's data that succeeded: mutation and target, e.g. "approvePlan ClientPlan/cp-1". */
  dataWritten: string[];
}

export async function signAuditBatch(entries: AuditEntry[], secret: Uint8Array): Promise<string> {
  return new SignJWT({ entries }).setProtectedHeader({ alg: 'HS256' }).setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt().setExpirationTime('60s').sign(secret);
}

const text = (v: unknown, max: number) => typeof v === 'string' && v.length > 0 && v.length <= max;

/** The entries of a signed batch, or null when the signature, expiry or shape is wrong. */
export async function verifyAuditBatch(token: string, secret: Uint8Array): Promise<AuditEntry[] | null> {
  try {
    const { payload } = await jwtVerify(token, secret, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    const entries = payload.entries;
    if (!Array.isArray(entries) || entries.length > 1000) return null;
    const valid = entries.every(
      (e) =>
        ROLES.includes(e?.actorRole) &&
        text(e.actorId, 64) &&
        // A client entry, or a subject write (no client, no reads, at least one write).
        (e.subject == null
          ? text(e.clientId, 64)
          : e.clientId === null && text(e.subject, 200) && Array.isArray(e.dataRead) && e.dataRead.length === 0 && Array.isArray(e.dataWritten) && e.dataWritten.length > 0) &&
        (e.municipalityCode === null || /^\d{3}$/.test(e.municipalityCode)) &&
        (e.operation === null || text(e.operation, 200)) &&
        text(e.requestId, 100) &&
        Array.isArray(e.dataRead) &&
        e.dataRead.every((k: unknown) => text(k, 40)) &&
        (e.dataWritten === undefined || (Array.isArray(e.dataWritten) && e.dataWritten.every((w: unknown) => text(w, 200)))),
    );
    return valid ? entries.map((e) => ({ ...e, dataWritten: e.dataWritten ?? [] }) as AuditEntry) : null;
  } catch {
    return null;
  }
}
