/**
 * How the client-record system answers: FHIR JSON with the R4 media type, and every error as
 * an OperationOutcome with the HTTP status a FHIR server uses (400 bad search or unreadable
 * body, 401 no valid access token, 403 a token whose scopes do not allow it, 404 unknown type or id, 405 method, 406 format, 409 an id taken, 412 stale version or
 * several conditional matches, 413 body too large, 415 not FHIR JSON, 422 a resource this server
 * will not store, 428 update without If-Match, 503 unavailable). A refused write names every
 * element it refused, one issue each, with the element's path in `expression`.
 *
 * Why one module: a client of a FHIR server reads the status and the OperationOutcome, so
 * every error path — routing, search validation, faults — must produce the same shape.
 */
import type { Response } from 'express';
import { FHIR_JSON, type OperationOutcome } from '../../lib/fhir-r4.js';

export type IssueCode =
  | 'invalid'
  | 'structure'
  | 'required'
  | 'value'
  | 'invariant'
  | 'not-found'
  | 'not-supported'
  | 'duplicate'
  | 'multiple-matches'
  | 'conflict'
  | 'too-long'
  | 'transient'
  | 'exception'
  | 'processing'
  | 'login'
  | 'forbidden';

/** One refused element: what is wrong (diagnostics) and where (a FHIRPath like CarePlan.subject). */
export interface Issue {
  code: IssueCode;
  diagnostics: string;
  expression?: string;
}

export class FhirError extends Error {
  constructor(
    readonly status: number,
    readonly code: IssueCode,
    message: string,
    /** Every issue, when there are several (a refused write); the message is then their summary. */
    readonly issues: readonly Issue[] = [],
  ) {
    super(message);
    this.name = 'FhirError';
  }
}

export function operationOutcome(
  code: IssueCode,
  diagnostics: string,
  severity: 'error' | 'fatal' | 'warning' = 'error',
): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics }] };
}

function outcomeOf(issues: readonly Issue[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map((i) => ({
      severity: 'error' as const,
      code: i.code,
      diagnostics: i.diagnostics,
      ...(i.expression ? { expression: [i.expression] } : {}),
    })),
  };
}

export function sendFhir(res: Response, status: number, body: object, headers: Record<string, string> = {}): void {
  res.status(status);
  res.setHeader('Content-Type', FHIR_JSON);
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.end(JSON.stringify(body));
}

export function sendError(res: Response, error: FhirError): void {
  sendFhir(res, error.status, error.issues.length ? outcomeOf(error.issues) : operationOutcome(error.code, error.message));
}

/** The 503 body the fault injection of systems/http.ts writes. */
export function sendUnavailable(res: Response): void {
  sendFhir(res, 503, operationOutcome('transient', 'the client-record system is temporarily unavailable', 'fatal'));
}
