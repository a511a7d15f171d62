import { isAxiosError } from 'axios';
import type { HeaderBag } from './rate-governor.js';

/** Backoff base and cap for transient failures (5xx, resets, timeouts). */
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 30_000;

/** When Zendesk sends a 429 without Retry-After, wait this long: its windows are per minute. */
export const DEFAULT_RETRY_AFTER_MS = 60_000;

/**
 * Exponential backoff with full jitter (AWS's "full jitter"): a uniformly random delay up to
 * base·2^attempt, capped. Randomness spreads retries of parallel workers apart.
 */
export function backoffDelayMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/**
 * Retry-After in milliseconds: Zendesk sends whole seconds, but the HTTP spec also allows an
 * HTTP date, so both are read. Null when absent or unreadable.
 */
export function retryAfterMs(headers: HeaderBag, now: number): number | null {
  const raw = headers['retry-after'];
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Socket-level error codes worth a retry: the request may never have reached Zendesk. */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** True for a transport failure without an HTTP response that a retry may fix. */
export function isTransientNetworkError(error: unknown): boolean {
  if (!isAxiosError(error) || error.response !== undefined) return false;
  if (error.code !== undefined && TRANSIENT_CODES.has(error.code)) return true;
  // Node reports a server closing the socket mid-response as "socket hang up", sometimes
  // without a code.
  return /socket hang up|timeout/i.test(error.message);
}

/** Sleeps `ms`, the default for the client's injectable `sleep`. */
export function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
