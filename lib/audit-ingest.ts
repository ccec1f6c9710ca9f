/**
 * How the gateway hands audit entries to the audit subgraph: a JWS (HS256, the same secret that
 * signs viewer headers, its own audience, 60 s expiry) whose payload carries the entries.
 * Why signed: the audit is evidence; only the gateway may append to it.
 * A batch is what the gateway writes at once: the entries of one request, or of several
 * concurrent ones (its group commit, gateway/audit/sink.ts), each entry with its own request id.
 * Why a unique id (`jti`) per batch: a captured batch is still signed for its minute, and an
 * append-only log cannot undo a replay (one read recorded four times). The store keeps the id
 * with each entry and refuses a second entry for the same batch, request and client (or subject), so
 * a replayed batch stores nothing (subgraphs/audit/db/migrations.ts). Never the request id alone:
 * that may be the caller's own x-request-id, repeated across requests (gateway/telemetry).
 * `subject` came later still: writes that changed no client's data (a provider's application, a
 * unit cost) are entries with `clientId: null` and the subject they changed.
 * `dataWritten` came later than `dataRead`: a batch without it (a gateway of the previous
 * version, during a rolling deploy) still verifies, as having written nothing. Likewise an
 * entry without `accessKind` or `basis` verifies with the kind derived and no basis (a
 * disclosure must name its recipient all the same). A batch without `jti` does not: its
 * replays could not be told apart (deploy the gateway before the audit subgraph).
 */
import { randomUUID } from 'node:crypto';
import { epochSeconds, signHs256, verifyHs256 } from './jws.js';
import { ACCESS_KINDS } from './__generated__/enums.js';
import { accessKindOf, isBasis, MAX_BASIS, type AccessKind } from './audit.js';
import { ROLES, type Role } from './viewer.js';

export const AUDIT_INGEST_PATH = '/audit/entries';
const ISSUER = 'client-plan-gateway';
const AUDIENCE = 'client-plan-audit';
/** How long a signed batch may be sent: its `exp` is this long after its `iat`. */
const LIFETIME_SECONDS = 60;
/** How far ahead of ours the gateway's clock may be (its `iat` a second or so in our future). */
const CLOCK_TOLERANCE_SECONDS = 5;

export interface AuditEntry {
  actorRole: Role;
  actorId: string;
  /** Whose data was read or written; null for a write that changed no client's data (then `subject` says what). */
  clientId: string | null;
  /** What a write without a client changed, e.g. "Provider/pr-0001"; absent or null for client entries. */
  subject?: string | null;
  municipalityCode: string | null;
  /** The caller's own name for its operation (or the operation's type): a claim, shown as such. */
  operation: string | null;
  requestId: string;
  dataRead: string[];
  /** Writes to the client's data that succeeded: mutation and target, e.g. "approvePlan ClientPlan/cp-1". */
  dataWritten: string[];
  /** How the data was accessed, derived from the entry itself (lib/audit.ts accessKindOf). */
  accessKind: AccessKind;
  /** Who received the data when it left the municipality (a DISCLOSURE): the provider's id; null otherwise. */
  recipient: string | null;
  /** Why the recipient may have it: "Order/or-1", "PlannedService/ps-1" (sorted; empty when the viewer's role is the reason). */
  basis: string[];
}

/** A verified batch: its unique id and its entries. */
export interface AuditBatch {
  batchId: string;
  entries: AuditEntry[];
}

/** Signs a batch under a new unique id. */
export async function signAuditBatch(entries: AuditEntry[], secret: Uint8Array): Promise<string> {
  // node:crypto's HMAC, not jose's SignJWT: the same token without a WebCrypto job (lib/jws.ts).
  const iat = epochSeconds();
  return signHs256({ entries, iss: ISSUER, aud: AUDIENCE, jti: randomUUID(), iat, exp: iat + LIFETIME_SECONDS }, secret);
}

const text = (v: unknown, max: number) => typeof v === 'string' && v.length > 0 && v.length <= max;

/** An entry of the batch with the fields of later versions filled in, or null when its shape is wrong. */
function entryOf(e: Record<string, unknown> | null | undefined): AuditEntry | null {
  if (!e || typeof e !== 'object') return null;
  const valid =
    ROLES.includes(e.actorRole as Role) &&
    text(e.actorId, 64) &&
    // A client entry, or a subject write (no client, no reads, at least one write).
    (e.subject == null
      ? text(e.clientId, 64)
      : e.clientId === null &&
        text(e.subject, 200) &&
        Array.isArray(e.dataRead) &&
        e.dataRead.length === 0 &&
        Array.isArray(e.dataWritten) &&
        e.dataWritten.length > 0) &&
    (e.municipalityCode === null || (typeof e.municipalityCode === 'string' && /^\d{3}$/.test(e.municipalityCode))) &&
    (e.operation === null || text(e.operation, 200)) &&
    text(e.requestId, 100) &&
    Array.isArray(e.dataRead) &&
    e.dataRead.every((k: unknown) => text(k, 40)) &&
    (e.dataWritten === undefined || (Array.isArray(e.dataWritten) && e.dataWritten.every((w: unknown) => text(w, 200)))) &&
    (e.recipient === undefined || e.recipient === null || text(e.recipient, 64)) &&
    (e.basis === undefined || (Array.isArray(e.basis) && e.basis.length <= MAX_BASIS && e.basis.every(isBasis)));
  if (!valid) return null;
  const entry = {
    ...e,
    dataWritten: (e.dataWritten as string[] | undefined) ?? [],
    recipient: (e.recipient as string | null | undefined) ?? null,
    basis: (e.basis as string[] | undefined) ?? [],
  } as AuditEntry;
  // The kind is the graph's, not anyone's to choose: it must be what the entry itself shows.
  const kind = accessKindOf(entry);
  if (e.accessKind !== undefined && (!ACCESS_KINDS.includes(e.accessKind as AccessKind) || e.accessKind !== kind)) return null;
  // A recipient is who received a disclosure, and only that: a disclosure must name one.
  if (kind === 'DISCLOSURE' ? typeof e.recipient !== 'string' : entry.recipient !== null) return null;
  return { ...entry, accessKind: kind };
}

/**
 * The batch's id and entries, or null when the signature, expiry, id or shape is wrong.
 * Verified with node:crypto (lib/jws.ts verifyHs256), synchronously: jose's WebCrypto path ran a
 * thread-pool job per batch, a visible share of the audit process's CPU per request. The expiry
 * holds exactly, without the tolerance, which is there for `iat` (the gateway's clock ahead of ours).
 */
export async function verifyAuditBatch(token: string, secret: Uint8Array): Promise<AuditBatch | null> {
  try {
    const now = epochSeconds();
    const payload = verifyHs256(token, secret, {
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ['exp', 'jti'],
      maxTokenAgeSeconds: LIFETIME_SECONDS,
      clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS,
      now,
    });
    const entries = payload.entries;
    if ((payload.exp as number) <= now || !text(payload.jti, 100) || !Array.isArray(entries) || entries.length > 1000) return null;
    const parsed = entries.map(entryOf);
    return parsed.every((e): e is AuditEntry => e !== null) ? { batchId: payload.jti as string, entries: parsed } : null;
  } catch {
    // Anything that does not verify or parse (JwsInvalid, a malformed entry) is a refused batch, never a 500.
    return null;
  }
}
