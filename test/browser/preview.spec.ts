import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoStack } from '../../src/preview/demo-stack.js';
import { appFrame, launchChromium, screenshot, startTestDemo } from '../support/browser.js';
import { HOSTILE_SUBJECT, hostileSubjectView } from '../support/browser-hostile.js';

const en = JSON.parse(readFileSync('plugin/translations/en.json', 'utf8')) as {
  ui: { status: Record<string, string>; error: Record<string, string> };
};
const UPDATABLE = new Set(['new', 'open', 'pending', 'hold']);
// The sidebar lists at most this many of the requester's other tickets.
const MAX_RECENT = 5;

/** A requester with two to four live tickets, one of which still takes updates. */
function pickRequester(stack: DemoStack) {
  const { dataset } = stack.simulator;
  const byRequester = new Map<string, { id: string; index: number; status: string }[]>();
  for (let i = 0; i < dataset.size; i += 1) {
    const { ticket } = dataset.truth(i);
    if (ticket.status === 'deleted') continue;
    const list = byRequester.get(ticket.requesterId) ?? [];
    list.push({ id: ticket.id, index: i, status: ticket.status });
    byRequester.set(ticket.requesterId, list);
  }
  for (const [requesterId, tickets] of byRequester) {
    const other = tickets.find((t) => UPDATABLE.has(t.status));
    const shown = tickets.find((t) => t !== other);
    if (tickets.length >= 2 && tickets.length <= 4 && other !== undefined && shown !== undefined)
      return { requesterId, shown, other };
  }
  throw new Error('no requester with an updatable second ticket');
}

/**
 * A live ticket that is still being worked on (the timer only runs there) and is not the one the
 * live-update test changes.
 */
function pickUnsolved(stack: DemoStack) {
  const { other } = pickRequester(stack);
  const { dataset } = stack.simulator;
  for (let i = 0; i < dataset.size; i += 1) {
    const { ticket } = dataset.truth(i);
    if (ticket.id !== other.id && UPDATABLE.has(ticket.status)) return ticket;
  }
  throw new Error('no unsolved ticket');
}

describe('preview host: the real app against the demo stack', () => {
  const hostile = { ticketId: 0 };
  let stack: DemoStack;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page | undefined;

  beforeAll(async () => {
    stack = await startTestDemo({ helpdeskView: hostileSubjectView(hostile) });
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser.close();
    await stack.close();
  });

  // A fresh tab per page, so one test's frames and timers never act in the next.
  const open = async (path: string) => {
    await page?.close();
    page = await browser.context.newPage();
    await page.goto(`${stack.previewUrl}${path}`);
    return { page, frame: appFrame(page) };
  };

  it('shows the requester context and clocks from the backend in the ticket sidebar', async () => {
    // The requester's ticket that is still open, with the other one(s) in its recent list.
    const { shown: other, other: shown, requesterId } = pickRequester(stack);
    const { page, frame } = await open(`/preview/ticket/${shown.id}`);
    await expect.poll(() => frame.locator('.dp-context').count(), { timeout: 30_000 }).toBe(1);
    // What the backend holds for this requester is what the sidebar lists.
    const response = await fetch(`${stack.backendUrl}/api/v1/requesters/${requesterId}/context`, {
      headers: { authorization: `Bearer ${stack.appSecret}` },
    });
    expect(response.status).toBe(200);
    const context = (await response.json()) as { recentTickets: { id: string }[] };
    const others = context.recentTickets.filter((t) => t.id !== shown.id).map((t) => `#${t.id}`);
    expect(others).toContain(`#${other.id}`);
    await expect
      .poll(() => frame.locator('.dp-tickets li a').allInnerTexts(), { timeout: 10_000 })
      .toEqual(others.slice(0, MAX_RECENT));
    expect(await frame.locator('.dp-clocks, dl').count()).toBeGreaterThan(0);
    expect(await frame.locator('.dp-error').count()).toBe(0);
    await screenshot(page, 'ticket-sidebar');
  }, 60_000);

  it('shows the user sidebar', async () => {
    const { requesterId, shown } = pickRequester(stack);
    const { page, frame } = await open(`/preview/user/${requesterId}`);
    await expect
      .poll(() => frame.locator('.dp-tickets li a').allInnerTexts(), { timeout: 30_000 })
      .toContain(`#${shown.id}`);
    expect(await frame.locator('.dp-error').count()).toBe(0);
    await screenshot(page, 'user-sidebar');
  }, 60_000);

  it("shows the organisation sidebar with the backend's organisation context", async () => {
    const { dataset } = stack.simulator;
    let organizationId: string | null = null;
    for (let i = 0; i < dataset.size && organizationId === null; i += 1) {
      const { ticket } = dataset.truth(i);
      if (ticket.status !== 'deleted') organizationId = ticket.organizationId;
    }
    if (organizationId === null) throw new Error('no ticket of an organisation');
    const response = await fetch(
      `${stack.backendUrl}/api/v1/organizations/${organizationId}/context`,
      { headers: { authorization: `Bearer ${stack.appSecret}` } },
    );
    expect(response.status).toBe(200);
    const context = (await response.json()) as { recentTickets: { id: string }[] };
    const { page, frame } = await open(`/preview/organization/${organizationId}`);
    await expect
      .poll(() => frame.locator('.dp-tickets li a').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    const listed = await frame.locator('.dp-tickets li a').allInnerTexts();
    const backend = context.recentTickets.map((t) => `#${t.id}`);
    expect(listed.every((id) => backend.includes(id))).toBe(true);
    expect(await frame.locator('.dp-error').count()).toBe(0);
    await screenshot(page, 'organization-sidebar');
  }, 60_000);

  it("shows the KPI board and drills down to a ticket's events", async () => {
    const { page, frame } = await open('/preview/board');
    await expect
      .poll(() => frame.locator('.dp-tiles, .dp-slices').count(), { timeout: 30_000 })
      .toBe(1);
    expect(await frame.locator('.dp-error').count()).toBe(0);
    await screenshot(page, 'kpi-board', { fullPage: false });
    // Split by group, open a group's tickets for the first KPI, then ask why for one of them.
    await frame.locator('select[name=slice]').selectOption('group');
    await frame.locator('button[type=submit]').click();
    const group = frame.locator('.dp-slices button.dp-link:not(:empty)').first();
    await expect.poll(() => group.count(), { timeout: 30_000 }).toBe(1);
    await group.click();
    const explain = frame.locator('button[data-explain]').first();
    await expect.poll(() => explain.count(), { timeout: 30_000 }).toBe(1);
    const ticketId = (await explain.getAttribute('data-explain')) ?? '';
    await explain.click();
    const events = frame.locator('.dp-explain .dp-events li');
    await expect.poll(() => events.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // The events listed are the ones the backend explains the ticket's numbers with.
    const response = await fetch(`${stack.backendUrl}/api/v1/tickets/${ticketId}/explain`, {
      headers: { authorization: `Bearer ${stack.appSecret}` },
    });
    const explained = (await response.json()) as { events: unknown[] };
    expect(await events.count()).toBe(explained.events.length);
    await frame.locator('.dp-explain').scrollIntoViewIfNeeded();
    await screenshot(page, 'kpi-board-drilldown', { fullPage: false });
  }, 90_000);

  it("shows the Reasons view, its recurring problems and a problem's tickets", async () => {
    const { page, frame } = await open('/preview/board');
    const view = frame.locator('[data-view=reasons]');
    await expect.poll(() => view.locator('tr[data-reason]').count(), { timeout: 60_000 }).toBe(1);
    // The demo installation has no reason settings: every ticket is "No reason given".
    expect(await view.locator('tr[data-reason="unspecified"]').count()).toBe(1);
    await view.locator('[data-by="problem"]').click();
    const problems = view.locator('tr[data-reason^="p-"]');
    await expect.poll(() => problems.count(), { timeout: 60_000 }).toBeGreaterThan(3);
    expect(await frame.locator('.dp-error').count()).toBe(0);
    await view.scrollIntoViewIfNeeded();
    await screenshot(page, 'reasons-problems', { fullPage: false });
    await problems.first().locator('button').click();
    const tickets = view.locator('.dp-detail tbody tr');
    await expect.poll(() => tickets.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await view.locator('.dp-detail').scrollIntoViewIfNeeded();
    await screenshot(page, 'reasons-problem-tickets', { fullPage: false });
  }, 120_000);

  it('shows the Compare view: email tickets against the rest on every KPI', async () => {
    const { page, frame } = await open('/preview/board');
    // The demo's four months on the board, so each cohort holds enough tickets for verdicts.
    const from = new Date(Date.now() - 125 * 86_400_000).toISOString().slice(0, 10);
    // The board's range (the What if editor has its own time inputs named from/to).
    await frame.locator('input[type=date][name=from]').fill(from);
    await frame.locator('button[type=submit]').click();
    const view = frame.locator('[data-view=compare]');
    await view.locator('select[name=compare-by]').selectOption('channel');
    // The second range belongs to by=period only.
    expect(await view.locator('input[name=compare-b-from]').isVisible()).toBe(false);
    await view.locator('input[name=compare-a]').fill('email');
    await view.locator('button[data-compare-run]').click();
    const rows = view.locator('tr[data-kpi]');
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(9);
    expect(await frame.locator('.dp-error').count()).toBe(0);
    // Every row carries one of the four verdicts, worded.
    const verdicts: (string | null)[] = [];
    for (let i = 0; i < 9; i += 1) verdicts.push(await rows.nth(i).getAttribute('data-verdict'));
    for (const v of verdicts) {
      expect(['a_better', 'b_better', 'no_difference', 'too_few']).toContain(v);
    }
    // Resolution times are known for enough tickets on both sides to judge, not refuse.
    expect(verdicts[0]).not.toBe('too_few');
    await view.scrollIntoViewIfNeeded();
    await screenshot(page, 'compare', { fullPage: false });
  }, 120_000);

  it('speaks Italian in the Compare view', async () => {
    const { page, frame } = await open('/preview/board?locale=it');
    const view = frame.locator('[data-view=compare]');
    await view.locator('select[name=compare-by]').selectOption('period');
    // A before/after comparison: the board's range against the same days a month earlier.
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    await view.locator('input[name=compare-b-from]').fill(day(Date.now() - 60 * 86_400_000));
    await view.locator('input[name=compare-b-to]').fill(day(Date.now() - 31 * 86_400_000));
    await view.locator('button[data-compare-run]').click();
    const rows = view.locator('tr[data-kpi]');
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(9);
    expect(await frame.locator('.dp-error').count()).toBe(0);
    expect(await rows.first().locator('td').first().textContent()).toContain(
      'Tempo di risoluzione (mediana)',
    );
    await view.scrollIntoViewIfNeeded();
    await screenshot(page, 'compare-it', { fullPage: false });
  }, 120_000);

  it('shows a subject carrying a <script> tag as text, and runs none of it', async () => {
    const list = await open('/preview/tickets');
    const row = `tr:has(a[href="/preview/ticket/${hostile.ticketId}"]) .subject`;
    expect(await list.page.locator(row).textContent()).toBe(HOSTILE_SUBJECT);
    const { page, frame } = await open(`/preview/ticket/${hostile.ticketId}`);
    expect(await page.locator('.record h1.subject').textContent()).toBe(HOSTILE_SUBJECT);
    await expect
      .poll(() => frame.locator('.dp-context, .dp-empty').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    const pwned = () => (globalThis as { __pwned?: string }).__pwned;
    expect(await page.evaluate(pwned)).toBeUndefined();
    for (const f of page.frames()) expect(await f.evaluate(pwned)).toBeUndefined();
  }, 60_000);

  it('refreshes the open sidebar when a webhook-driven change is pushed back', async () => {
    const { shown, other } = pickRequester(stack);
    const { frame } = await open(`/preview/ticket/${shown.id}`);
    const line = frame.locator('.dp-tickets li', { hasText: `#${other.id} ` });
    await expect.poll(() => line.count(), { timeout: 30_000 }).toBe(1);
    const before = stack.simulator.dataset.truth(other.index).ticket.status;
    let after = before;
    // Each update is one realistic step (a reply, a status change…); go on until the status moves.
    for (let k = 0; k < 12 && after === before; k += 1) {
      const result = await stack.simulator.updateTicket(other.index);
      if (result === null) break;
      expect(result.delivery?.status).toBe(202);
      after = stack.simulator.dataset.truth(other.index).ticket.status;
    }
    expect(after).not.toBe(before);
    const label = en.ui.status[after] ?? after;
    await expect
      .poll(() => line.innerText(), { timeout: 60_000, interval: 500 })
      .toContain(`#${other.id} ${label} ·`);
  }, 120_000);

  it('posts the handle time when the ticket is submitted', async () => {
    const unsolved = pickUnsolved(stack);
    const { page, frame } = await open(`/preview/ticket/${unsolved.id}`);
    await expect.poll(() => frame.locator('.dp-timer').count(), { timeout: 30_000 }).toBe(1);
    await page.locator('#reply').fill('Thanks, looking into it.');
    await page.waitForTimeout(2_500);
    const posted = page.waitForResponse(
      (r) =>
        r.url().endsWith('/preview/zaf/request') &&
        (r.request().postData() ?? '').includes('/handle-time'),
    );
    await page.locator('#submit-ticket').click();
    const relayed = (await (await posted).json()) as { status: number; body: string };
    expect(relayed.status).toBe(201);
    expect(JSON.parse(relayed.body)).toEqual({ created: true });
  }, 60_000);

  // Last: it stops the backend.
  it('shows a readable error when the backend is down', async () => {
    const { shown } = pickRequester(stack);
    await stack.server.close();
    const { page, frame } = await open(`/preview/ticket/${shown.id}`);
    const error = frame.locator('.dp-error').first();
    await expect.poll(() => error.count(), { timeout: 30_000 }).toBe(1);
    expect(await error.innerText()).toContain(en.ui.error['unreachable']);
    await screenshot(page, 'backend-down');
  }, 60_000);
});
