import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../src/connectors/errors.js';
import type { IncomingMessage } from 'node:http';
import { API_KEY, BASE, localServer, testClient, useNock } from './support.js';

useNock();

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ConnectorError)) throw new Error('expected a ConnectorError');
  return error;
}

describe('Freshdesk client', () => {
  it('sends the API key as Basic auth user with password X', async () => {
    const expected = `Basic ${Buffer.from(`${API_KEY}:X`).toString('base64')}`;
    nock(BASE, { reqheaders: { authorization: expected } })
      .get('/api/v2/agents')
      .reply(200, []);
    const { client } = testClient();
    await expect(client.get('/api/v2/agents')).resolves.toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('uses baseUrl instead of the domain when given', async () => {
    const { createFreshdeskClient } = await import('../../../src/connectors/freshdesk/client.js');
    nock('https://support.example.com').get('/api/v2/agents').reply(200, []);
    const client = createFreshdeskClient({
      domain: 'ignored',
      baseUrl: 'https://support.example.com',
      apiKey: API_KEY,
      timeoutMs: 1000,
      maxRetries: 0,
    });
    await expect(client.get('/api/v2/agents')).resolves.toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('maps 401 to AUTH_FAILED without retrying or leaking the key', async () => {
    nock(BASE).get('/api/v2/tickets').query(true).reply(401, { code: 'invalid_credentials' });
    const { client, delays } = testClient();
    const error = await failure(client.get('/api/v2/tickets', { params: { page: 1 } }));
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('GET /api/v2/tickets');
    expect(error.message).not.toContain(API_KEY);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
    expect(error.cause instanceof Error ? error.cause.message : '').not.toContain(API_KEY);
    expect(delays).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('maps 403 to AUTH_FAILED and 404 to NOT_FOUND', async () => {
    nock(BASE).get('/api/v2/contact_fields').reply(403, {});
    nock(BASE).get('/api/v2/tickets/9').reply(404, {});
    const { client } = testClient();
    expect((await failure(client.get('/api/v2/contact_fields'))).code).toBe('AUTH_FAILED');
    expect((await failure(client.get('/api/v2/tickets/9'))).code).toBe('NOT_FOUND');
    expect(nock.isDone()).toBe(true);
  });

  it('retries 5xx with exponential backoff and jitter, then succeeds', async () => {
    nock(BASE).get('/api/v2/agents').reply(502).get('/api/v2/agents').reply(503);
    nock(BASE)
      .get('/api/v2/agents')
      .reply(200, [{ id: 1 }]);
    const { client, delays } = testClient();
    await expect(client.get('/api/v2/agents')).resolves.toEqual([{ id: 1 }]);
    // random() = 0.5 → ceiling/2 + ceiling/4: 1000 ms then 2000 ms ceilings.
    expect(delays).toEqual([750, 1500]);
    expect(nock.isDone()).toBe(true);
  });

  it('gives up after maxRetries with UPSTREAM_UNAVAILABLE', async () => {
    nock(BASE).get('/api/v2/agents').times(3).reply(500);
    const { client, delays } = testClient(2);
    const error = await failure(client.get('/api/v2/agents'));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(delays).toHaveLength(2);
    expect(nock.isDone()).toBe(true);
  });

  it('retries a connection reset, then reports NETWORK when it persists', async () => {
    const reset = (req: IncomingMessage) => req.socket.destroy();
    const server = await localServer([reset, (_req, res) => res.end('[1]'), reset, reset]);
    try {
      const { client, delays } = testClient(1, server.url);
      await expect(client.get('/api/v2/agents')).resolves.toEqual([1]);
      const error = await failure(client.get('/api/v2/companies'));
      expect(error.code).toBe('NETWORK');
      expect(error.message).toContain('ECONNRESET');
      expect(delays).toEqual([750, 750]);
      expect(server.requests()).toBe(4);
    } finally {
      await server.close();
    }
    expect(nock.isDone()).toBe(true);
  });

  it('retries a timeout', async () => {
    const server = await localServer([() => undefined, (_req, res) => res.end('[2]')]);
    try {
      const { createFreshdeskClient } = await import('../../../src/connectors/freshdesk/client.js');
      const delays: number[] = [];
      const client = createFreshdeskClient({
        domain: 'acme',
        baseUrl: server.url,
        apiKey: API_KEY,
        timeoutMs: 100,
        maxRetries: 1,
        sleep: (ms) => {
          delays.push(ms);
          return Promise.resolve();
        },
        random: () => 0,
      });
      await expect(client.get('/api/v2/agents')).resolves.toEqual([2]);
      expect(delays).toEqual([500]);
    } finally {
      await server.close();
    }
  });

  it('honours Retry-After on 429 and reports RATE_LIMITED with it once retries run out', async () => {
    nock(BASE).get('/api/v2/agents').reply(429, {}, { 'Retry-After': '7' });
    nock(BASE).get('/api/v2/agents').reply(200, []);
    nock(BASE).get('/api/v2/companies').times(2).reply(429, {}, { 'Retry-After': '30' });
    const { client, delays } = testClient(1);
    await expect(client.get('/api/v2/agents')).resolves.toEqual([]);
    const error = await failure(client.get('/api/v2/companies'));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterMs).toBe(30_000);
    expect(delays).toEqual([7_000, 30_000]);
    expect(nock.isDone()).toBe(true);
  });

  it('paces requests once the remaining budget falls into the reserved share', async () => {
    const headers = (remaining: number) => ({
      'x-ratelimit-total': '200',
      'x-ratelimit-remaining': String(remaining),
    });
    nock(BASE).get('/api/v2/agents').reply(200, [], headers(100));
    nock(BASE).get('/api/v2/agents').reply(200, [], headers(40));
    nock(BASE).get('/api/v2/agents').reply(200, [], headers(39));
    nock(BASE).get('/api/v2/agents').reply(200, [], headers(150));
    nock(BASE).get('/api/v2/agents').reply(200, []);
    const { client, delays } = testClient();
    for (let i = 0; i < 5; i++) await client.get('/api/v2/agents');
    // 20% of 200 = 40 reserved: after "40" and "39" the next request waits 60 s / 200 = 300 ms.
    expect(delays).toEqual([300, 300]);
    expect(nock.isDone()).toBe(true);
  });

  it('reports other 4xx as SCHEMA_MISMATCH without retrying', async () => {
    nock(BASE).post('/api/v2/contact_fields').reply(400, { description: 'Validation failed' });
    const { client, delays } = testClient();
    const error = await failure(client.post('/api/v2/contact_fields', { data: { label: 'x' } }));
    expect(error.code).toBe('SCHEMA_MISMATCH');
    expect(delays).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });
});
