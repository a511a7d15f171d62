import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedJobs } from '../../../jobs/embedded.js';
import { loadConfig, type Config } from '../../../src/config/env.js';
import { startServer, type RunningServer } from '../../../src/main.js';
import type { StartEmbeddedJobs } from '../../../src/runtime/embedded-jobs.js';
import { openRuntime } from '../../../src/runtime/open-runtime.js';
import { registerInstallation } from '../../../src/services/admin/register-installation.js';
import {
  startSimulator,
  type RunningSimulator,
  type WebhookOptions,
} from '../../../src/simulator/index.js';
import type { TicketStore } from '../../../src/store/store.js';
import { updateAndWaitForFreshMetrics, waitForPipeline } from './support.js';
import { simulatorRegistration } from '../../../src/simulator/registration.js';

const SINCE = Date.UTC(2023, 11, 1);

describe('embedded mode end to end: simulator → server + in-process jobs → push-back', () => {
  let dataDir: string;
  let config: Config;
  let sim: RunningSimulator;
  let server: RunningServer | undefined;
  let store: TicketStore | undefined;
  let installationId: string;
  // The webhook target is known only once the server runs; the simulator reads it per delivery.
  const webhook: WebhookOptions = { url: 'http://127.0.0.1:9/unset', secret: 'unset' };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'deskpulse-embedded-'));
    // A yearly cron: the test drives the sync itself.
    config = loadConfig({ DATA_DIR: dataDir, SYNC_CRON: '0 0 1 1 *' });
    sim = await startSimulator({ tickets: 200, seed: 5, rateLimit: 'off', webhook });

    // As `deskpulse install` then `deskpulse serve` do: register first, then start the server.
    const runtime = await openRuntime(config);
    try {
      const registered = await registerInstallation(
        runtime.store,
        runtime.encryptionKey,
        simulatorRegistration(sim, sim.url),
      );
      installationId = registered.installation.id;
      webhook.secret = registered.webhookSecret;
    } finally {
      await runtime.store.close();
    }

    // The server owns the store; the jobs factory hands it to the test for assertions.
    const startJobs: StartEmbeddedJobs = (deps) => {
      store = deps.store;
      return startEmbeddedJobs(deps);
    };
    server = await startServer(config, { startJobs, port: 0, log: () => undefined });
    webhook.url = `${server.url}/webhooks/zendesk/${installationId}`;
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await server?.close();
    await sim.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates the embedded encryption key with mode 0600', async () => {
    const info = await stat(join(dataDir, 'encryption.key'));
    expect(info.mode & 0o777).toBe(0o600);
  });

  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${server?.url ?? ''}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await fetch(`${server?.url ?? ''}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([
      200,
      { status: 'ok', checks: { store: 'ok' } },
    ]);
  });

  it('syncs, analyses, summarises and pushes back every ticket; a webhook refreshes one', async () => {
    if (server === undefined || store === undefined) throw new Error('server did not start');
    await server.producer.enqueue('tickets.sync', {
      installationId,
      mode: 'backfill',
      since: SINCE,
    });
    await waitForPipeline(store, installationId, sim);
    await updateAndWaitForFreshMetrics(store, installationId, sim);
  }, 120_000);
});
