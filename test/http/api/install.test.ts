import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, call, startApi, type ApiHarness } from './support.js';

let h: ApiHarness;

beforeAll(async () => {
  h = await startApi();
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
}, 60_000);

afterEach(() => {
  nock.cleanAll();
});

afterAll(async () => {
  nock.enableNetConnect();
  await h.close();
});

const TOKEN = 'zd-secret-token';
const zendesk = (domain: string) => ({
  helpdesk: 'zendesk',
  domain,
  credentials: { kind: 'token', email: `admin@${domain}.test`, token: TOKEN },
});
const install = (body: unknown) =>
  call(h, 'POST', '/api/v1/admin/installations', { token: ADMIN_TOKEN, body });
const stored = async () => (await h.store.listInstallations()).length;

/** A port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('POST /api/v1/admin/installations checks the account before storing it', () => {
  it.each([
    ['a 401', 401, { error: "Couldn't authenticate you" }, 'HELPDESK_AUTH_FAILED'],
    ['a 403', 403, { error: 'Forbidden' }, 'HELPDESK_AUTH_FAILED'],
    // Zendesk answers users/me for unknown callers with an anonymous user (id null).
    ['an anonymous user', 200, { user: { id: null, role: 'end-user' } }, 'HELPDESK_AUTH_FAILED'],
    ['an agent who is no admin', 200, { user: { id: 7, role: 'agent' } }, 'HELPDESK_NOT_ADMIN'],
    ['a 404 (no such subdomain)', 404, {}, 'HELPDESK_NOT_FOUND'],
  ])('answers 422 on %s and stores nothing', async (_what, status, reply, code) => {
    const before = await stored();
    const scope = nock('https://wrongco.zendesk.com')
      .get('/api/v2/users/me.json')
      .reply(status, reply);
    const r = await install(zendesk('wrongco'));
    expect(scope.isDone()).toBe(true);
    expect([r.status, r.json]).toMatchObject([422, { error: { code } }]);
    expect(r.text).not.toContain(TOKEN);
    expect(await stored()).toBe(before);
  });

  it('answers 422 HELPDESK_UNREACHABLE when nothing answers at the base URL', async () => {
    const before = await stored();
    const port = await closedPort();
    const r = await install({
      ...zendesk('nowhere'),
      settings: { baseUrl: `http://127.0.0.1:${port}` },
    });
    expect([r.status, r.json]).toMatchObject([422, { error: { code: 'HELPDESK_UNREACHABLE' } }]);
    expect(await stored()).toBe(before);
  });

  it('answers 502 HELPDESK_ERROR when the helpdesk keeps failing, and stores nothing', async () => {
    const before = await stored();
    const scope = nock('https://downco.zendesk.com')
      .get('/api/v2/users/me.json')
      .times(2)
      .reply(503, 'maintenance');
    const r = await install(zendesk('downco'));
    expect(scope.isDone()).toBe(true);
    expect([r.status, r.json]).toMatchObject([502, { error: { code: 'HELPDESK_ERROR' } }]);
    expect(await stored()).toBe(before);
  });

  it('stores the installation once the credentials act as an admin', async () => {
    const before = await stored();
    const scope = nock('https://goodco.zendesk.com', {
      reqheaders: {
        authorization: `Basic ${Buffer.from(`admin@goodco.test/token:${TOKEN}`).toString('base64')}`,
      },
    })
      .get('/api/v2/users/me.json')
      .reply(200, { user: { id: 42, role: 'admin', name: 'Ada' } });
    const r = await install(zendesk('goodco'));
    expect(scope.isDone()).toBe(true);
    expect(r.status).toBe(201);
    expect(await stored()).toBe(before + 1);
  });

  it('checks a Freshdesk API key with agents/me', async () => {
    const before = await stored();
    const freshdesk = {
      helpdesk: 'freshdesk',
      domain: 'freshco',
      credentials: { apiKey: 'fd-key' },
    };
    nock('https://freshco.freshdesk.com').get('/api/v2/agents/me').reply(401, {});
    const refused = await install(freshdesk);
    expect([refused.status, refused.json]).toMatchObject([
      422,
      { error: { code: 'HELPDESK_AUTH_FAILED' } },
    ]);
    expect(await stored()).toBe(before);
    const agent = { id: 5, contact: { name: 'Fay' }, updated_at: '2024-01-01T00:00:00Z' };
    nock('https://freshco.freshdesk.com').get('/api/v2/agents/me').reply(200, agent);
    expect((await install(freshdesk)).status).toBe(201);
    expect(await stored()).toBe(before + 1);
  });
});
