import type { Config } from '../config/env.js';
import { createBullmqProducer } from '../queue/bullmq.js';
import type { JobProducer } from '../queue/queue.js';
import { createConnectorFactory } from '../runtime/connector-factory.js';
import { openRuntime } from '../runtime/open-runtime.js';
import { BusyError, NotFoundError } from '../errors.js';
import { backfillProgress } from '../services/admin/backfill.js';
import { formatBackfillStages } from '../services/admin/backfill-stages.js';
import { createOutboxProgress } from '../services/pipeline/outbox-progress.js';
import type { StageProgress } from '../services/pipeline/progress-stages.js';
import { syncInstallation, type SyncProgress } from '../services/pipeline/sync-installation.js';
import { SYNC_STREAMS } from '../services/pipeline/sync-pages.js';
import type { CommandIo } from './analyze-command.js';
import { createProgressRenderer } from './progress-renderer.js';
import type { CliRuntime } from './runtime-commands.js';

// How often the outbox counts behind analysis, summaries and push-back are read.
const OUTBOX_POLL_MS = 2_000;

/** Options of `deskpulse sync`. */
export interface SyncCommandOptions {
  installation: string;
  /** Epoch ms; present means a backfill from this instant. */
  backfillSince?: number;
}

/**
 * `deskpulse sync`: runs one sync of an installation in the foreground, with progress on stderr
 * per stage (tickets, events, ratings, then analysis, summaries and push-back from the outbox
 * counts): a redrawn line on a terminal, a plain line every few seconds in a log. With
 * `backfillSince` every stream first reads again from that instant, whatever earlier syncs stored
 * (re-reading is idempotent). A sync of the installation already running elsewhere (a worker) is
 * waited for, never skipped. Follow-up jobs (analysis, summaries, push-back) go to BullMQ for the workers in
 * production mode; in embedded mode they run here, and the command waits for them to finish.
 * SIGINT stops the sync between pages; committed pages stay committed.
 */
export async function runSyncCommand(
  config: Config,
  options: SyncCommandOptions,
  io: CommandIo,
  runtime: CliRuntime,
): Promise<number> {
  const { mode, store, encryptionKey } = await openRuntime(config, {
    command: 'deskpulse sync',
    existing: true,
  });
  const connectorFor = createConnectorFactory({ store, encryptionKey, now: io.clock });
  const controller = new AbortController();
  const onSigint = (): void => {
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  let producer: JobProducer;
  let idle = (): Promise<void> => Promise.resolve();
  let closeJobs = (): Promise<void> => Promise.resolve();
  if (mode === 'production' && config.REDIS_URL !== undefined) {
    producer = createBullmqProducer({
      redisUrl: config.REDIS_URL,
      ...(config.QUEUE_PREFIX === undefined ? {} : { prefix: config.QUEUE_PREFIX }),
    });
  } else {
    const jobs = runtime.startEmbeddedJobs({
      store,
      connectorFor,
      now: io.clock,
      reportingTimeZone: config.REPORTING_TIME_ZONE,
      reopenWindowDays: config.REOPEN_WINDOW_DAYS,
      concurrency: config.WORKER_CONCURRENCY,
    });
    producer = jobs.producer;
    idle = () => jobs.idle();
    closeJobs = () => jobs.close();
  }
  const renderer = createProgressRenderer({
    write: io.stderr,
    isTTY: io.stderrIsTTY ?? false,
    now: io.clock,
  });
  const outbox = createOutboxProgress(io.clock);
  let stages: { sync: StageProgress[]; outbox: StageProgress[] } = { sync: [], outbox: [] };
  const all = (): StageProgress[] => [...stages.sync, ...stages.outbox];
  const readOutbox = async (): Promise<void> => {
    stages = { ...stages, outbox: outbox.observe(await store.countPending(options.installation)) };
  };
  const poll = setInterval(() => {
    readOutbox().then(
      () => {
        if (stages.sync.length > 0) renderer.update(all());
      },
      // A failed read only skips one refresh of the numbers; the sync itself reports errors.
      () => undefined,
    );
  }, OUTBOX_POLL_MS);
  try {
    const { since, mode: syncMode } =
      options.backfillSince === undefined
        ? { since: undefined, mode: 'incremental' as const }
        : { since: options.backfillSince, mode: 'backfill' as const };
    if (since !== undefined) {
      if ((await store.getInstallation(options.installation)) === null) {
        throw new NotFoundError(`no installation ${options.installation}`);
      }
      // Recorded as the admin API records one, so `GET …/backfill` and the in-app Admin view
      // follow a backfill started here too.
      await store.createBackfill(options.installation, since, io.clock());
      await store.requestRewind(options.installation, SYNC_STREAMS, since);
    }
    const deps = {
      store,
      connectorFor,
      producer,
      now: io.clock,
      firstSyncDays: config.FIRST_SYNC_DAYS,
      onProgress: (p: SyncProgress) => {
        stages = { ...stages, sync: p.stages };
        renderer.update(all());
      },
    };
    const payload = {
      installationId: options.installation,
      mode: syncMode,
      ...(since === undefined ? {} : { since }),
    };
    const result = await syncWhenFree(io, controller.signal, () =>
      syncInstallation(deps, payload, controller.signal),
    );
    if (result === null) return 130;
    stages = { ...stages, sync: result.progress.stages };
    await readOutbox();
    renderer.finish(all());
    const next = mode === 'embedded' ? 'analysing here…' : 'analysis queued for the workers';
    io.stderr(`${result.aborted ? 'sync interrupted' : 'sync done'}; ${next}\n`);
    await idle();
    if (mode === 'embedded') {
      await readOutbox();
      renderer.finish(stages.outbox);
    }
    if (since !== undefined) {
      // The admin API's reading of the same backfill, from the store: what an admin will see.
      const recorded = await backfillProgress({ store, now: io.clock }, options.installation);
      io.stderr(`backfill ${recorded.state}: ${formatBackfillStages(recorded.stages)}\n`);
    }
    io.stdout(`${JSON.stringify({ ...result.streams, ticketsMarked: result.ticketsMarked })}\n`);
    return result.aborted ? 130 : 0;
  } finally {
    clearInterval(poll);
    process.off('SIGINT', onSigint);
    await closeJobs();
    await producer.close();
    await store.close();
  }
}

/** Runs `sync`, waiting while another run of the installation holds its lease; null on SIGINT. */
async function syncWhenFree<T>(
  io: CommandIo,
  signal: AbortSignal,
  sync: () => Promise<T>,
): Promise<T | null> {
  for (let said = false; ; said = true) {
    try {
      return await sync();
    } catch (error) {
      if (!(error instanceof BusyError)) throw error;
      if (!said) io.stderr('another sync of this installation is running; waiting for it…\n');
      await new Promise((resolve) => setTimeout(resolve, error.retryAfterMs));
      if (signal.aborted) return null;
    }
  }
}
