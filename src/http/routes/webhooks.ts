import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { AppError } from '../../errors.js';
import {
  receiveZendeskWebhook,
  type WebhookIntakeDeps,
} from '../../services/pipeline/webhook-intake.js';

/** Zendesk webhook bodies are a few hundred bytes; anything near this limit is not one. */
const BODY_LIMIT = '256kb';

/**
 * `POST /webhooks/zendesk/:installationId`: verifies and takes a Zendesk webhook delivery and
 * answers 202 `{ status: 'accepted' | 'duplicate' }`. The body is read raw, for every content
 * type, because the signature covers the exact bytes sent. Errors are answered here as
 * `{ error: { code, message } }`, so this router behaves the same inside any app.
 */
export function createWebhookRouter(deps: WebhookIntakeDeps): Router {
  const router = Router();
  router.post(
    '/webhooks/zendesk/:installationId',
    express.raw({ type: '*/*', limit: BODY_LIMIT }),
    async (req: Request<{ installationId: string }>, res: Response) => {
      const result = await receiveZendeskWebhook(deps, {
        installationId: req.params.installationId,
        headers: headerValues(req),
        // express.raw leaves the body unset when there was none; an empty body then fails the check.
        rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      });
      res.status(202).json(result);
    },
  );
  // Scoped to this router's paths so it never answers for routes mounted beside it.
  router.use('/webhooks', webhookErrorHandler);
  return router;
}

/** Single-valued headers; a repeated header is ambiguous, so it counts as missing. */
function headerValues(req: Request): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    out[name] = typeof value === 'string' ? value : undefined;
  }
  return out;
}

interface BodyParserError {
  status: number;
  type: string;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as Partial<BodyParserError>).status === 'number' &&
    typeof (error as Partial<BodyParserError>).type === 'string'
  );
}

/**
 * Maps errors to `{ error: { code, message } }`. AppErrors carry their own status and a message
 * written to be shown; body-parser's errors (too large, bad encoding) are client errors; anything
 * else is a 500 with a generic message, never a stack or the error's own text (it could hold
 * a secret or a query).
 */
function webhookErrorHandler(
  error: unknown,
  _req: Request,
  res: Response,
  next: NextFunction,
): void {
  if (res.headersSent) {
    next(error);
    return;
  }
  if (error instanceof AppError) {
    res.status(error.status).json({ error: { code: error.code, message: error.message } });
  } else if (isBodyParserError(error) && error.status >= 400 && error.status < 500) {
    const code = error.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
    res.status(error.status).json({ error: { code, message: 'request body rejected' } });
  } else {
    res.status(500).json({ error: { code: 'INTERNAL', message: 'internal error' } });
  }
}
