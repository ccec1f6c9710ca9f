/**
 * The clients a stand-in registers for the subgraphs' credentials (lib/system-credentials.ts):
 * the voucher system the client's id and secret, the client-record system the client's id and
 * public key only — as an operator registers a service with the real systems.
 */
import type { SystemCredentials } from '../lib/system-credentials.js';
import type { SmartClientRegistration } from './client-record-system/smart-auth.js';
import type { VoucherClientRegistration } from './voucher-system/auth.js';

export function registrationsOf(credentials: SystemCredentials): {
  voucherSystem: VoucherClientRegistration[];
  clientRecordSystem: SmartClientRegistration[];
} {
  const { voucherSystem, clientRecordSystem } = credentials;
  return {
    voucherSystem: [
      {
        clientId: voucherSystem.clientId,
        clientSecret: voucherSystem.clientSecret,
        ...(voucherSystem.scope ? { scope: voucherSystem.scope } : {}),
      },
    ],
    clientRecordSystem: [
      {
        clientId: clientRecordSystem.clientId,
        jwks: { keys: [clientRecordSystem.key.publicJwk] },
        ...(clientRecordSystem.scope ? { scope: clientRecordSystem.scope } : {}),
      },
    ],
  };
}
