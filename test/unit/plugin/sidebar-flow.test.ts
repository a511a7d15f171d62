import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackend } from '../../../plugin/src/backend.js';
import { createTranslator } from '../../../plugin/src/i18n.js';
import { parseSettings } from '../../../plugin/src/settings.js';
import { runSidebar, SUMMARY_UPDATED_EVENT } from '../../../plugin/src/sidebar/main.js';
import type { SidebarKind } from '../../../plugin/src/sidebar/main.js';
import type { RequesterContext } from '../../../plugin/src/types.js';
import type { ZafRequestOptions } from '../../../plugin/src/zaf.js';
import { click, makeDocument, text } from './dom-fixture.js';
import { ZafStandIn } from './zaf-stand-in.js';

const ctx: RequesterContext = {
  name: null,
  counts: { total: 1, open: 1, solved: 0 },
  recentTickets: [],
  medianFullResolution: {
    requester: { calendar: null, business: null },
    team: { calendar: 3600, business: 1800 },
  },
  reopens: { total: 0, last30d: 0, last90d: 0 },
  csat: [],
  ces: [],
  effort: null,
  risk: { level: 'low', reasons: [] },
  asOf: new Date().toISOString(),
  activity: {
    preferredChannel: null,
    channels: [],
    interactionsPerTicket: null,
    resolutionRate: null,
  },
};

/** How ZAF rejects a failed proxied request: the status and the body text (here on an Error). */
const jqXhr = (status: number, code: string): Error =>
  Object.assign(new Error(code), {
    status,
    responseText: JSON.stringify({ error: { code, message: code } }),
  });

/** Timers and ids a handle-time timer needs; intervals never fire in these tests. */
const fakeWindow = {
  setTimeout: () => 1,
  clearTimeout: () => undefined,
  setInterval: () => 1,
  addEventListener: () => undefined,
  crypto: { randomUUID: () => '00000000-0000-4000-8000-000000000000' },
} as unknown as Window;

async function run(
  kind: SidebarKind,
  paths: Record<string, unknown>,
  respond: (o: ZafRequestOptions) => Promise<unknown>,
  handleTimer = false,
) {
  const client = new ZafStandIn(paths, respond);
  const doc = makeDocument();
  const root = doc.getElementById('app') as HTMLElement;
  let resized = 0;
  await runSidebar(
    {
      client,
      doc,
      win: fakeWindow,
      root,
      t: createTranslator('en'),
      backend: createBackend(client, 'https://dp.example.com'),
      settings: parseSettings({ backend_url: 'https://dp.example.com', handle_timer: handleTimer }),
      subdomain: 'acme',
      resize: () => {
        resized++;
      },
    },
    kind,
  );
  return { client, root, resized: () => resized };
}

const ticketPaths = { 'ticket.id': 7, 'ticket.requester.id': 42, 'currentUser.id': 99 };

describe('sidebar flow', () => {
  it('loads the requester context and the ticket clocks, and resizes the frame', async () => {
    const { client, root, resized } = await run('ticket', ticketPaths, async (o) =>
      o.url.endsWith('/context') ? ctx : Promise.reject(jqXhr(404, 'NOT_FOUND')),
    );
    expect(client.requests.map((r) => r.url).sort()).toEqual([
      'https://dp.example.com/api/v1/requesters/42/context',
      'https://dp.example.com/api/v1/tickets/7/clocks',
    ]);
    expect(client.requests.every((r) => r.secure && !r.cors)).toBe(true);
    expect(text(root)).toContain('Low risk');
    expect(text(root)).toContain('This ticket has not been synced yet');
    expect(resized()).toBeGreaterThan(0);
  });

  it('tells the agent what to do when the secret is refused, and retries on request', async () => {
    let answer: unknown = Promise.reject(jqXhr(401, 'UNAUTHORIZED'));
    const { root, client } = await run('user', { 'user.id': 42 }, () => answer as Promise<unknown>);
    expect(text(root)).toContain('Deskpulse refused the app secret. Ask a Zendesk admin');
    answer = Promise.resolve(ctx);
    click(root.querySelector('button'));
    await new Promise((r) => setTimeout(r, 0));
    expect(client.requests).toHaveLength(2);
    expect(text(root)).toContain('Low risk');
  });

  it('re-fetches on the push-back notification for this requester only', async () => {
    const { client } = await run('ticket', ticketPaths, async () => ctx);
    expect(client.listens(SUMMARY_UPDATED_EVENT)).toBe(true);
    // The name must match what push-back sends, prefixed the way ZAF delivers apps-notify events.
    const pushBack = await readFile(
      resolve(import.meta.dirname, '../../../src/services/pipeline/push-back.ts'),
      'utf8',
    );
    const sent = /event: '([^']+)'/.exec(pushBack)?.[1];
    expect(SUMMARY_UPDATED_EVENT).toBe(`api_notification.${sent ?? '?'}`);
    client.emit(SUMMARY_UPDATED_EVENT, { requesterId: '1000' });
    expect(client.requests).toHaveLength(2);
    client.emit(SUMMARY_UPDATED_EVENT, { requesterId: '42' });
    expect(client.requests).toHaveLength(4);
  });

  it.each([
    ['open', true],
    ['pending', true],
    ['solved', false],
    ['closed', false],
  ])('times handle time on a %s ticket: %s', async (status, timed) => {
    const paths = { ...ticketPaths, 'ticket.status': status };
    const { root } = await run('ticket', paths, async () => ctx, true);
    expect(root.querySelector('.dp-timer-clock') !== null).toBe(timed);
    expect(text(root).includes('Not timed: this ticket is solved.')).toBe(!timed);
  });

  it('reads the organisation context in the organization sidebar', async () => {
    const { client, root } = await run('organization', { 'organization.id': 5 }, async () => ({
      ...ctx,
      organizationId: '5',
      name: 'Acme S.p.A.',
    }));
    expect(client.requests.map((r) => r.url)).toEqual([
      'https://dp.example.com/api/v1/organizations/5/context',
      // Then the organisation's health over the last 30 days (plugin/src/health).
      expect.stringMatching(
        /^https:\/\/dp\.example\.com\/api\/v1\/health\/accounts\/5\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/,
      ),
    ]);
    expect(text(root.querySelector('.dp-kicker'))).toBe('Organization');
    expect(text(root.querySelector('h2'))).toBe('Acme S.p.A.');
  });
});
