import type { SystemName } from '../../lib/errors.js';

/**
 * Which existing system each of the four subgraphs fronts: a client cares that the data's
 * source is down, not which subgraph failed. Also how readiness (gateway/health) names them.
 */
export const SYSTEM_OF_SUBGRAPH: Record<string, SystemName> = {
  'client-records': 'client-record-system',
  vouchers: 'voucher-system',
  providers: 'provider-catalogue',
  // The audit log is a system of its own to a caller (docs/contract.md), though it shares PostgreSQL with the catalogue.
  audit: 'audit-log',
};
