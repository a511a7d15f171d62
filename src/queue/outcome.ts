import { z } from 'zod';
import { ConnectorError } from '../connectors/errors.js';
import { AppError, BusyError } from '../errors.js';

/** What to do with a job whose processor threw. */
export type Outcome = { kind: 'retry'; delayMs: number | null } | { kind: 'fail'; reason: string };

/**
 * Classifies a processor error (STYLE.md §4): a payload that fails its schema and auth failures
 * can never succeed; RATE_LIMITED waits for Retry-After; other retryable errors back off; an
 * unknown error is retried, because most are transient (a dropped connection, a deadlock).
 */
export function classifyFailure(error: unknown): Outcome {
  if (error instanceof z.ZodError)
    return { kind: 'fail', reason: `invalid payload: ${error.message}` };
  if (error instanceof ConnectorError && error.code === 'RATE_LIMITED') {
    return { kind: 'retry', delayMs: error.retryAfterMs };
  }
  if (error instanceof BusyError) return { kind: 'retry', delayMs: error.retryAfterMs };
  if (error instanceof AppError) {
    return error.retryable
      ? { kind: 'retry', delayMs: null }
      : { kind: 'fail', reason: `${error.code}: ${error.message}` };
  }
  return { kind: 'retry', delayMs: null };
}
