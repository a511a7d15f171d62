import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config/env.js';
import { ConfigError } from './errors.js';
import type { StartEmbeddedJobs } from './runtime/embedded-jobs.js';
import { createApp } from './http/app.js';
import { createQueueBoard } from './queue/queue-board.js';
import { createLogger, type Logger } from './logging.js';
import type { ReadinessCheck } from './http/routes/health.js';
import { createBullmqProducer } from './queue/bullmq.js';
import type { JobProducer } from './queue/queue.js';
import { createRedisHealth } from './queue/redis-health.js';
import {
  checkingConnectorFor,
  createConnectorFactory,
  createWebhookSecretResolver,
} from './runtime/connector-factory.js';
import { openRuntime } from './runtime/open-runtime.js';
import { startSyncSchedule, type SyncSchedule } from './scheduler/sync-schedule.js';
import { startRebuildSweep, type RebuildSweep } from './scheduler/rebuild-sweep.js';
import {
  enqueueDueReplayRebuilds,
  rebuildSweepIntervalMs,
} from './services/whatif/rebuild-asks.js';

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** Required in embedded mode (no REDIS_URL); unused in production mode. */
  startJobs?: StartEmbeddedJobs;
  /** 0 picks a free port (default 3000). */
  port?: number;
  host?: string;
  now?: () => number;
  log?: (line: string) => void;
  /** The API's JSON logger; default pino on stdout at LOG_LEVEL. */
  logger?: Logger;
}

/** A running API + scheduler. */
export interface RunningServer {
  url: string;
  mode: 'embedded' | 'production';
  /** The job producer (the embedded queue or BullMQ); exposed for one-off enqueues and tests. */
  producer: JobProducer;
  schedule: SyncSchedule;
  /** HTTP server, schedule, jobs, producer, store — in that order; idempotent. */
  close(): Promise<void>;
}

/**
 * The API + scheduler composition root. Production mode (REDIS_URL; DATABASE_URL required too,
 * since workers share the store) enqueues on BullMQ for `deskpulse worker` processes; embedded
 * mode runs the jobs in this process through `options.startJobs`.
 */
export async function startServer(config: Config, options: ServerOptions): Promise<RunningServer> {
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (config.REDIS_URL !== undefined && config.DATABASE_URL === undefined) {
    throw new ConfigError('DATABASE_URL: required with REDIS_URL (workers share the database)');
  }
  const startJobs = options.startJobs;
  if (config.REDIS_URL === undefined && startJobs === undefined) {
    throw new ConfigError('embedded mode needs the in-process job runtime (startJobs)');
  }
  const { mode, store, encryptionKey } = await openRuntime(config, { command: 'deskpulse serve' });
  const connectorFor = createConnectorFactory({ store, encryptionKey, now, onWarning: log });
  const readiness: ReadinessCheck[] = [{ name: 'store', check: () => store.ping() }];
  let producer: JobProducer;
  let closeJobs = (): Promise<void> => Promise.resolve();
  let closeRedisHealth = (): void => undefined;
  if (config.REDIS_URL !== undefined) {
    producer = createBullmqProducer({
      redisUrl: config.REDIS_URL,
      ...(config.QUEUE_PREFIX === undefined ? {} : { prefix: config.QUEUE_PREFIX }),
    });
    const redis = createRedisHealth(config.REDIS_URL);
    readiness.push({ name: 'redis', check: () => redis.ping() });
    closeRedisHealth = () => {
      redis.close();
    };
  } else if (startJobs !== undefined) {
    const jobs = startJobs({
      store,
      connectorFor,
      now,
      reportingTimeZone: config.REPORTING_TIME_ZONE,
      reopenWindowDays: config.REOPEN_WINDOW_DAYS,
      firstSyncDays: config.FIRST_SYNC_DAYS,
      concurrency: config.WORKER_CONCURRENCY,
    });
    producer = jobs.producer;
    closeJobs = () => jobs.close();
  } else {
    throw new ConfigError('unreachable: no job runtime');
  }
  // Bull Board and queue depths need BullMQ's queues: production mode only.
  const board =
    config.REDIS_URL === undefined
      ? null
      : createQueueBoard({
          redisUrl: config.REDIS_URL,
          basePath: '/admin/queues',
          ...(config.QUEUE_PREFIX === undefined ? {} : { prefix: config.QUEUE_PREFIX }),
        });
  const app = createApp({
    readiness,
    webhooks: {
      store,
      producer,
      webhookSecretFor: createWebhookSecretResolver(store, encryptionKey),
      now,
    },
    api: {
      store,
      producer,
      connectorFor,
      checkingConnectorFor: checkingConnectorFor(now),
      now,
      encryptionKey,
      reportingTimeZone: config.REPORTING_TIME_ZONE,
      reopenWindowDays: config.REOPEN_WINDOW_DAYS,
      adminToken: config.ADMIN_TOKEN,
      metricsToken: config.METRICS_TOKEN,
      trustProxy: config.TRUST_PROXY,
      publicUrl: config.PUBLIC_URL,
      logger: options.logger ?? createLogger(config.LOG_LEVEL),
      metrics: {
        syncStreams: async () =>
          (await store.listStreamTimes(null)).map((t) => ({
            installationId: t.installationId,
            stream: t.stream,
            lagSeconds: Math.max(0, (now() - t.updatedAt) / 1000),
            count429: t.count429,
            rateLimitRemaining: t.rateLimitRemaining,
          })),
        ...(board === null ? {} : { queueDepths: () => board.depths() }),
      },
      ...(board === null ? {} : { queueBoard: board.router }),
    },
  });
  // Dependencies first released last; on a failed start (bad SYNC_CRON, port taken) they go too.
  const release = async (): Promise<void> => {
    await board?.close();
    await closeJobs();
    await producer.close();
    closeRedisHealth();
    await store.close();
  };
  let schedule: SyncSchedule | null = null;
  let sweep: RebuildSweep | null = null;
  let server: Server;
  try {
    // BullMQ workers put the replay-block rebuild off until a quiet spell (jobs/worker.ts); this
    // queues the ones due. The in-process queue runs each rebuild at once, in the background.
    if (config.REDIS_URL !== undefined) {
      sweep = startRebuildSweep({
        everyMs: rebuildSweepIntervalMs({
          quietMs: config.REPLAY_REBUILD_QUIET_MS,
          maxWaitMs: config.REPLAY_REBUILD_MAX_WAIT_MS,
        }),
        sweep: () => enqueueDueReplayRebuilds({ store, producer, now }),
        onError: (error) => {
          log(
            `deskpulse: replay rebuild sweep failed: ${error instanceof Error ? error.message : 'error'}`,
          );
        },
      });
    }
    // The schedule only enqueues, so it may start before the port is bound.
    schedule = startSyncSchedule({
      cron: config.SYNC_CRON,
      installationIds: async () => (await store.listInstallations()).map((i) => i.id),
      producer,
      onError: (error) => {
        log(
          `deskpulse: scheduled sync failed: ${error instanceof Error ? error.message : 'error'}`,
        );
      },
    });
    server = await listen(app, options.port ?? 3000, options.host ?? '127.0.0.1');
  } catch (error) {
    await schedule?.stop();
    await sweep?.stop();
    await release();
    throw error;
  }
  const running = schedule;
  const runningSweep = sweep;
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    mode,
    producer,
    schedule: running,
    close() {
      // Stop intake first (HTTP, cron), then let jobs drain, then drop the connections they use.
      closing ??= (async () => {
        await closeServer(server);
        await running.stop();
        await runningSweep?.stop();
        await release();
      })();
      return closing;
    },
  };
}

function listen(app: ReturnType<typeof createApp>, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => {
      if (error === undefined) resolve(server);
      else reject(error);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  // Idle keep-alive sockets would hold close() open until they time out.
  server.closeIdleConnections();
  return new Promise((resolve, reject) => {
    server.close((error) => {
      if (error === undefined) resolve();
      else reject(error);
    });
  });
}
