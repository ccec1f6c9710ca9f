/**
 * RFC 9457 problem details, the voucher system's only error shape. Why a thrown class: handlers
 * validate first and throw one ProblemError naming every bad parameter; a single express error
 * handler writes it, so no route can answer an error in another shape.
 */
import type { NextFunction, Request, Response } from 'express';

export interface InvalidParam {
  name: string;
  reason: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  invalidParams?: InvalidParam[];
}

const TYPES: Record<number, [string, string]> = {
  400: ['/problems/invalid-request', 'Invalid request'],
  401: ['/problems/unauthorized', 'Unauthorized'],
  404: ['/problems/not-found', 'Not found'],
  409: ['/problems/conflict', 'Conflict'],
  412: ['/problems/precondition-failed', 'Precondition failed'],
  422: ['/problems/idempotency-mismatch', 'Idempotency key reused with a different request'],
  428: ['/problems/precondition-required', 'Precondition required'],
  500: ['/problems/internal', 'Internal error'],
  503: ['/problems/unavailable', 'Service unavailable'],
};

/** The system's own reasons for refusing a write on its merits (409 unless noted); the last segment is the reason's name. */
export const REFUSALS = {
  /** The voucher's delivered + committed would exceed what was granted. */
  balanceExceeded: '/problems/balance-exceeded',
  /** The plan has an ACTIVE voucher already. */
  voucherExists: '/problems/voucher-exists',
  /** The voucher is not ACTIVE, or no longer valid. */
  voucherNotActive: '/problems/voucher-not-active',
  /** The status does not allow the change (the transition tables). */
  invalidTransition: '/problems/invalid-transition',
  /** More delivered than ordered. */
  quantityExceeded: '/problems/quantity-exceeded',
  /** The delivery is in a payment already. */
  deliverySettled: '/problems/delivery-settled',
  /** 422: the Idempotency-Key was used with another body. */
  idempotencyMismatch: '/problems/idempotency-mismatch',
} as const;

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly invalidParams?: InvalidParam[],
    /** Overrides the default type for the status, e.g. `/problems/balance-exceeded`. */
    readonly type?: string,
  ) {
    super(detail);
    this.name = 'ProblemError';
  }
}

export function problem(status: number, detail?: string, extra: Partial<Problem> = {}): Problem {
  const [type, title] = TYPES[status] ?? ['about:blank', 'Error'];
  return { type, title, status, ...(detail ? { detail } : {}), ...extra };
}

export function sendProblem(res: Response, body: Problem): void {
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}

/** The express error handler: ProblemError as is, malformed JSON as 400, anything else as 500. */
export function problemHandler(error: unknown, req: Request, res: Response, _next: NextFunction): void {
  if (error instanceof ProblemError) {
    sendProblem(
      res,
      problem(error.status, error.message, {
        instance: req.originalUrl,
        ...(error.type ? { type: error.type } : {}),
        ...(error.invalidParams?.length ? { invalidParams: error.invalidParams } : {}),
      }),
    );
    return;
  }
  const status = (error as { status?: number; type?: string }).status;
  if (status === 400 || (error as { type?: string }).type === 'entity.parse.failed') {
    sendProblem(
      res,
      problem(400, 'the body is not valid JSON', {
        instance: req.originalUrl,
        invalidParams: [{ name: 'body', reason: 'not valid JSON' }],
      }),
    );
    return;
  }
  if (status === 413) {
    sendProblem(res, { ...problem(400, 'the body is too large', { instance: req.originalUrl }) });
    return;
  }
  sendProblem(res, problem(500, 'the voucher system failed to answer', { instance: req.originalUrl }));
}
