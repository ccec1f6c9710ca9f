/**
 * What operators see of each request: its id in the `x-request-id` header, logs and audit
 * (request-id.ts), and one structured log line per operation (request-log.ts). Traces are
 * lib/telemetry.ts's, started by each process's entry point.
 */
export { requestIdOf, requestIds } from './request-id.js';
export { operationRecordOf, outcomeOf, requestLog, requestLogPlugin, type OperationRecord, type Outcome } from './request-log.js';
