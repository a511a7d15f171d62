import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import nock from 'nock';
import { afterEach, beforeAll, expect } from 'vitest';
import {
  createFreshdeskClient,
  type FreshdeskClient,
} from '../../../src/connectors/freshdesk/client.js';

/** The API root for the `acme` test account. */
export const BASE = 'https://acme.freshdesk.com';
export const API_KEY = 'secret-api-key-123';

/** Reads a third-party fixture in place (test-only; never copied into the repository). */
export function fixture(path: string): unknown {
  const url = new URL(`../../../../shared/fixtures/real/${path}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as unknown;
}

/** A fixture that is a JSON array of objects. */
export function fixtureArray(path: string): Record<string, unknown>[] {
  const value = fixture(path);
  if (!Array.isArray(value)) throw new Error(`${path} is not an array`);
  return value as Record<string, unknown>[];
}

/** A fixture that is one JSON object. */
export function fixtureObject(path: string): Record<string, unknown> {
  return fixture(path) as Record<string, unknown>;
}

/** A client whose sleeps return at once and are recorded; jitter is fixed at its midpoint. */
export function testClient(
  maxRetries = 3,
  baseUrl?: string,
): { client: FreshdeskClient; delays: number[] } {
  const delays: number[] = [];
  const client = createFreshdeskClient({
    domain: 'acme',
    ...(baseUrl === undefined ? {} : { baseUrl }),
    apiKey: API_KEY,
    timeoutMs: 2_000,
    maxRetries,
    sleep: (ms) => {
      delays.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
  });
  return { client, delays };
}

/** Standard nock hygiene for this folder: no real network, every interceptor used. */
export function useNock(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterEach(() => {
    const done = nock.isDone();
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending).toEqual([]);
    expect(done).toBe(true);
  });
}

/** Collects every page of a stream. */
export async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

/**
 * A real server on 127.0.0.1 for socket-level failures (nock's replyWithError hangs with the
 * installed interceptors): `handlers[i]` serves request i; a missing handler answers `[]`.
 */
export async function localServer(
  handlers: ((req: IncomingMessage, res: ServerResponse) => void)[],
): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let count = 0;
  const server = createServer((req, res) => {
    const handler = handlers[count];
    count += 1;
    if (handler === undefined) res.end('[]');
    else handler(req, res);
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
