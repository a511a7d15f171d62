import type { Request } from 'express';

/** Shared helpers for the simulator's routes. */

/** Opaque cursor: base64url of a position, as Zendesk's cursors are opaque strings. */
export function encodeCursor(position: number): string {
  return Buffer.from(`p:${position}`).toString('base64url');
}

/** The position in a cursor, or null when it is not one of ours. */
export function decodeCursor(cursor: string): number | null {
  const match = /^p:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** A single-valued query parameter (Express 5's simple parser keeps `page[size]` as one key). */
export function queryParam(req: Request, name: string): string | undefined {
  const value: unknown = (req.query as Record<string, unknown>)[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

/** A positive page size from `per_page` or `page[size]`, capped like Zendesk caps it. */
export function pageSize(req: Request, fallback: number, max: number): number {
  const raw = queryParam(req, 'per_page') ?? queryParam(req, 'page[size]');
  const n = raw === undefined ? fallback : Number(raw);
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : fallback;
}

/** Absolute URL of this server for `next_page`/`after_url` links. */
export function selfUrl(req: Request, path: string, params: Record<string, string>): string {
  const host = req.get('host') ?? '127.0.0.1';
  return `http://${host}${path}?${new URLSearchParams(params).toString()}`;
}

/** Thrown by handlers for a 4xx answer with Zendesk's error body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(typeof body['error'] === 'string' ? body['error'] : `HTTP ${status}`);
  }
}

/** `start_time` in unix seconds; Zendesk refuses values within the last minute. */
export function startTimeMs(req: Request, nowMs: number, required: boolean): number {
  const raw = queryParam(req, 'start_time');
  if (raw === undefined) {
    if (required)
      throw new HttpError(400, { error: 'InvalidValue', description: 'start_time is required' });
    return 0;
  }
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 0) {
    throw new HttpError(400, {
      error: 'InvalidValue',
      description: 'start_time must be a unix time in seconds',
    });
  }
  if (seconds * 1000 > nowMs - 60_000) {
    throw new HttpError(400, {
      error: 'InvalidValue',
      description: 'Too recent start_time. Use a start_time older than 1 minute.',
    });
  }
  return seconds * 1000;
}

/**
 * One page of `items` under Zendesk's cursor pagination (`page[size]`, `page[after]`): the page's
 * items, `meta.has_more`/`after_cursor` and `links.next` pointing at this same path.
 */
export function cursorPage<T>(req: Request, items: readonly T[], maxSize: number) {
  const size = pageSize(req, maxSize, maxSize);
  const after = queryParam(req, 'page[after]');
  const from = after === undefined ? 0 : (decodeCursor(after) ?? items.length);
  const next = from + size;
  const hasMore = next < items.length;
  return {
    items: items.slice(from, next),
    meta: {
      has_more: hasMore,
      after_cursor: hasMore ? encodeCursor(next) : null,
      before_cursor: null,
    },
    links: {
      next: hasMore
        ? selfUrl(req, req.path, { 'page[size]': String(size), 'page[after]': encodeCursor(next) })
        : null,
      prev: null,
    },
  };
}
