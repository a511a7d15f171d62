import { createHttpWebhookPoster } from '../src/notify/http-webhook.js';
import type { Config } from '../src/config/env.js';
import { ConfigError } from '../src/errors.js';
import { createLogger } from '../src/logging.js';
import { createBullmqProducer, createBullmqRunner, type JobFailure } from '../src/queue/bullmq.js';
import { createConnectorFactory } from '../src/runtime/connector-factory.js';
import { openStore, StoreError, type TicketStore } from '../src/store/index.js';
import { parseEncryptionKey } from '../src/security/secrets.js';
import { createProcessors } from './processors.js';

/** Options of {@link startWorker}; the defaults are what a worker process wants. */
export interface WorkerOptions {
  /** Install SIGTERM/SIGINT and fatal-error handlers (default true; tests in-process pass false). */
  handleProcessEvents?: boolean;
  log?: (line: string) => void;
  now?: () => number;
}

/** A running worker. */
export interface RunningWorker {
  /** Stops taking jobs, finishes in-flight ones, closes runner, producer and store; idempotent. */
  close(): Promise<void>;
  /** Resolves once the worker has shut down (after a signal or `close()`). */
  closed: Promise<void>;
}

/**
 * The production worker's composition root: PostgreSQL store, BullMQ runner and producer on
 * REDIS_URL, every catalog processor started with WORKER_CONCURRENCY. Embedded mode has no
 * separate worker (PGlite is single-process), so DATABASE_URL and REDIS_URL are both required.
 */
export async function startWorker(
  config: Config,
  options: WorkerOptions = {},
): Promise<RunningWorker> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const { DATABASE_URL, REDIS_URL, ENCRYPTION_KEY } = config;
  if (DATABASE_URL === undefined || REDIS_URL === undefined || ENCRYPTION_KEY === undefined) {
    throw new ConfigError(
      'deskpulse worker needs DATABASE_URL, REDIS_URL and ENCRYPTION_KEY (production mode); ' +
        'embedded mode runs jobs inside `deskpulse serve`',
    );
  }
  const encryptionKey = parseEncryptionKey(ENCRYPTION_KEY);
  const jobLog = createLogger(config.LOG_LEVEL, {
    write: (line: string) => {
      log(line.trimEnd());
    },
  });
  const store = await openStoreWhenReachable(
    () => openStore({ databaseUrl: DATABASE_URL, schema: config.DATABASE_SCHEMA }),
    log,
  );
  const bullmq = {
    redisUrl: REDIS_URL,
    concurrency: config.WORKER_CONCURRENCY,
    shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
    lockMs: config.WORKER_LOCK_MS,
    // Every failed attempt, retried or final, with ids and a code (payloads hold no secrets,
    // but are not logged either: the ids say which work it was). A JSON line like the API's, so
    // one log pipeline can alert on both.
    onJobFailed: (failure: JobFailure) => {
      const { final, ...fields } = failure;
      if (final) jobLog.error(fields, 'deskpulse worker: job failed');
      else jobLog.warn(fields, 'deskpulse worker: job will retry');
    },
    ...(config.QUEUE_PREFIX === undefined ? {} : { prefix: config.QUEUE_PREFIX }),
  };
  const producer = createBullmqProducer(bullmq);
  const runner = createBullmqRunner(bullmq);
  const connectorFor = createConnectorFactory({ store, encryptionKey, now, onWarning: log });
  runner.start(
    createProcessors({
      store,
      producer,
      connectorFor,
      now,
      webhooks: createHttpWebhookPoster(),
      reportingTimeZone: config.REPORTING_TIME_ZONE,
      reopenWindowDays: config.REOPEN_WINDOW_DAYS,
      firstSyncDays: config.FIRST_SYNC_DAYS,
      lockMs: config.WORKER_LOCK_MS,
      replayRebuildDelay: {
        quietMs: config.REPLAY_REBUILD_QUIET_MS,
        maxWaitMs: config.REPLAY_REBUILD_MAX_WAIT_MS,
      },
    }),
  );

  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    // Runner first: in-flight jobs still enqueue follow-ups and write to the store.
    closing ??= (async () => {
      try {
        await runner.close();
        await producer.close();
        await store.close();
      } finally {
        removeHandlers();
        resolveClosed();
      }
    })();
    return closing;
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    log(`deskpulse worker: ${signal}, finishing in-flight jobs`);
    // Exits once closed: after a stop forced by an unreachable Redis, BullMQ's connections may
    // still hold reconnect timers that would keep the process alive.
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        fatal('shutdown failed', error);
      },
    );
  };
  const fatal = (what: string, error: unknown): void => {
    // A process in an unknown state must not keep taking jobs; BullMQ re-runs stalled ones.
    log(`deskpulse worker: ${what}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  };
  const onRejection = (error: unknown): void => {
    fatal('unhandled rejection', error);
  };
  const onException = (error: Error): void => {
    fatal('uncaught exception', error);
  };
  const removeHandlers = (): void => {
    process.off('SIGTERM', onSignal).off('SIGINT', onSignal);
    process.off('unhandledRejection', onRejection).off('uncaughtException', onException);
  };
  if (options.handleProcessEvents ?? true) {
    process.on('SIGTERM', onSignal).on('SIGINT', onSignal);
    process.on('unhandledRejection', onRejection).on('uncaughtException', onException);
  }
  log(`deskpulse worker: running (concurrency ${config.WORKER_CONCURRENCY} per job kind)`);
  return { close, closed };
}

/** How long a starting worker waits for an unreachable database before it gives up. */
const DATABASE_WAIT_MS = 60_000;

/**
 * Opens the store, waiting (with backoff, up to {@link DATABASE_WAIT_MS}) while the database is
 * unreachable: a worker started by its supervisor during a PostgreSQL restart waits for it
 * instead of exiting. Errors that are not about reachability (bad credentials, a failed
 * migration) fail at once.
 */
async function openStoreWhenReachable(
  open: () => Promise<TicketStore>,
  log: (line: string) => void,
): Promise<TicketStore> {
  const deadline = Date.now() + DATABASE_WAIT_MS;
  for (let delay = 250; ; delay = Math.min(delay * 2, 5_000)) {
    try {
      return await open();
    } catch (error) {
      if (!(error instanceof StoreError) || !error.retryable || Date.now() + delay > deadline)
        throw error;
      log(
        `deskpulse worker: database unreachable (${error.message}); retrying in ${String(delay)} ms`,
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
