import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shoot } from './screen-shots.js';
import type { DemoStack } from '../../src/preview/demo-stack.js';
import { appFrame, launchChromium, startTestDemo } from '../support/browser.js';

describe('customer health on the board and the organisation sidebar', () => {
  let stack: DemoStack;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    stack = await startTestDemo({ tickets: 1200 });
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser.close();
    await stack.close();
  });

  it("lists accounts at risk whose drill-down tickets are the account's in the truth", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 1400 });
    await page.goto(`${stack.previewUrl}/preview/board`);
    const frame = appFrame(page);
    const table = frame.locator('.dp-health-table');
    await expect.poll(() => table.count(), { timeout: 120_000 }).toBe(1);
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    // Every listed account is at risk, and its score is below 60.
    for (const badge of await table.locator('.dp-health-badge').all()) {
      const text = await badge.innerText();
      expect(text).toContain('At risk');
      expect(Number(text.split(' ')[0])).toBeLessThan(60);
    }
    const first = rows.first().locator('button.dp-link');
    const name = await first.innerText();
    await first.click();
    const tickets = frame.locator('table.dp-health-tickets tbody tr');
    await expect.poll(() => tickets.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // The truth: tickets of the organisation named (or of the requester, by name).
    const { dataset } = stack.simulator;
    const ids = new Set<string>();
    for (let i = 0; i < dataset.size; i += 1) {
      const { ticket } = dataset.truth(i);
      const org = ticket.organizationId;
      const orgName = org === null ? null : `Organisation ${String(Number(org) - 90000)}`;
      const requesterName = `Customer ${String(Number(ticket.requesterId) - 200000)}`;
      if ((org !== null && orgName === name) || (org === null && requesterName === name)) {
        ids.add(ticket.id);
      }
    }
    for (const row of await tickets.all()) {
      const id = (await row.locator('td').first().innerText()).replace('#', '').trim();
      expect(ids.has(id), `ticket ${id} of ${name}`).toBe(true);
    }
    await shoot(page, 'board-accounts-at-risk');
    await page.close();
  }, 300_000);

  it('shows the organisation its score, trend and reasons in the sidebar', async () => {
    const page = await browser.context.newPage();
    // The first organisation with tickets in the last 30 days has a score.
    const { dataset } = stack.simulator;
    const recent = new Map<string, number>();
    for (let i = 0; i < dataset.size; i += 1) {
      const { ticket } = dataset.truth(i);
      if (ticket.organizationId === null || ticket.createdAt < Date.now() - 29 * 86_400_000)
        continue;
      recent.set(ticket.organizationId, (recent.get(ticket.organizationId) ?? 0) + 1);
    }
    const [orgId] = [...recent].sort((a, b) => b[1] - a[1])[0] ?? [];
    expect(orgId).toBeDefined();
    await page.goto(`${stack.previewUrl}/preview/organization/${orgId ?? ''}`);
    const src = await page.locator('#app-frame').getAttribute('src');
    await page.setViewportSize({ width: 320, height: 1200 });
    await page.goto(new URL(src ?? '', stack.previewUrl).toString());
    await expect.poll(() => page.locator('.dp-health').count(), { timeout: 60_000 }).toBe(1);
    expect(await page.locator('.dp-health .dp-health-badge').innerText()).toMatch(
      /^\d+ · (Healthy|Watch|At risk)$/,
    );
    expect(await page.locator('.dp-health svg.dp-health-spark').count()).toBe(1);
    // An "open tickets" reason counts the organisation's unsolved tickets of the truth.
    const unsolved = Array.from({ length: dataset.size }, (_, i) => dataset.truth(i).ticket).filter(
      (tk) => tk.organizationId === orgId && ['new', 'open', 'pending', 'hold'].includes(tk.status),
    ).length;
    const reasons = await page.locator('.dp-health-reasons li').allInnerTexts();
    const open = reasons.find((r) => r.startsWith('Open tickets'));
    if (open !== undefined) expect(open).toMatch(new RegExp(`^Open tickets ${String(unsolved)} `));
    console.log(
      `organisation ${orgId ?? ''}: ${String(unsolved)} unsolved; ${reasons.join(' | ')}`,
    );
    await shoot(page, 'organization-sidebar-health');
    await page.close();
  }, 120_000);
});
