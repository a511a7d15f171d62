import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

// A caller's id is kept only when it is short and plain, so it cannot inject into logs.
const CALLER_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Gives every request an id: the caller's `x-request-id` when it is well formed (so a proxy's
 * id follows the request through), else a fresh UUID. Echoed in the `x-request-id` header and
 * in every error body, and logged with the request.
 */
export function requestId(req: Request, res: Response, next: NextFunction): void {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && CALLER_ID.test(given) ? given : randomUUID();
  res.locals['requestId'] = id;
  res.setHeader('x-request-id', id);
  next();
}

export function requestIdOf(res: Response): string {
  const id: unknown = res.locals['requestId'];
  return typeof id === 'string' ? id : 'unknown';
}
