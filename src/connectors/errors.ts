import { AppError } from '../errors.js';

export type ConnectorErrorCode =
  | 'AUTH_FAILED'
  | 'RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'SCHEMA_MISMATCH'
  | 'NOT_FOUND'
  | 'NETWORK';

const RETRYABLE: ReadonlySet<ConnectorErrorCode> = new Set([
  'RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'NETWORK',
]);

/**
 * A helpdesk call that failed, at the connector boundary. The message names the method and the
 * path with credentials stripped — never tokens or bodies. `retryAfterMs` carries Retry-After.
 */
export class ConnectorError extends AppError {
  override readonly code: ConnectorErrorCode;
  readonly retryAfterMs: number | null;

  constructor(
    code: ConnectorErrorCode,
    message: string,
    options: { retryAfterMs?: number | null; cause?: unknown; status?: number } = {},
  ) {
    super(code, message, {
      status: options.status ?? 502,
      retryable: RETRYABLE.has(code),
      cause: options.cause,
    });
    this.code = code;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }
}
