/** The audit store's tables, as Kysely sees them. */
import type { ColumnType, Generated } from 'kysely';

export interface AccessLogTable {
  /** Order of appending; also the cursor of the log's pages. */
  id: Generated<string>;
  at: ColumnType<Date, string | Date, never>;
  actor_role: 'CLIENT' | 'CASE_WORKER' | 'PROVIDER' | 'ANALYST' | 'ADMIN';
  actor_id: string;
  client_id: string;
  municipality_code: string | null;
  operation: string | null;
  request_id: string;
  data_read: string[];
  /** Added by migration 0002; rows from before it read as {}. */
  data_written: ColumnType<string[], string[] | undefined, never>;
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
}

export interface AuditDatabase {
  access_log: AccessLogTable;
  write_log: WriteLogTable;
}
