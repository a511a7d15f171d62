import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoStack } from '../../src/preview/demo-stack.js';
import { appFrame, launchChromium, startTestDemo } from '../support/browser.js';
import { freshClaim } from '../support/role-claims.js';

/** The admin view's screenshot, for a person to look at (outside the repository). */
const SHOT = process.env['DESKPULSE_ADMIN_SHOT'];

describe('nav bar: the Admin view for Zendesk admins, and alerts on the board', () => {
  let stack: DemoStack;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page | undefined;

  beforeAll(async () => {
    stack = await startTestDemo();
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser.close();
    await stack.close();
  });

  const open = async (path: string) => {
    await page?.close();
    page = await browser.context.newPage();
    await page.goto(`${stack.previewUrl}${path}`);
    return { page, frame: appFrame(page) };
  };
  const api = async (path: string, init: RequestInit = {}, role?: string) => {
    const headers: Record<string, string> = { authorization: `Bearer ${stack.appSecret}` };
    if (role !== undefined)
      headers['x-deskpulse-role-claim'] = freshClaim(stack.roleClaimKey, role, Date.now());
    const response = await fetch(`${stack.backendUrl}/api/v1${path}`, { ...init, headers });
    const body: unknown = await response.json();
    return body;
  };

  /** An in-app admin read with a secret and a claim signed with `key`: its HTTP status. */
  const fetchStatus = async (secret: string, key: string) =>
    (
      await fetch(`${stack.backendUrl}/api/v1/app/admin/settings`, {
        headers: {
          authorization: `Bearer ${secret}`,
          'x-deskpulse-role-claim': freshClaim(key, 'admin', Date.now()),
        },
      })
    ).status;

  it("shows an admin the Admin tab with the backend's sync streams and settings", async () => {
    const { page, frame } = await open('/preview/board');
    await expect
      .poll(() => frame.locator('[data-tab="admin"]').count(), { timeout: 30_000 })
      .toBe(1);
    await frame.locator('[data-tab="admin"]').click();
    const rows = frame.locator('[data-admin="streams"] tr[data-stream]');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // The streams the view lists are those the admin API reports for this installation.
    const status = (await api('/app/admin/sync-status', {}, 'admin')) as {
      streams: { stream: string }[];
    };
    const shown: (string | null)[] = [];
    for (const row of await rows.all()) shown.push(await row.getAttribute('data-stream'));
    expect(shown).toEqual(status.streams.map((s) => s.stream));
    const settings = frame.locator('[data-admin="settings"] textarea');
    await expect.poll(() => settings.count(), { timeout: 10_000 }).toBe(1);
    expect(JSON.parse(await settings.inputValue())).toHaveProperty('schedules');
    expect(await frame.locator('[data-admin="quarantine"]').count()).toBe(1);
    expect(await frame.locator('.dp-error').count()).toBe(0);
    if (SHOT !== undefined) await page.screenshot({ path: SHOT, fullPage: true });
  }, 90_000);

  it('shows an agent the board without the Admin tab', async () => {
    const { frame } = await open('/preview/board?role=agent');
    await expect
      .poll(() => frame.locator('.dp-tile').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(await frame.locator('[data-tab]').count()).toBe(0);
    expect(await frame.locator('[data-panel="admin"]').count()).toBe(0);
  }, 60_000);

  it('creates an alert from the board and mutes it for a day', async () => {
    const { frame } = await open('/preview/board?role=agent');
    const add = frame.locator('[data-action="add-alert"]');
    await expect.poll(() => add.count(), { timeout: 30_000 }).toBe(1);
    await add.click();
    const form = frame.locator('form.dp-alert-form');
    await form.locator('select[name="kpi"]').selectOption('full_resolution');
    await form.locator('input[name="value"]').fill('90');
    await form.locator('input[name="webhookUrl"]').fill('https://hooks.example.com/deskpulse');
    await form.locator('button[type="submit"]').click();
    const row = frame.locator('.dp-alerts li[data-alert]');
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    const { alerts } = (await api('/alerts')) as {
      alerts: { id: string; kpi: string; rule: unknown; mutedUntil: string | null }[];
    };
    // Typed in minutes on the form, stored in seconds.
    expect(alerts).toEqual([
      expect.objectContaining({
        kpi: 'full_resolution',
        rule: { type: 'threshold', op: '>', value: 5400 },
        mutedUntil: null,
      }),
    ]);
    await row.locator('[data-action="mute"]').click();
    await expect.poll(() => row.getAttribute('data-muted'), { timeout: 15_000 }).toBe('true');
    const after = (await api('/alerts')) as { alerts: { mutedUntil: string | null }[] };
    const until = Date.parse(after.alerts[0]?.mutedUntil ?? '');
    expect(Math.abs(until - (Date.now() + 86_400_000))).toBeLessThan(120_000);
    await row.locator('[data-action="unmute"]').click();
    await expect.poll(() => row.getAttribute('data-muted'), { timeout: 15_000 }).toBe('false');
  }, 90_000);

  it('edits an alert on the board: the new threshold is stored and shown', async () => {
    // An existing alert, made over the API, so this case stands alone.
    const created = await fetch(`${stack.backendUrl}/api/v1/alerts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.appSecret}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        kpi: 'first_reply',
        rule: { type: 'threshold', op: '>', value: 1800 },
        minSample: 7,
        cooldownMinutes: 45,
        webhookUrl: 'https://hooks.example.com/edit-me',
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const { frame } = await open('/preview/board?role=agent');
    const row = frame.locator(`.dp-alerts li[data-alert="${id}"]`);
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    expect(await row.textContent()).toContain('when > 30 min');
    await row.locator('[data-action="edit"]').click();
    const form = frame.locator('form.dp-alert-form');
    // The form opens on the stored rule, in minutes.
    expect(await form.locator('input[name="value"]').inputValue()).toBe('30');
    await form.locator('input[name="value"]').fill('150');
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => form.count(), { timeout: 15_000 }).toBe(0);
    const { alerts } = (await api('/alerts')) as {
      alerts: { id: string; kpi: string; rule: unknown; minSample: number; webhookUrl: string }[];
    };
    // 150 minutes stored as seconds; the fields not touched keep their values.
    expect(alerts.find((a) => a.id === id)).toEqual(
      expect.objectContaining({
        kpi: 'first_reply',
        rule: { type: 'threshold', op: '>', value: 9000 },
        minSample: 7,
        webhookUrl: 'https://hooks.example.com/edit-me',
      }),
    );
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('when > 2 h 30 min');
  }, 90_000);

  // Last: after it the preview's app secret is the old one, refused by the backend.
  it('rotates the app secret after a confirmation and shows the new secret and key once', async () => {
    const { page, frame } = await open('/preview/board');
    await expect
      .poll(() => frame.locator('[data-tab="admin"]').count(), { timeout: 30_000 })
      .toBe(1);
    await frame.locator('[data-tab="admin"]').click();
    const section = frame.locator('[data-admin="secret"]');
    await section.locator('[data-action="rotate-secret"]').click();
    // Nothing happens before the confirmation; Cancel goes back with the secret unchanged.
    await section.locator('[data-action="cancel-rotate"]').click();
    expect(await fetchStatus(stack.appSecret, stack.roleClaimKey)).toBe(200);
    await section.locator('[data-action="rotate-secret"]').click();
    await section.locator('[data-action="confirm-rotate"]').click();
    const secretField = section.locator('input[name="app-secret"]');
    await expect.poll(() => secretField.count(), { timeout: 15_000 }).toBe(1);
    const secret = await secretField.inputValue();
    const key = await section.locator('input[name="role-claim-key"]').inputValue();
    expect(secret).toMatch(/^[\w-]{43}$/);
    expect(secret).not.toBe(stack.appSecret);
    expect(await section.locator('[role="alert"]').textContent()).toContain('only this once');
    expect(await section.textContent()).toContain('Role claim key');
    // The backend agrees: the old secret is refused, the shown secret and key are the new ones.
    expect(await fetchStatus(stack.appSecret, stack.roleClaimKey)).toBe(401);
    expect(await fetchStatus(secret, key)).toBe(200);
    // Shown once: opening the app again shows neither value anywhere.
    await page.reload();
    await expect
      .poll(() => appFrame(page).locator('.dp-title, .dp-error, .dp-tile').count(), {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);
    const html = await appFrame(page).locator('body').innerHTML();
    expect(html).not.toContain(secret);
    expect(html).not.toContain(key);
  }, 90_000);
});
