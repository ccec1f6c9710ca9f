/**
 * The request id: one id per operation, in the gateway's `x-request-id` response header, its
 * log line, the audit entries and the subgraphs' logs (docs: README, "Operating it").
 * A caller may bring its own (its tracing, a support ticket) when it is sane — 1 to 64 of
 * `A–Z a–z 0–9 . _ : -` — else the gateway makes a UUID. Why so strict: the id lands in logs and
 * the audit log, where a newline, a quote or a kilobyte of text would be an injection.
 * Not an identity: callers choose it, so nothing is keyed on it alone (the audit log keys
 * replays on its own batch id: subgraphs/audit/db/migrations.ts).
 */
export const REQUEST_ID_HEADER = 'x-request-id';

const SANE = /^[A-Za-z0-9._:-]{1,64}$/;

/** The id when it is sane, else undefined. */
export function saneRequestId(value: string | null | undefined): string | undefined {
  return typeof value === 'string' && SANE.test(value) ? value : undefined;
}
