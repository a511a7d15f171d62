import type { RateLimitState } from '../connector.js';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import axios, {
  isAxiosError,
  type AxiosInstance,
  type AxiosRequestConfig,
  type RawAxiosResponseHeaders,
} from 'axios';
import { ConnectorError } from '../errors.js';

/** How to reach one Freshdesk account. */
export interface FreshdeskClientOptions {
  /** Account subdomain: `acme` → https://acme.freshdesk.com. */
  domain: string;
  /** Overrides the URL built from `domain` (custom domains, tests). */
  baseUrl?: string;
  /** API key; sent as the Basic-auth user name with the password `X`, as Freshdesk expects. */
  apiKey: string;
  timeoutMs: number;
  /** Retries after the first attempt for 429, 5xx, resets and timeouts. */
  maxRetries: number;
  /** Injectable for tests; defaults to a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Injectable jitter source in [0, 1); defaults to Math.random. */
  random?: () => number;
  /**
   * Share of the per-minute budget (`x-ratelimit-total`) left for other integrations of the
   * account; below it requests are paced. Defaults to 0.2.
   */
  reservedShare?: number;
}

/** Per-request inputs; the path is relative to the API root (e.g. `/api/v2/tickets`). */
export interface FreshdeskRequest {
  params?: Readonly<Record<string, string | number>>;
  data?: unknown;
  signal?: AbortSignal | undefined;
}

/** A small Freshdesk HTTP client: JSON bodies in and out, errors as `ConnectorError`s. */
export interface FreshdeskClient {
  /** 429s received so far and the budget in the latest `x-ratelimit-*` headers. */
  rateLimit(): RateLimitState;
  get(path: string, request?: FreshdeskRequest): Promise<unknown>;
  post(path: string, request?: FreshdeskRequest): Promise<unknown>;
  put(path: string, request?: FreshdeskRequest): Promise<unknown>;
}

const BASE_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;
// Freshdesk budgets are per minute on current plans; the window is not reported in headers.
const RATE_WINDOW_MS = 60_000;
const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'EPIPE',
  'EAI_AGAIN',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** Builds a client with keep-alive sockets, rate-limit pacing and bounded retries. */
export function createFreshdeskClient(options: FreshdeskClientOptions): FreshdeskClient {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  const budget = new RateBudget(options.reservedShare ?? 0.2);
  let count429 = 0;
  const http: AxiosInstance = axios.create({
    baseURL: options.baseUrl ?? `https://${options.domain}.freshdesk.com`,
    timeout: options.timeoutMs,
    auth: { username: options.apiKey, password: 'X' },
    headers: { Accept: 'application/json' },
    httpAgent: new HttpAgent({ keepAlive: true }),
    httpsAgent: new HttpsAgent({ keepAlive: true }),
    // Statuses are classified below; axios would otherwise throw errors that carry the auth config.
    validateStatus: () => true,
    transitional: { clarifyTimeoutError: true },
  });

  const backoffMs = (attempt: number): number => {
    const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** attempt);
    // Half fixed, half jitter: spreads retries of parallel workers without collapsing to ~0.
    return Math.round(ceiling / 2 + (ceiling / 2) * random());
  };

  async function send(method: 'get' | 'post' | 'put', path: string, req: FreshdeskRequest) {
    const label = `Freshdesk ${method.toUpperCase()} ${path}`;
    for (let attempt = 0; ; attempt++) {
      const paceMs = budget.delayBeforeNextMs();
      if (paceMs > 0) await sleep(paceMs);
      let response;
      try {
        response = await http.request(requestConfig(method, path, req));
      } catch (error) {
        const code = (isAxiosError(error) ? error.code : undefined) ?? 'UNKNOWN';
        if (req.signal?.aborted !== true && RETRYABLE_NETWORK_CODES.has(code)) {
          if (attempt < options.maxRetries) {
            await sleep(backoffMs(attempt));
            continue;
          }
        }
        // A fresh cause: the axios error holds the request config, credentials included.
        throw new ConnectorError('NETWORK', `${label} failed: ${code}`, { cause: new Error(code) });
      }
      budget.observe(response.headers);
      const status = response.status;
      if (status >= 200 && status < 300) return response.data as unknown;
      if (status === 401 || status === 403) {
        throw new ConnectorError('AUTH_FAILED', `${label}: HTTP ${status}, check the API key`);
      }
      if (status === 404) throw new ConnectorError('NOT_FOUND', `${label}: HTTP 404`);
      if (status === 429) {
        count429 += 1;
        const waitMs = retryAfterMs(response.headers) ?? backoffMs(attempt);
        if (attempt < options.maxRetries) {
          await sleep(waitMs);
          continue;
        }
        throw new ConnectorError('RATE_LIMITED', `${label}: HTTP 429`, { retryAfterMs: waitMs });
      }
      if (status >= 500) {
        if (attempt < options.maxRetries) {
          await sleep(backoffMs(attempt));
          continue;
        }
        throw new ConnectorError('UPSTREAM_UNAVAILABLE', `${label}: HTTP ${status}`);
      }
      // Other 4xx: Freshdesk rejected the request's shape (400 validation, 409 conflict…).
      throw new ConnectorError('SCHEMA_MISMATCH', `${label}: HTTP ${status}, request rejected`);
    }
  }

  return {
    rateLimit: () => ({ count429, remaining: budget.remaining, limit: budget.total }),
    get: (path, req = {}) => send('get', path, req),
    post: (path, req = {}) => send('post', path, req),
    put: (path, req = {}) => send('put', path, req),
  };
}

function requestConfig(method: string, url: string, req: FreshdeskRequest): AxiosRequestConfig {
  const config: AxiosRequestConfig = { method, url };
  if (req.params !== undefined) config.params = req.params;
  if (req.data !== undefined) config.data = req.data;
  if (req.signal !== undefined) config.signal = req.signal;
  return config;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(headers: RawAxiosResponseHeaders | object): number | null {
  const value: unknown = (headers as Record<string, unknown>)['retry-after'];
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && String(value).trim() !== '') return Math.max(0, seconds * 1000);
  const date = Date.parse(String(value));
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/**
 * The account's per-minute budget as last reported. Plans differ (trial 50, Growth 200, Pro 400,
 * Enterprise 700) and the budget is shared by every integration of the account, so once
 * `remaining` falls into the reserved share, requests are spaced at the plan's average rate
 * instead of spending the rest of the minute at once.
 */
class RateBudget {
  total: number | null = null;
  remaining: number | null = null;

  constructor(private readonly reservedShare: number) {}

  observe(headers: object): void {
    const record = headers as Record<string, unknown>;
    const total = Number(record['x-ratelimit-total']);
    const remaining = Number(record['x-ratelimit-remaining']);
    if (Number.isFinite(total) && total > 0) this.total = total;
    if (Number.isFinite(remaining) && record['x-ratelimit-remaining'] !== undefined) {
      this.remaining = remaining;
    }
  }

  delayBeforeNextMs(): number {
    if (this.total === null || this.remaining === null) return 0;
    if (this.remaining > Math.ceil(this.total * this.reservedShare)) return 0;
    return Math.ceil(RATE_WINDOW_MS / this.total);
  }
}
