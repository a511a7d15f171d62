/**
 * Defaults of definitions that settings can override. They live in the domain (the layer every
 * other imports) so configuration, the engine and the read models share one value.
 */

/** metrics.md §5's default reopen window (REOPEN_WINDOW_DAYS): a solve undone within it is a reopen. */
export const DEFAULT_REOPEN_WINDOW_DAYS = 7;
