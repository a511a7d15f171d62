import type { Config } from '../config/env.js';
import { createBullmqProducer } from '../queue/bullmq.js';
import type { JobProducer } from '../queue/queue.js';
import { createConnectorFactory } from '../runtime/connector-factory.js';
import { openRuntime } from '../runtime/open-runtime.js';
import { BusyError } from '../errors.js';
import { syncInstallation, type SyncProgress } from '../services/sync-installation.js';
import { SYNC_STREAMS } from '../services/sync-pages.js';
import type { CommandIo } from './analyze-command.js';
import type { CliRuntime } from './runtime-commands.js';

/** Options of `deskpulse sync`. */
export interface SyncCommandOptions {
  installation: string;
  /** Epoch ms; present means a backfill from this instant. */
  backfillSince?: number;
}

/**
 * `deskpulse sync`: runs one sync of an installation in the foreground, with a progress line on
 * stderr. With `backfillSince` every stream first reads again from that instant, whatever earlier
 * syncs stored (re-reading is idempotent). A sync of the installation already running elsewhere
 * (a worker) is waited for, never skipped. Follow-up jobs (analysis, summaries, push-back) go to BullMQ for the workers in
 * production mode; in embedded mode they run here, and the command waits for them to finish.
 * SIGINT stops the sync between pages; committed pages stay committed.
 */
export async function runSyncCommand(
  config: Config,
  options: SyncCommandOptions,
  io: CommandIo,
  runtime: CliRuntime,
): Promise<number> {
  const { mode, store, encryptionKey } = await openRuntime(config);
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
  try {
    const { since, mode: syncMode } =
      options.backfillSince === undefined
        ? { since: undefined, mode: 'incremental' as const }
        : { since: options.backfillSince, mode: 'backfill' as const };
    if (since !== undefined) await store.requestRewind(options.installation, SYNC_STREAMS, since);
    const deps = {
      store,
      connectorFor,
      producer,
      now: io.clock,
      firstSyncDays: config.FIRST_SYNC_DAYS,
      onProgress: (p: SyncProgress) => {
        io.stderr(`\r${progressLine(p)}`);
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
    const next = mode === 'embedded' ? 'analysing here…' : 'analysis queued for the workers';
    io.stderr(`\n${result.aborted ? 'sync interrupted' : 'sync done'}; ${next}\n`);
    await idle();
    io.stdout(`${JSON.stringify({ ...result.streams, ticketsMarked: result.ticketsMarked })}\n`);
    return result.aborted ? 130 : 0;
  } finally {
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

function progressLine(p: SyncProgress): string {
  const total = p.estimatedTotal === null ? '' : ` of ~${p.estimatedTotal}`;
  const eta = p.etaMs === null ? '' : `, eta ${Math.ceil(p.etaMs / 1000)}s`;
  return `sync ${p.stream}: ${p.pages} pages, ${p.ticketsDone}${total} tickets${eta}   `;
}
