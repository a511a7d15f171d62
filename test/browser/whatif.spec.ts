import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoStack } from '../../src/preview/demo-stack.js';
import type { WhatIfReport } from '../../src/services/whatif/contracts.js';
import { appFrame, launchChromium, screenshot, startTestDemo } from '../support/browser.js';
import { freshClaim } from '../support/role-claims.js';

/** How many flipped tickets the section asks for (FLIPS_SHOWN in plugin/src/whatif/whatif-section.ts). */
const FLIPS_SHOWN = 50;

/** Where the screenshot for a person to look at goes (outside the repository), when set. */
const SHOT = process.env['DESKPULSE_WHATIF_SHOT'];

describe('board: the What if view replays the history under a proposal and applies it', () => {
  let stack: DemoStack;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;

  beforeAll(async () => {
    stack = await startTestDemo();
    browser = await launchChromium();
    page = await browser.context.newPage();
  }, 300_000);

  afterAll(async () => {
    await browser.close();
    await stack.close();
  });

  const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${stack.backendUrl}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${stack.appSecret}`,
        'content-type': 'application/json',
        'x-deskpulse-role-claim': freshClaim(stack.roleClaimKey, 'admin', Date.now()),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return response.json();
  };

  it('shows the comparison and the flipped tickets the API computes, then applies the proposal', async () => {
    await page.goto(`${stack.previewUrl}/preview/board`);
    const frame = appFrame(page);
    const section = frame.locator('[data-section="whatif"]');
    const targets = section.locator('tr[data-target]');
    // The form starts from the SLA policy in force (the simulator's Zendesk policy).
    await expect.poll(() => targets.count(), { timeout: 60_000 }).toBeGreaterThan(0);
    // The demo's backfill analyses in the background: wait until (almost) all of it is stored.
    const policyNow = async () => {
      const doc = (await api('/app/admin/settings')) as { settings: Record<string, unknown> };
      return (doc.settings['slaPolicy'] ?? doc.settings['helpdeskSlaPolicy']) as {
        id: string;
        name: string;
        targets: { targetSeconds: number }[];
      };
    };
    const analysed = async () => {
      const r = (await api('/what-if', {
        method: 'POST',
        body: { proposal: { slaPolicy: await policyNow() } },
      })) as WhatIfReport;
      return r.overall.tickets;
    };
    await expect.poll(analysed, { timeout: 120_000, interval: 2_000 }).toBeGreaterThanOrEqual(180);
    // A tenth of every target: tickets that made it in time now miss.
    for (const row of await targets.all()) {
      const hours = row.locator('input[name="hours"]');
      await hours.fill(String(Number(await hours.inputValue()) / 10));
    }
    await section.locator('select[name="whatif-slice"]').selectOption('priority');
    await section.locator('[data-action="whatif-run"]').click();
    const summary = section.locator('[data-whatif="summary"]');
    await expect.poll(() => summary.count(), { timeout: 60_000 }).toBe(1);

    // The same proposal through the API: the page shows its rows and its flipped tickets.
    const policy = await policyNow();
    const proposal = {
      slaPolicy: {
        ...policy,
        targets: policy.targets.map((t) => ({
          ...t,
          targetSeconds: Math.round((t.targetSeconds / 3600 / 10) * 3600),
        })),
      },
    };
    const report = (await api('/what-if', {
      method: 'POST',
      body: { proposal, slice: 'priority', flipLimit: FLIPS_SHOWN },
    })) as WhatIfReport;
    expect(report.flips.total).toBeGreaterThan(0);
    expect(await section.locator('[data-whatif="sla"] tbody tr').count()).toBe(
      report.overall.sla.length,
    );
    expect(await section.locator('[data-whatif="months"] tbody tr').count()).toBe(
      report.months.length,
    );
    expect(await section.locator('[data-whatif="slices"] tbody tr').count()).toBe(
      report.slices.length,
    );
    const shown: (string | null)[] = [];
    for (const row of await section.locator('tr[data-flip]').all())
      shown.push(await row.getAttribute('data-flip'));
    expect(shown).toEqual(report.flips.tickets.map((f) => f.ticketId));
    await section.scrollIntoViewIfNeeded();
    // The section alone: the board above it is other views' business.
    if (SHOT !== undefined) await section.screenshot({ path: SHOT });
    else await screenshot(page, 'whatif');

    // Apply: confirmed, handed to the settings change, which starts the re-analysis.
    page.once('dialog', (dialog) => void dialog.accept());
    await section.locator('[data-action="whatif-apply"]').click();
    await expect
      .poll(() => section.locator('[data-whatif="applied"]').count(), { timeout: 30_000 })
      .toBe(1);
    const after = (await api('/app/admin/settings')) as { settings: Record<string, unknown> };
    expect(after.settings['slaPolicy']).toEqual(proposal.slaPolicy);
  }, 240_000);
});
