import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shoot } from './screen-shots.js';
import type { DemoStack } from '../../src/preview/demo-stack.js';
import { launchChromium, startTestDemo } from '../support/browser.js';

const it_ = JSON.parse(readFileSync('plugin/translations/it.json', 'utf8')) as {
  ui: { context: Record<string, string>; clocks: Record<string, string> };
};
const UNSOLVED = new Set(['new', 'open', 'pending', 'hold']);
const SOLVED = new Set(['solved', 'closed']);

const fill = (template: string, vars: Record<string, string | number>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_w, k: string) => String(vars[k]));

/** A requester's live tickets in the simulator's ground truth, with at least one solved. */
function requesterFromTruth(stack: DemoStack) {
  const { dataset } = stack.simulator;
  const byRequester = new Map<string, string[]>();
  for (let i = 0; i < dataset.size; i += 1) {
    const { ticket } = dataset.truth(i);
    if (ticket.status === 'deleted') continue;
    byRequester.set(ticket.requesterId, [
      ...(byRequester.get(ticket.requesterId) ?? []),
      ticket.status,
    ]);
  }
  for (const [requesterId, statuses] of byRequester) {
    if (statuses.length >= 2 && statuses.length <= 20 && statuses.some((s) => SOLVED.has(s)))
      return { requesterId, statuses };
  }
  throw new Error('no requester with a solved ticket');
}

describe('sidebars in Italian at 320 px against the simulator truth', () => {
  let stack: DemoStack;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let compared = 0;

  beforeAll(async () => {
    stack = await startTestDemo();
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    console.log(`sidebar screen test: ${String(compared)} values compared with the truth`);
    await browser.close();
    await stack.close();
  });

  /** Opens a preview page in Italian and then its app frame alone at 320 px (a real sidebar's width). */
  const openFrame = async (path: string) => {
    page = await browser.context.newPage();
    await page.goto(`${stack.previewUrl}${path}?locale=it`);
    const src = await page.locator('#app-frame').getAttribute('src');
    await page.setViewportSize({ width: 320, height: 900 });
    await page.goto(new URL(src ?? '', stack.previewUrl).toString());
    await expect.poll(() => page.locator('.dp-context').count(), { timeout: 60_000 }).toBe(1);
  };

  it('shows the requester counts of the truth, in Italian, at 320 px', async () => {
    const { requesterId, statuses } = requesterFromTruth(stack);
    await openFrame(`/preview/user/${requesterId}`);
    const open = statuses.filter((s) => UNSOLVED.has(s)).length;
    const solved = statuses.filter((s) => SOLVED.has(s)).length;
    // Each count carries its own Italian plural form ("1 aperto", "2 aperti").
    const counted = (n: number, one: string, other: string) =>
      fill(it_.ui.context[n === 1 ? one : other] ?? '', { n });
    const expected = fill(it_.ui.context['tickets_value'] ?? '', {
      total: statuses.length,
      open: counted(open, 'open_one', 'open_other'),
      solved: counted(solved, 'solved_one', 'solved_other'),
    });
    // The row whose label is exactly "Ticket" (other rows' labels contain the word too).
    const label = page.getByText(it_.ui.context['tickets'] ?? '', { exact: true });
    const fact = page.locator('.dp-fact', { has: label }).locator('dd');
    expect((await fact.innerText()).replace(/\s+/g, ' ').trim()).toBe(expected);
    compared += 3;
    expect(await page.locator('.dp-kicker').innerText()).toMatch(/cliente/i);
    await shoot(page, 'i14s-user-sidebar-it-320');
  }, 120_000);

  it("stops a solved ticket's age at the solve, as the truth's events say", async () => {
    const { dataset } = stack.simulator;
    let index = -1;
    for (let i = 0; i < dataset.size && index < 0; i += 1) {
      const t = dataset.truth(i).ticket;
      if (t.status === 'solved') index = i;
    }
    const { ticket, events } = dataset.truth(index);
    const solves = events.filter((e) => e.type === 'status_change' && e.to === 'solved');
    const ageSeconds = Math.round(((solves.at(-1)?.at ?? 0) - ticket.createdAt) / 1000);
    await openFrame(`/preview/ticket/${ticket.id}`);
    await expect.poll(() => page.locator('.dp-clocks').count(), { timeout: 60_000 }).toBe(1);
    const age = page.locator('.dp-clocks .dp-fact', { hasText: it_.ui.clocks['age'] ?? '' });
    const raw = await age.locator('dd').innerText();
    // Durations are held together by no-break spaces; compare them as plain text.
    expect(raw).toContain('\u00a0');
    const text = raw.replace(/\u00a0/g, ' ');
    expect(text).toContain(it_.ui.clocks['stopped'] ?? '');
    expect(text).toContain(`(${twoUnits(ageSeconds)} di calendario)`);
    compared += 1;
    // No handle timer on a solved ticket.
    expect(await page.locator('.dp-timer-clock').count()).toBe(0);
    // Every duration stays on one line at 320 px: each <dd> line break falls between phrases.
    for (const dd of await page.locator('.dp-clocks dd').all()) {
      expect(await dd.innerText()).not.toMatch(/\d\n\s*[a-z]/);
    }
    await shoot(page, 'i14s-ticket-sidebar-it-320');
  }, 120_000);
});

/** The sidebar's Italian duration ("1 g 9 h", "3 h 20 min"), computed here from seconds. */
function twoUnits(total: number): string {
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  if (d > 0) return h > 0 ? `${d} g ${h} h` : `${d} g`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return m > 0 ? `${m} min` : `${total} s`;
}
