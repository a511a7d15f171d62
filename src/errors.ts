/** Base of every error the application raises on purpose: a stable code, an HTTP status, retryability. */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly retryable: boolean;

  constructor(
    code: string,
    message: string,
    options: { status?: number; retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status ?? 500;
    this.retryable = options.retryable ?? false;
  }
}

/** A configuration problem found at start-up; lists variable names and reasons, never values. */
export class ConfigError extends AppError {
  constructor(message: string) {
    super('CONFIG_INVALID', message);
  }
}

/** Input that failed validation; `issues` name each bad record or field. */
export class ValidationError extends AppError {
  readonly issues: readonly string[];

  constructor(message: string, issues: readonly string[] = []) {
    super('VALIDATION_FAILED', message, { status: 400 });
    this.issues = issues;
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super('NOT_FOUND', message, { status: 404 });
  }
}

/**
 * Work that must wait for other work to finish (a second sync of one installation): no failure,
 * so a queued job waits `retryAfterMs` without spending one of its attempts.
 */
export class BusyError extends AppError {
  readonly retryAfterMs: number;

  constructor(code: string, message: string, retryAfterMs: number) {
    super(code, message, { status: 409, retryable: true });
    this.retryAfterMs = retryAfterMs;
  }
}
