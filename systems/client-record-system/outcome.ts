/**
 * How the client-record system answers: FHIR JSON with the R4 media type, and every error as
 * an OperationOutcome with the HTTP status a FHIR server uses (400 bad search, 404 unknown
 * type or id, 405 method, 406 format, 503 unavailable).
 *
 * Why one module: a client of a FHIR server reads the status and the OperationOutcome, so
 * every error path — routing, search validation, faults — must produce the same shape.
 */
import type { Response } from 'express';
import { FHIR_JSON, type OperationOutcome } from '../../lib/fhir-r4.js';

export type IssueCode = 'invalid' | 'not-found' | 'not-supported' | 'transient' | 'exception' | 'processing';

export class FhirError extends Error {
  constructor(
    readonly status: number,
    readonly code: IssueCode,
    message: string,
  ) {
    super(message);
    this.name = 'FhirError';
  }
}

export function operationOutcome(code: IssueCode, diagnostics: string, severity: 'error' | 'fatal' | 'warning' = 'error'): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics }] };
}

export function sendFhir(res: Response, status: number, body: object, headers: Record<string, string> = {}): void {
  res.status(status);
  res.setHeader('Content-Type', FHIR_JSON);
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.end(JSON.stringify(body));
}

export function sendError(res: Response, error: FhirError): void {
  sendFhir(res, error.status, operationOutcome(error.code, error.message));
}

/** The 503 body the fault injection of systems/http.ts writes. */
export function sendUnavailable(res: Response): void {
  sendFhir(res, 503, operationOutcome('transient', 'the client-record system is temporarily unavailable', 'fatal'));
}
