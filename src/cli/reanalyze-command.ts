import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config/env.js';
import { createBullmqProducer } from '../queue/bullmq.js';
import { createConnectorFactory } from '../runtime/connector-factory.js';
import { openRuntime } from '../runtime/open-runtime.js';
import {
  reanalysisProgress,
  reconcileAnalysisSettings,
  type ReanalysisProgress,
} from '../services/pipeline/reanalysis.js';
import type { CommandIo } from './analyze-command.js';
import type { CliRuntime } from './runtime-commands.js';

// Often enough to watch, rarely enough not to flood a log file.
const PROGRESS_EVERY_MS = 2_000;

/**
 * `deskpulse reanalyze`: re-analyses every analysed ticket of an installation under its current
 * settings and re-rolls the rollups, through the analysis outbox. In embedded mode the jobs run
 * here and the command prints a progress line every few seconds until they are done; in
 * production mode the workers do the work and the command prints where it stands.
 */
export async function runReanalyzeCommand(
  config: Config,
  options: { installation: string },
  io: CommandIo,
  runtime: CliRuntime,
): Promise<number> {
  const { mode, store, encryptionKey } = await openRuntime(config, {
    command: 'deskpulse reanalyze',
    existing: true,
  });
  try {
    if ((await store.getInstallation(options.installation)) === null) {
      io.stderr(`deskpulse reanalyze: no installation ${options.installation}\n`);
      return 1;
    }
    const settings = {
      now: io.clock,
      reportingTimeZone: config.REPORTING_TIME_ZONE,
      reopenWindowDays: config.REOPEN_WINDOW_DAYS,
    };
    if (mode === 'production' && config.REDIS_URL !== undefined) {
      const producer = createBullmqProducer({
        redisUrl: config.REDIS_URL,
        ...(config.QUEUE_PREFIX === undefined ? {} : { prefix: config.QUEUE_PREFIX }),
      });
      try {
        const deps = { store, producer, ...settings };
        const started = await reconcileAnalysisSettings(deps, options.installation, {
          force: true,
        });
        io.stderr(`${line(started)}; the workers re-analyse it\n`);
        io.stdout(`${JSON.stringify(started)}\n`);
      } finally {
        await producer.close();
      }
      return 0;
    }
    const jobs = runtime.startEmbeddedJobs({
      store,
      connectorFor: createConnectorFactory({ store, encryptionKey, now: io.clock }),
      concurrency: config.WORKER_CONCURRENCY,
      ...settings,
    });
    try {
      const deps = { store, producer: jobs.producer, ...settings };
      io.stderr(
        `${line(await reconcileAnalysisSettings(deps, options.installation, { force: true }))}\n`,
      );
      const idle = jobs.idle().then(() => 'idle' as const);
      for (;;) {
        const woke = await Promise.race([idle, sleep(PROGRESS_EVERY_MS, 'tick' as const)]);
        io.stderr(`${line(await reanalysisProgress(store, options.installation))}\n`);
        if (woke === 'idle') break;
      }
      io.stdout(`${JSON.stringify(await reanalysisProgress(store, options.installation))}\n`);
    } finally {
      await jobs.close();
    }
    return 0;
  } finally {
    await store.close();
  }
}

function line(p: ReanalysisProgress): string {
  const state = p.running ? 'running' : 'done';
  return `reanalysis ${state}: ${p.done} of ${p.total} tickets`;
}
