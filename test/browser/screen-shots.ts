import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/**
 * Saves a screenshot for the closing note when SCREEN_SHOTS names a folder (e.g.
 * `SCREEN_SHOTS=/work/wt/shots npx vitest run test/browser/screen.spec.ts`); CI sets none, so
 * the test saves nothing by default.
 */
export async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
  const dir = process.env['SCREEN_SHOTS'];
  if (dir === undefined || dir === '') return;
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage });
}
