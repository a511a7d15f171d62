import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Page } from '../../../src/connectors/connector.js';
import {
  createZendeskClient,
  type ZendeskClient,
  type ZendeskClientConfig,
} from '../../../src/connectors/zendesk/client.js';

/** The `acme` test account. */
export const BASE = 'https://acme.zendesk.com';
export const EMAIL = 'admin@acme.test';
export const TOKEN = 'zd-secret-token-123';
/** A fixed clock: 2024-03-04T12:00:00.500Z (half a second, to test the last-minute rule). */
export const NOW = Date.parse('2024-03-04T12:00:00.500Z');
export const NOW_S = Math.floor(NOW / 1000);

/** Reads a third-party fixture in place (test-only; never copied into the repository). */
// The caller states the shape it relies on; the test fails loudly if the fixture differs.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export function fixture<T = Record<string, unknown>>(path: string): T {
  const url = new URL(`../../../../shared/fixtures/real/${path}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}

/** A client whose sleeps return at once and are recorded; jitter is fixed at its midpoint. */
export function testClient(overrides: Partial<ZendeskClientConfig> = {}): {
  client: ZendeskClient;
  sleeps: number[];
} {
  const sleeps: number[] = [];
  const client = createZendeskClient({
    subdomain: 'acme',
    auth: { kind: 'token', email: EMAIL, token: TOKEN },
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    now: () => NOW,
    random: () => 0.5,
    ...overrides,
  });
  return { client, sleeps };
}

/** Drains an async iterable of pages. */
export async function drain<T>(pages: AsyncIterable<Page<T>>): Promise<Page<T>[]> {
  const out: Page<T>[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

/** Shared nock lifecycle: no real network, no interceptor leaking into the next test. */
export function useNock(): void {
  beforeAll(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
}

/** Zendesk's account-wide rate-limit headers, as recorded from a real account. */
export function rateHeaders(remaining: number, limit = 700): Record<string, string> {
  return { 'x-rate-limit': String(limit), 'x-rate-limit-remaining': String(remaining) };
}

/** Serves request i with `handlers[i]`; a missing handler answers `{}`. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A real server on 127.0.0.1 for socket-level failures: nock's replyWithError never settles with
 * the installed interceptors (the request just times out), so resets need a real socket.
 */
export async function localServer(
  handlers: Handler[],
): Promise<{ url: string; paths: string[]; close: () => Promise<void> }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    const handler = handlers[paths.length];
    paths.push(req.url ?? '');
    if (handler === undefined) res.end('{}');
    else handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** Drops the connection without an answer: the client sees ECONNRESET / socket hang up. */
export const resetConnection: Handler = (req) => {
  req.socket.destroy();
};
