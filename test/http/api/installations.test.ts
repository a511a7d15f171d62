import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  call,
  installation,
  seed,
  solvedTicket,
  startApi,
  type ApiHarness,
} from './support.js';

let h: ApiHarness;

beforeAll(async () => {
  h = await startApi();
}, 60_000);

afterAll(async () => {
  await h.close();
});

const admin = (method: string, path: string) => call(h, method, path, { token: ADMIN_TOKEN });
/** A sidebar call: 404 (no such requester) once authenticated, 401 when the secret is refused. */
const sidebar = async (secret: string) =>
  (await call(h, 'GET', '/api/v1/requesters/999999/context', { token: secret })).status;

describe('admin installation lifecycle', () => {
  it('lists and shows installations with counts, never a secret or a hash', async () => {
    const a = await installation(h, 'listco');
    await seed(h, a.id, [solvedTicket('11', 'r1', 'o1'), solvedTicket('12', 'r1', 'o1')]);
    const list = await admin('GET', '/api/v1/admin/installations');
    expect(list.status).toBe(200);
    const rows = (list.json as { installations: { id: string; domain: string }[] }).installations;
    expect(rows.find((r) => r.id === a.id)).toMatchObject({
      helpdesk: 'zendesk',
      domain: 'listco',
      tickets: 2,
    });
    const show = await admin('GET', `/api/v1/admin/installations/${a.id}`);
    expect(show.status).toBe(200);
    expect(show.json).toMatchObject({
      id: a.id,
      domain: 'listco',
      counts: { tickets: 2, events: 6, ticketMetrics: 2 },
    });
    for (const r of [list, show]) {
      expect(r.text).not.toContain(a.secret);
      expect(r.text).not.toContain('zd-token-secret');
      expect(r.text).not.toMatch(/hash|credentials/i);
    }
    expect((await admin('GET', `/api/v1/admin/installations/${randomUUID()}`)).status).toBe(404);
  });

  it('rotates the app secret: the old one is refused at once, the new one works', async () => {
    const a = await installation(h);
    // Authenticated once, so the old secret sits in the auth cache.
    expect(await sidebar(a.secret)).toBe(404);
    const r = await admin('POST', `/api/v1/admin/installations/${a.id}/rotate-secret`);
    expect(r.status).toBe(200);
    const { appSecret } = r.json as { appSecret: string };
    expect(appSecret).toMatch(/^[\w-]{43}$/);
    expect(appSecret).not.toBe(a.secret);
    expect(await sidebar(a.secret)).toBe(401);
    expect(await sidebar(appSecret)).toBe(404);
  });

  it('deletes only with ?confirm=<id>, then the installation and its data are gone', async () => {
    const a = await installation(h);
    const other = await installation(h);
    await seed(h, a.id, [solvedTicket('21', 'r2', 'o2')]);
    await seed(h, other.id, [solvedTicket('21', 'r2', 'o2')]);
    expect(await sidebar(a.secret)).toBe(404);
    const path = `/api/v1/admin/installations/${a.id}`;
    for (const query of ['', `?confirm=${other.id}`]) {
      const refused = await admin('DELETE', `${path}${query}`);
      expect([refused.status, refused.json]).toMatchObject([
        400,
        { error: { code: 'CONFIRMATION_REQUIRED' } },
      ]);
    }
    expect((await h.store.installationFootprint(a.id)).tickets).toBe(1);
    const deleted = await admin('DELETE', `${path}?confirm=${a.id}`);
    expect([deleted.status, deleted.json]).toEqual([
      200,
      { deleted: a.id, helpdesk: 'zendesk', domain: expect.any(String) as string },
    ]);
    expect((await h.store.installationFootprint(a.id)).tickets).toBe(0);
    expect(await sidebar(a.secret)).toBe(401);
    expect((await admin('GET', path)).status).toBe(404);
    expect((await admin('DELETE', `${path}?confirm=${a.id}`)).status).toBe(404);
    expect((await h.store.installationFootprint(other.id)).tickets).toBe(1);
  });
});
