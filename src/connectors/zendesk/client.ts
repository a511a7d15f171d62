import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { ConnectorError } from '../errors.js';
import { RateGovernor, type HeaderBag } from './rate-governor.js';
import {
  DEFAULT_RETRY_AFTER_MS,
  backoffDelayMs,
  isTransientNetworkError,
  realSleep,
  retryAfterMs,
} from './retry.js';

/** How the client authenticates: an admin's API token, or an OAuth access token. */
export type ZendeskAuth =
  { kind: 'token'; email: string; token: string } | { kind: 'oauth'; accessToken: string };

/** Settings of one tenant's Zendesk client. */
export interface ZendeskClientConfig {
  subdomain: string;
  /** Defaults to `https://{subdomain}.zendesk.com`; the simulator passes `http://127.0.0.1:PORT`. */
  baseUrl?: string;
  auth: ZendeskAuth;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  /** Share (0..1) of the account's per-minute budget we may use; default 0.5. */
  budgetShare?: number;
  /** Retries per request across 429s, 5xx and network errors; default 6. */
  maxRetries?: number;
  /** Injectable for tests, which record the delays instead of waiting. */
  sleep?: (ms: number) => Promise<void>;
  /** Clock for rate-limit windows; default `Date.now`. */
  now?: () => number;
  /** Jitter source in [0, 1); default `Math.random`. */
  random?: () => number;
}

/** Counters for observability. */
export interface ZendeskClientStats {
  requests: number;
  retries: number;
  rateLimited429: number;
  lastRemaining: number | null;
  lastLimit: number | null;
}

/** Query parameters, sent in the given order. */
export type Query = Readonly<Record<string, string | number | boolean>>;

/**
 * The transport to one Zendesk account. Every call returns the parsed JSON body (not yet
 * validated) or throws a ConnectorError; retries, Retry-After and budget pacing happen inside.
 */
export interface ZendeskClient {
  /** GET a path (`/api/v2/...`, optionally with a query) or a same-account absolute URL. */
  get(path: string, query?: Query, signal?: AbortSignal): Promise<unknown>;
  post(path: string, body: unknown): Promise<unknown>;
  put(path: string, body: unknown): Promise<unknown>;
  stats(): ZendeskClientStats;
}

/** Creates a client with keep-alive connections; axios keeps its Node adapter (nock hooks it). */
export function createZendeskClient(config: ZendeskClientConfig): ZendeskClient {
  const sleep = config.sleep ?? realSleep;
  const now = config.now ?? Date.now;
  const random = config.random ?? Math.random;
  const maxRetries = config.maxRetries ?? 6;
  const governor = new RateGovernor(clampShare(config.budgetShare ?? 0.5), now);
  const counters = { requests: 0, retries: 0, rateLimited429: 0 };
  const baseUrl = config.baseUrl ?? `https://${config.subdomain}.zendesk.com`;
  const instance: AxiosInstance = axios.create({
    baseURL: baseUrl,
    timeout: config.timeoutMs ?? 30_000,
    httpAgent: new http.Agent({ keepAlive: true }),
    httpsAgent: new https.Agent({ keepAlive: true }),
    headers: { Authorization: authorization(config.auth), Accept: 'application/json' },
    // Statuses and JSON are judged here, so a non-JSON body is an error rather than a string.
    responseType: 'text',
    transformResponse: (data: unknown) => data,
    validateStatus: () => true,
    maxRedirects: 0,
  });

  async function send(
    method: 'GET' | 'POST' | 'PUT',
    target: string,
    data: unknown,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    const url = relativeRef(target);
    const what = `Zendesk ${method} ${new URL(url, 'http://x').pathname}`;
    for (let attempt = 0; ; attempt += 1) {
      const pause = governor.delayBeforeNextMs();
      if (pause > 0) {
        await sleep(pause);
        governor.windowReset();
      }
      counters.requests += 1;
      let response: AxiosResponse<unknown>;
      try {
        response = await instance.request({ method, url, data, ...(signal ? { signal } : {}) });
      } catch (error) {
        if (signal?.aborted === true) throw error;
        if (isTransientNetworkError(error) && attempt < maxRetries) {
          counters.retries += 1;
          await sleep(backoffDelayMs(attempt, random));
          continue;
        }
        throw new ConnectorError('NETWORK', `${what} failed: ${networkReason(error)}`, {
          cause: error,
        });
      }
      const headers: HeaderBag = { ...(response.headers as Record<string, unknown>) };
      governor.observe(headers);
      const { status } = response;
      if (status >= 200 && status < 300) return parseJson(response.data, what);
      if (status === 429) {
        counters.rateLimited429 += 1;
        const wait = retryAfterMs(headers, now()) ?? DEFAULT_RETRY_AFTER_MS;
        if (attempt >= maxRetries) {
          throw new ConnectorError('RATE_LIMITED', `${what} was rate limited (429)`, {
            retryAfterMs: wait,
            status: 429,
          });
        }
        counters.retries += 1;
        await sleep(wait);
        governor.windowReset();
        continue;
      }
      if (status >= 500 && attempt < maxRetries) {
        counters.retries += 1;
        await sleep(backoffDelayMs(attempt, random));
        continue;
      }
      throw statusError(what, status);
    }
  }

  return {
    get: (path, query, signal) => send('GET', withQuery(path, query), undefined, signal),
    post: (path, body) => send('POST', path, body, undefined),
    put: (path, body) => send('PUT', path, body, undefined),
    stats: () => ({ ...counters, ...governor.snapshot() }),
  };
}

/**
 * The path and query of a URL Zendesk handed us (`links.next`, `after_url`). Requests always go to
 * the configured base URL, so credentials can never follow a link to another host.
 */
export function relativeRef(target: string): string {
  if (!/^https?:\/\//i.test(target)) return target;
  const url = new URL(target);
  return `${url.pathname}${url.search}`;
}

function withQuery(path: string, query: Query | undefined): string {
  if (query === undefined) return path;
  const search = new URLSearchParams(
    Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]),
  ).toString();
  if (search === '') return path;
  return `${path}${path.includes('?') ? '&' : '?'}${search}`;
}

function authorization(auth: ZendeskAuth): string {
  if (auth.kind === 'oauth') return `Bearer ${auth.accessToken}`;
  return `Basic ${Buffer.from(`${auth.email}/token:${auth.token}`).toString('base64')}`;
}

function clampShare(share: number): number {
  return Number.isFinite(share) ? Math.min(1, Math.max(0, share)) : 0.5;
}

function parseJson(data: unknown, what: string): unknown {
  if (typeof data !== 'string') return data;
  // 201/204 from writes may carry no body at all.
  if (data.trim() === '') return null;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    throw new ConnectorError('SCHEMA_MISMATCH', `${what} returned a body that is not JSON`);
  }
}

function statusError(what: string, status: number): ConnectorError {
  if (status === 401 || status === 403) {
    return new ConnectorError('AUTH_FAILED', `${what} was refused (${status}): check credentials`);
  }
  if (status === 404) return new ConnectorError('NOT_FOUND', `${what} found nothing (404)`);
  if (status >= 500) {
    return new ConnectorError('UPSTREAM_UNAVAILABLE', `${what} failed with ${status}`);
  }
  // 400/422 and other client errors: our request no longer matches what Zendesk expects.
  return new ConnectorError('SCHEMA_MISMATCH', `${what} was rejected with ${status}`);
}

function networkReason(error: unknown): string {
  if (axios.isAxiosError(error)) return error.code ?? 'network error';
  return 'network error';
}
