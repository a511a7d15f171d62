import type { Config } from '../config/env.js';
import { startServer, type RunningServer } from '../main.js';
import type { EmbeddedJobsDeps } from '../runtime/embedded-jobs.js';
import type { JobProducer } from '../queue/queue.js';
import { checkingConnectorFor, createConnectorFactory } from '../runtime/connector-factory.js';
import { openRuntime } from '../runtime/open-runtime.js';
import { analysisCoverage, type AnalysisCoverage } from '../services/admin/analysis-coverage.js';
import { installInstallation } from '../services/admin/install-installation.js';
import type { StageProgress } from '../services/pipeline/progress-stages.js';
import { syncInstallation } from '../services/pipeline/sync-installation.js';
import type { SyncProgress } from '../services/pipeline/sync-progress.js';
import { startSimulator, type RunningSimulator, type WebhookOptions } from '../simulator/index.js';
import { loadAppPackage } from './app-package.js';
import { createSimulatorDirectory, type HelpdeskDirectory } from './directory.js';
import { startLiveUpdates } from './live-updates.js';
import { startPreviewHost, type PreviewHost } from './server.js';
import { simulatorRegistration } from '../simulator/registration.js';

const DAY_MS = 86_400_000;

/** In-process jobs as the launcher hands them in (`src/` never imports `jobs/`). */
export type DemoJobs = (deps: EmbeddedJobsDeps) => {
  producer: JobProducer;
  idle(): Promise<void>;
  close(): Promise<void>;
};

/** How the account looks to the backend (its API) and to the preview host (its directory). */
export interface HelpdeskView {
  apiUrl: string;
  directory: HelpdeskDirectory;
  close(): Promise<void>;
}

/** Options of {@link startDemoStack}. */
export interface DemoStackOptions {
  /** Embedded-mode configuration (no DATABASE_URL/REDIS_URL); DATA_DIR holds PGlite. */
  config: Config;
  startJobs: DemoJobs;
  tickets: number;
  seed?: number;
  /** Preview host port (0: any free port). */
  port: number;
  /** Seconds between simulated ticket updates; null turns live updates off. */
  liveEverySeconds: number | null;
  now?: () => number;
  onProgress?: (progress: SyncProgress) => void;
  /** Called as each phase starts: 'simulator', 'backfill', 'analysis', 'serve'. */
  onPhase?: (phase: string) => void;
  /** Replaces the simulator as seen by both sides (tests interpose hostile data here). */
  helpdeskView?: (sim: RunningSimulator) => Promise<HelpdeskView>;
  /** Folder holding the built app's `assets/` (default plugin/, from `npm run plugin:build`). */
  appAssets?: string;
  signal?: AbortSignal;
  /** Backend lines: server notes and connector warnings (an SLA metric the engine skips). */
  log?: (line: string) => void;
}

/** What the start-up backfill read and analysed, for the demo's closing summary. */
export interface DemoBackfillSummary {
  /** The sync's stages as they ended (tickets, events, ratings with their counts). */
  stages: StageProgress[];
  analysis: AnalysisCoverage;
}

/** The running demo. */
export interface DemoStack {
  previewUrl: string;
  backendUrl: string;
  simulator: RunningSimulator;
  installationId: string;
  /** The app secret, for tests that call the backend directly; the preview page never sees it. */
  appSecret: string;
  /** The role claim key the preview's proxy signs the current user's role with. */
  roleClaimKey: string;
  server: RunningServer;
  preview: PreviewHost;
  backfill: DemoBackfillSummary;
  /** Live updates, preview host, backend, helpdesk view, simulator — in that order; idempotent. */
  close(): Promise<void>;
}

/**
 * The one-command demo: a simulated Zendesk account with tickets over the last four months, the
 * installation registered through the admin API's service, a backfill with in-process jobs, then
 * the backend in embedded mode, signed webhooks from the simulator's live updates, and the preview
 * host framing the real app.
 */
export async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  const app = await loadAppPackage(undefined, options.appAssets);
  const start = now() - 120 * DAY_MS;
  options.onPhase?.('simulator');
  // The webhook target exists only once the backend listens; the simulator reads it per delivery.
  const webhook: WebhookOptions = { url: 'http://127.0.0.1:9/not-yet', secret: 'not-yet' };
  const sim = await startSimulator({
    tickets: options.tickets,
    seed: options.seed ?? 1,
    start,
    end: now() - 10 * 60_000,
    now,
    // Generous budgets keep the backfill short; the connector still paces itself by them.
    rateLimit: { perMinute: 20_000, exportsPerMinute: 2_000 },
    webhook,
  });
  const cleanups: (() => Promise<void>)[] = [() => sim.close()];
  const closeAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    const view: HelpdeskView = (await options.helpdeskView?.(sim)) ?? {
      apiUrl: sim.url,
      directory: createSimulatorDirectory(sim.dataset),
      close: () => Promise.resolve(),
    };
    cleanups.push(() => view.close());
    const runtime = await openRuntime(options.config, { command: 'deskpulse demo' });
    let installationId: string;
    let appSecret: string;
    let roleClaimKey: string;
    let summary: DemoBackfillSummary;
    try {
      const registered = await installInstallation(
        {
          store: runtime.store,
          encryptionKey: runtime.encryptionKey,
          connectorForAccount: checkingConnectorFor(now),
        },
        simulatorRegistration(sim, view.apiUrl),
      );
      installationId = registered.installation.id;
      appSecret = registered.appSecret;
      roleClaimKey = registered.roleClaimKey;
      webhook.secret = registered.webhookSecret;
      // Opening the database and installing take a while: a stop meanwhile should not wait on more.
      if (isAborted(options.signal)) throw new DemoAborted();
      summary = await backfill(
        options,
        runtime.store,
        runtime.encryptionKey,
        installationId,
        start,
        now,
      );
    } finally {
      await runtime.store.close();
    }
    if (options.signal?.aborted === true) throw new DemoAborted();

    options.onPhase?.('serve');
    const server = await startServer(options.config, {
      startJobs: options.startJobs,
      port: 0,
      now,
      log,
    });
    cleanups.push(() => server.close());
    const backendPort = new URL(server.url).port;
    // The manifest whitelists localhost; the app builds its URLs from backend_url.
    const backendUrl = `http://localhost:${backendPort}`;
    webhook.url = `${server.url}/webhooks/zendesk/${installationId}`;

    const preview = await startPreviewHost({
      app,
      directory: view.directory,
      identity: {
        appId: 1,
        appName: app.name,
        appVersion: app.version,
        installationId: 1,
        subdomain: 'simulator',
        settings: { backend_url: backendUrl },
        currentUser: { id: 1001, name: 'Agent 1', email: 'agent1@example.test', role: 'admin' },
      },
      proxy: {
        backendOrigin: backendUrl,
        secureSettings: { app_secret: appSecret, role_claim_key: roleClaimKey },
        helpdesk: {
          url: view.apiUrl,
          authorization: `Basic ${Buffer.from(`${sim.credentials.email}/token:${sim.credentials.token}`).toString('base64')}`,
        },
      },
      status: {
        appName: app.name,
        backendUrl,
        simulatorUrl: sim.url,
        installationId,
        live: options.liveEverySeconds !== null,
      },
      port: options.port,
      onError: (error) => {
        log(`preview: ${error instanceof Error ? error.message : String(error)}`);
      },
    });
    cleanups.push(() => preview.close());
    if (options.liveEverySeconds !== null) {
      const stop = startLiveUpdates(sim, preview.notifications, options.liveEverySeconds, log);
      cleanups.push(() => {
        stop();
        return Promise.resolve();
      });
    }
    return {
      previewUrl: preview.url,
      backendUrl,
      simulator: sim,
      installationId,
      appSecret,
      roleClaimKey,
      server,
      preview,
      backfill: summary,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** Thrown when the demo is stopped during start-up (Ctrl-C in the backfill). */
export class DemoAborted extends Error {
  constructor() {
    super('demo stopped during start-up');
    this.name = 'DemoAborted';
  }
}

async function backfill(
  options: DemoStackOptions,
  store: Parameters<typeof createConnectorFactory>[0]['store'],
  encryptionKey: Buffer,
  installationId: string,
  since: number,
  now: () => number,
): Promise<DemoBackfillSummary> {
  const connectorFor = createConnectorFactory({
    store,
    encryptionKey,
    now,
    // Into the demo's log like the server's warnings, not a process warning with its own format.
    ...(options.log === undefined ? {} : { onWarning: options.log }),
  });
  const jobs = options.startJobs({
    store,
    connectorFor,
    now,
    reportingTimeZone: options.config.REPORTING_TIME_ZONE,
    concurrency: options.config.WORKER_CONCURRENCY,
  });
  try {
    options.onPhase?.('backfill');
    const from = since - 31 * DAY_MS;
    const result = await syncInstallation(
      {
        store,
        connectorFor,
        producer: jobs.producer,
        now,
        ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      },
      // A month before the window: tickets live up to 30 days, so none starts before it.
      { installationId, mode: 'backfill', since: from },
      options.signal ?? new AbortController().signal,
    );
    if (options.signal?.aborted === true) throw new DemoAborted();
    options.onPhase?.('analysis');
    await Promise.race([jobs.idle(), abortedBy(options.signal)]);
    // The race ends early when the demo is stopped (the narrowing above cannot know that).
    if (isAborted(options.signal)) throw new DemoAborted();
    return {
      stages: result.progress.stages,
      analysis: await analysisCoverage(store, installationId, from, now() + 1),
    };
  } finally {
    await jobs.close();
  }
}

function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/** Resolves when the signal aborts; never, without one. */
function abortedBy(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal === undefined) return;
    if (signal.aborted) resolve();
    else
      signal.addEventListener('abort', () => {
        resolve();
      });
  });
}
