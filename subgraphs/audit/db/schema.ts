/** The audit store's tables, as Kysely sees them. */
import type { ColumnType, Generated } from 'kysely';
import type { AccessKind } from '../../../lib/audit.js';
import type { Role } from '../../../lib/viewer.js';

export interface AccessLogTable {
  /** Order of appending; also the cursor of the log's pages. */
  id: Generated<string>;
  at: ColumnType<Date, string | Date, never>;
  actor_role: Role;
  actor_id: string;
  client_id: string;
  municipality_code: string | null;
  operation: string | null;
  request_id: string;
  data_read: string[];
  /** Added by migration 0002; rows from before it read as {}. */
  data_written: ColumnType<string[], string[] | undefined, never>;
  /** Added by migration 0004 (READ, WRITE, DISCLOSURE, EXISTENCE); null in rows from before it (derived when read). */
  access_kind: ColumnType<AccessKind | null, AccessKind, never>;
  /** A disclosure's recipient (the provider's id); null otherwise. */
  recipient: ColumnType<string | null, string | null, never>;
  /** Why the recipient may have the data, e.g. "Order/or-1"; {} otherwise and in rows from before 0004. */
  basis: ColumnType<string[], string[] | undefined, never>;
  /** The signed batch the entry came in; null in rows from before 0004, required since. */
  batch_id: ColumnType<string | null, string, never>;
}

/** Writes that changed no client's data (migration 0003), append-only like the access log. */
export interface WriteLogTable {
  id: Generated<string>;
  at: ColumnType<Date, string | Date, never>;
  actor_role: AccessLogTable['actor_role'];
  actor_id: string;
  /** What was changed, e.g. "Provider/pr-0001", "UnitCost/205/kotihoito". */
  subject: string;
  operation: string | null;
  request_id: string;
  data_written: string[];
  /** Added by migration 0004: the signed batch the entry came in; null in rows from before it. */
  batch_id: ColumnType<string | null, string, never>;
}

export interface AuditDatabase {
  access_log: AccessLogTable;
  write_log: WriteLogTable;
}
