/**
 * Contract checking for the stand-in's tests: the same checker the voucher client uses at run
 * time (lib/openapi-contract.ts), over the document the stand-in serves. Why here: the
 * document is the source of truth, so the stand-in's tests — and anyone pointing them at the
 * real system — check answers against it.
 */
import { contractValidator as validatorOf, type ContractValidator } from '../../lib/openapi-contract.js';
import { openApiDocument } from './server.js';

export type { ContractValidator };

export function contractValidator(): ContractValidator {
  return validatorOf(openApiDocument().json, 'urn:voucher-system:openapi');
}
