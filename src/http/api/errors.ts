import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../../errors.js';
import type { Logger } from '../../logging.js';
import { requestIdOf } from './request-id.js';

/** An HTTP-level refusal (auth, disabled feature, rate limit) with a stable code. */
export class HttpError extends AppError {
  constructor(status: number, code: string, message: string) {
    super(code, message, { status });
  }
}

interface ClientHttpError {
  status: number;
}

/** http-errors objects (body-parser, the router's param decoding) carry a numeric status. */
function isBodyParserError(error: unknown): error is ClientHttpError {
  return (
    error instanceof Error &&
    !(error instanceof AppError) &&
    typeof (error as Partial<ClientHttpError>).status === 'number'
  );
}

/** The error body every route answers: `{ error: { code, message, requestId } }`. */
export function sendError(
  res: Response,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.status(status).json({ error: { code, message, requestId: requestIdOf(res) } });
}

/**
 * The API's last error handler. AppErrors (validation, not found, auth…) carry a status and a
 * message written to be shown; body-parser's client errors become 400/413/415; anything else is
 * logged with the request id and answered 500 with only that id — never a stack or the error's
 * own text, which could hold a secret or a query.
 */
export function createErrorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof AppError && error.status >= 400 && error.status < 500) {
      const headers: Record<string, string> =
        error instanceof RateLimitError ? { 'retry-after': String(error.retryAfterSeconds) } : {};
      sendError(res, error.status, error.code, error.message, headers);
      return;
    }
    // Upstream refusals and disabled features are shown; other 5xx AppErrors are internal.
    if (error instanceof AppError && (error.status === 502 || error.status === 503)) {
      sendError(res, error.status, error.code, error.message);
      return;
    }
    // body-parser's and the router's own client errors (bad JSON, size, charset, bad %-escapes).
    if (isBodyParserError(error) && error.status >= 400 && error.status < 500) {
      const code =
        error.status === 413
          ? 'PAYLOAD_TOO_LARGE'
          : error.status === 415
            ? 'UNSUPPORTED_MEDIA_TYPE'
            : 'BAD_REQUEST';
      sendError(res, error.status, code, 'request body rejected');
      return;
    }
    logger.error(
      { requestId: requestIdOf(res), method: req.method, err: errorSummary(error) },
      'unhandled error',
    );
    sendError(res, 500, 'INTERNAL', 'internal error');
  };
}

/**
 * Name and stack frames for the log. The stack's first line repeats the message, which may hold
 * a connection string or a query, so only the frames (which name code, not data) are kept.
 */
function errorSummary(error: unknown): { name: string; frames?: string } {
  if (!(error instanceof Error)) return { name: typeof error };
  const frames = error.stack?.split('\n').slice(1).join('\n');
  return frames === undefined ? { name: error.name } : { name: error.name, frames };
}

/** Too many requests from one client; `retryAfterSeconds` goes into the Retry-After header. */
export class RateLimitError extends HttpError {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super(429, 'RATE_LIMITED', 'too many requests; try again later');
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
