/**
 * The limits of a request, checked by express before Apollo Server (and so before
 * authentication) sees it:
 *
 * - request body size (before anything is parsed): HTTP 413, BAD_USER_INPUT;
 * - batched requests (a JSON array of operations) are refused: HTTP 400, BAD_USER_INPUT. Why
 *   off: Apollo Server shares one context across a batch, and the audit (gateway/audit)
 *   gathers each operation's client-data reads in the context, so a batch would attribute
 *   one operation's reads to another; a batch would also multiply every operation limit by its
 *   length. Clients send one operation per request (HTTP/2 multiplexes them just as well).
 */
import express, { type ErrorRequestHandler, type RequestHandler, type Response } from 'express';
import type { ErrorCode } from '../../lib/errors.js';
import type { OperationLimits } from './config.js';

function sendError(res: Response, status: number, code: ErrorCode, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * Express handlers for /graphql, before Apollo Server (and so before authentication): the JSON
 * body parser with the size limit, its errors as GraphQL-shaped JSON (not express's HTML
 * page), and the refusal of batches.
 */
export function requestLimits(limits: OperationLimits): (RequestHandler | ErrorRequestHandler)[] {
  const bodyErrors: ErrorRequestHandler = (error, _req, res, next) => {
    const type = (error as { type?: unknown })?.type;
    if (type === 'entity.too.large') {
      const size = (error as { length?: number; received?: number }).length ?? (error as { received?: number }).received;
      const measured = size === undefined ? 'the request body' : `the request body of ${size} bytes`;
      sendError(res, 413, 'BAD_USER_INPUT', `${measured} exceeds the limit of ${limits.maxRequestBytes} bytes`);
    } else if (
      typeof type === 'string' &&
      typeof (error as { status?: unknown }).status === 'number' &&
      (error as { status: number }).status < 500
    ) {
      // Malformed JSON, an unsupported charset or encoding: the client's to fix.
      sendError(
        res,
        (error as { status: number }).status,
        'BAD_USER_INPUT',
        `the request body could not be read: ${(error as Error).message}`,
      );
    } else {
      next(error);
    }
  };
  const noBatches: RequestHandler = (req, res, next) => {
    // Apollo Server would refuse it too ("Operation batching disabled"); this says why, and
    // before the token is verified.
    if (Array.isArray(req.body)) {
      sendError(
        res,
        400,
        'BAD_USER_INPUT',
        `batched requests are not accepted (this one holds ${req.body.length} operations): send one operation per request`,
      );
      return;
    }
    next();
  };
  return [express.json({ limit: limits.maxRequestBytes }), bodyErrors, noBatches];
}
