import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../src/connectors/errors.js';
import {
  BASE,
  EMAIL,
  TOKEN,
  fixture,
  localServer,
  rateHeaders,
  resetConnection,
  testClient,
  useNock,
} from './support.js';

useNock();

interface Observed429 {
  responses: {
    id: string;
    headers_as_quoted?: Record<string, string>;
    body_text_per_thread_title?: string;
    body?: unknown;
  }[];
}
const observed = fixture<Observed429>('zendesk-observed-429/observed_429_responses.json');
const textPlain429 = observed.responses.find((r) => r.id === 'account_wide_text_plain');
const json429 = observed.responses.find((r) => r.id === 'incremental_export_json');

async function caught(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error('expected a ConnectorError');
}

describe('zendesk client', () => {
  it('authenticates with email/token basic auth and returns parsed JSON', async () => {
    const expected = `Basic ${Buffer.from(`${EMAIL}/token:${TOKEN}`).toString('base64')}`;
    nock(BASE, { reqheaders: { authorization: expected } })
      .get('/api/v2/ticket_fields.json')
      .reply(200, { ticket_fields: [] }, rateHeaders(699));
    const { client } = testClient();
    await expect(client.get('/api/v2/ticket_fields.json')).resolves.toEqual({ ticket_fields: [] });
    expect(client.stats()).toEqual({
      requests: 1,
      retries: 0,
      rateLimited429: 0,
      lastRemaining: 699,
      lastLimit: 700,
    });
    expect(nock.isDone()).toBe(true);
  });

  it('sends a bearer token for OAuth', async () => {
    nock(BASE, { reqheaders: { authorization: 'Bearer oauth-abc' } })
      .get('/api/v2/ticket_fields.json')
      .reply(200, { ticket_fields: [] });
    const { client } = testClient({ auth: { kind: 'oauth', accessToken: 'oauth-abc' } });
    await client.get('/api/v2/ticket_fields.json');
    expect(nock.isDone()).toBe(true);
  });

  it('retries a text/plain 429 after exactly Retry-After seconds', async () => {
    if (textPlain429?.headers_as_quoted === undefined) throw new Error('fixture changed');
    const headers = textPlain429.headers_as_quoted;
    nock(BASE)
      .get('/api/v2/ticket_fields.json')
      .reply(429, textPlain429.body_text_per_thread_title ?? '', headers)
      .get('/api/v2/ticket_fields.json')
      .reply(200, { ticket_fields: [] });
    const { client, sleeps } = testClient();
    await client.get('/api/v2/ticket_fields.json');
    expect(sleeps).toEqual([Number(headers['retry-after']) * 1000]);
    expect(client.stats()).toMatchObject({ requests: 2, retries: 1, rateLimited429: 1 });
    expect(nock.isDone()).toBe(true);
  });

  it('gives up on 429 after maxRetries with RATE_LIMITED and retryAfterMs', async () => {
    nock(BASE)
      .get('/api/v2/ticket_fields.json')
      .times(3)
      .reply(429, json429?.body, { 'retry-after': '7' });
    const { client, sleeps } = testClient({ maxRetries: 2 });
    const error = await caught(client.get('/api/v2/ticket_fields.json'));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterMs).toBe(7000);
    expect(error.retryable).toBe(true);
    expect(sleeps).toEqual([7000, 7000]);
    expect(nock.isDone()).toBe(true);
  });

  it.each([401, 403])(
    'maps %i to AUTH_FAILED without retrying or leaking the token',
    async (status) => {
      nock(BASE)
        .get('/api/v2/incremental/users/cursor.json')
        .query({ start_time: '1' })
        .reply(status, { error: "Couldn't authenticate you" });
      const { client, sleeps } = testClient();
      const error = await caught(
        client.get('/api/v2/incremental/users/cursor.json', { start_time: 1 }),
      );
      expect(error.code).toBe('AUTH_FAILED');
      expect(error.retryable).toBe(false);
      expect(error.message).toContain('GET /api/v2/incremental/users/cursor.json');
      expect(error.message).not.toContain(TOKEN);
      expect(error.message).not.toContain(EMAIL);
      expect(error.message).not.toContain('authenticate you');
      expect(sleeps).toEqual([]);
      expect(client.stats().requests).toBe(1);
      expect(nock.isDone()).toBe(true);
    },
  );

  it('maps 404 to NOT_FOUND with the real RecordNotFound body', async () => {
    const recorded = fixture<{ status: number; response: unknown }[]>(
      'node-zendesk/organizations_test_delete_not_found_organization.json',
    ).find((r) => r.status === 404);
    nock(BASE).get('/api/v2/tickets/9.json').reply(404, recorded?.response);
    const { client } = testClient();
    expect((await caught(client.get('/api/v2/tickets/9.json'))).code).toBe('NOT_FOUND');
    expect(nock.isDone()).toBe(true);
  });

  it('retries 5xx with full-jitter backoff, then succeeds', async () => {
    nock(BASE)
      .get('/api/v2/ticket_fields.json')
      .reply(503, 'upstream down')
      .get('/api/v2/ticket_fields.json')
      .reply(500, {})
      .get('/api/v2/ticket_fields.json')
      .reply(200, { ticket_fields: [] });
    const { client, sleeps } = testClient();
    await expect(client.get('/api/v2/ticket_fields.json')).resolves.toEqual({ ticket_fields: [] });
    // random() = 0.5: half of 500·2^attempt.
    expect(sleeps).toEqual([250, 500]);
    expect(nock.isDone()).toBe(true);
  });

  it('stops retrying 5xx at maxRetries with UPSTREAM_UNAVAILABLE', async () => {
    nock(BASE).get('/api/v2/ticket_fields.json').times(2).reply(502, 'bad gateway');
    const { client } = testClient({ maxRetries: 1 });
    const error = await caught(client.get('/api/v2/ticket_fields.json'));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(nock.isDone()).toBe(true);
  });

  it('retries ECONNRESET / socket hang up, then succeeds', async () => {
    nock.enableNetConnect('127.0.0.1');
    const server = await localServer([
      resetConnection,
      resetConnection,
      (_req, res) => res.end('{"ticket_fields":[]}'),
    ]);
    try {
      const { client, sleeps } = testClient({ baseUrl: server.url });
      const body = await client.get('/api/v2/ticket_fields.json');
      expect(body).toEqual({ ticket_fields: [] });
      expect(sleeps).toEqual([250, 500]);
      expect(client.stats()).toMatchObject({ requests: 3, retries: 2 });
      expect(server.paths).toEqual(Array(3).fill('/api/v2/ticket_fields.json'));
    } finally {
      await server.close();
      nock.disableNetConnect();
    }
    expect(nock.isDone()).toBe(true);
  });

  it('gives up on repeated resets with NETWORK', async () => {
    nock.enableNetConnect('127.0.0.1');
    const server = await localServer([resetConnection, resetConnection]);
    try {
      const { client } = testClient({ baseUrl: server.url, maxRetries: 1 });
      const error = await caught(client.get('/api/v2/ticket_fields.json'));
      expect(error.code).toBe('NETWORK');
      expect(error.retryable).toBe(true);
    } finally {
      await server.close();
      nock.disableNetConnect();
    }
    expect(nock.isDone()).toBe(true);
  });

  it('reports a body that is not JSON as SCHEMA_MISMATCH', async () => {
    nock(BASE)
      .get('/api/v2/ticket_fields.json')
      .reply(200, '<html>maintenance</html>', { 'content-type': 'text/html' });
    const { client } = testClient();
    const error = await caught(client.get('/api/v2/ticket_fields.json'));
    expect(error.code).toBe('SCHEMA_MISMATCH');
    expect(error.message).not.toContain('maintenance');
    expect(nock.isDone()).toBe(true);
  });

  it('slows down when remaining falls below the share left to others', async () => {
    nock(BASE)
      .get('/api/v2/ticket_fields.json')
      .reply(200, {}, { ...rateHeaders(400), 'ratelimit-reset': '43' })
      .get('/api/v2/ticket_fields.json')
      .reply(200, {}, { ...rateHeaders(349), 'ratelimit-reset': '43' })
      .get('/api/v2/ticket_fields.json')
      .reply(200, {}, rateHeaders(300))
      .get('/api/v2/ticket_fields.json')
      .reply(200, {}, rateHeaders(699));
    const { client, sleeps } = testClient({ budgetShare: 0.5 });
    await client.get('/api/v2/ticket_fields.json');
    expect(sleeps).toEqual([]);
    await client.get('/api/v2/ticket_fields.json');
    expect(sleeps).toEqual([]);
    // 349 < (1 − 0.5) × 700: wait out the window, 43 s by ratelimit-reset.
    await client.get('/api/v2/ticket_fields.json');
    expect(sleeps).toEqual([43_000]);
    // No reset header: a full minute.
    await client.get('/api/v2/ticket_fields.json');
    expect(sleeps).toEqual([43_000, 60_000]);
    expect(client.stats()).toMatchObject({ requests: 4, lastRemaining: 699, lastLimit: 700 });
    expect(nock.isDone()).toBe(true);
  });

  it('also reads the ratelimit-* spelling of the headers', async () => {
    nock(BASE)
      .get('/api/v2/tickets.json')
      .reply(
        200,
        {},
        { 'ratelimit-limit': '100', 'ratelimit-remaining': '10', 'ratelimit-reset': '5' },
      )
      .get('/api/v2/tickets.json')
      .reply(200, {});
    const { client, sleeps } = testClient({ budgetShare: 0.8 });
    await client.get('/api/v2/tickets.json');
    await client.get('/api/v2/tickets.json');
    expect(sleeps).toEqual([5000]);
    expect(client.stats()).toMatchObject({ lastRemaining: null, lastLimit: 100 });
    expect(nock.isDone()).toBe(true);
  });

  it('sends writes as JSON and follows absolute links only on its own host', async () => {
    nock(BASE)
      .put('/api/v2/users/5.json', { user: { user_fields: { deskpulse_effort: 3 } } })
      .reply(200, { user: { id: 5 } })
      .get('/api/v2/satisfaction_ratings.json')
      .query({ 'page[after]': 'abc' })
      .reply(200, { ok: true });
    const { client } = testClient();
    await client.put('/api/v2/users/5.json', { user: { user_fields: { deskpulse_effort: 3 } } });
    await client.get('https://elsewhere.example/api/v2/satisfaction_ratings.json?page[after]=abc');
    expect(nock.isDone()).toBe(true);
  });
});
