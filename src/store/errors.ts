import { AppError } from '../errors.js';

/** A storage failure; retryable when the database was unreachable or busy rather than the data wrong. */
export class StoreError extends AppError {
  /** PostgreSQL SQLSTATE (e.g. `23505` unique violation), when the server sent one. */
  readonly sqlState: string | null;

  constructor(
    message: string,
    options: { retryable?: boolean; cause?: unknown; sqlState?: string | null } = {},
  ) {
    super('STORE_FAILED', message, { status: 500, ...options });
    this.sqlState = options.sqlState ?? null;
  }
}

/**
 * SQLSTATEs worth a retry: connection failures (class 08), serialization failures and deadlocks,
 * too many connections, and a server shutting down or starting up.
 */
const RETRYABLE_STATES = new Set(['40001', '40P01', '53300', '55P03', '57P01', '57P02', '57P03']);
const RETRYABLE_NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
]);

/**
 * What node-postgres throws, with no code at all, when the server goes away under a query or a
 * pooled client: a PostgreSQL restart surfaces as these, and they must be retried like 08xxx.
 */
const CONNECTION_LOST = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /not queryable/i,
  /server closed the connection unexpectedly/i,
];

/**
 * Wraps a driver error so callers see one error type with a retryable flag (jobs retry those with
 * backoff). The message keeps the driver's text, which names constraints but not row values.
 */
export function toStoreError(error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const code = readCode(error);
  const isState = code !== null && /^[0-9A-Z]{5}$/.test(code);
  const message = error instanceof Error ? error.message : String(error);
  const retryable =
    code === null
      ? error instanceof Error && CONNECTION_LOST.some((pattern) => pattern.test(message))
      : isState
        ? RETRYABLE_STATES.has(code) || code.startsWith('08')
        : RETRYABLE_NETWORK.has(code);
  return new StoreError(`database error: ${message}`, {
    retryable,
    cause: error,
    sqlState: isState ? code : null,
  });
}

function readCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  return typeof error.code === 'string' ? error.code : null;
}
