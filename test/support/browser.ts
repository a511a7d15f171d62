import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startEmbeddedJobs } from '../../jobs/embedded.js';
import { buildPlugin } from '../../plugin/tools/build.js';
import { loadConfig } from '../../src/config/env.js';
import { packageRoot } from '../../src/preview/app-package.js';
import { startDemoStack, type DemoStack, type HelpdeskView } from '../../src/preview/demo-stack.js';
import type { RunningSimulator } from '../../src/simulator/index.js';

/** Debian's Chromium; the tests never download a browser (.ci/run installs it with apt-get). */
export const CHROMIUM = '/usr/bin/chromium';

/** Screenshots and traces of the browser tests (gitignored). */
export const RESULTS_DIR = 'test-results/browser';

/** A fresh Chromium profile, headless, with nothing that reaches the network by itself. */
export async function launchChromium(): Promise<{
  context: BrowserContext;
  close(): Promise<void>;
}> {
  const profile = await mkdtemp(join(tmpdir(), 'deskpulse-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** The demo stack, in this process, on free ports, with a small data set and no live updates. */
export async function startTestDemo(
  options: {
    tickets?: number;
    helpdeskView?: (sim: RunningSimulator) => Promise<HelpdeskView>;
  } = {},
): Promise<DemoStack & { dataDir: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'deskpulse-browser-'));
  // A yearly cron: the tests drive updates themselves.
  const config = loadConfig({ DATA_DIR: dataDir, SYNC_CRON: '0 0 1 1 *', LOG_LEVEL: 'warn' });
  try {
    // The app as `npm run plugin:build` makes it, built into this run's own folder so no other
    // test's build of plugin/assets can pull it away mid-run.
    await buildPlugin(packageRoot(), join(dataDir, 'app', 'assets'));
    const stack = await startDemoStack({
      config,
      startJobs: startEmbeddedJobs,
      tickets: options.tickets ?? 200,
      seed: 7,
      port: 0,
      liveEverySeconds: null,
      appAssets: join(dataDir, 'app'),
      ...(options.helpdeskView === undefined ? {} : { helpdeskView: options.helpdeskView }),
    });
    return {
      ...stack,
      dataDir,
      close: async () => {
        await stack.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** The app's frame on a preview page. */
export function appFrame(page: Page) {
  return page.frameLocator('#app-frame');
}

/** Saves a screenshot under test-results/browser/. */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? true });
  return path;
}
