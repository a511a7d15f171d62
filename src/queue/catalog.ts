import { z } from 'zod';
import { IdSchema, InstantSchema, LocalDateSchema } from '../domain/index.js';

const InstallationIdSchema = z.string().min(1);
const DrainSchema = z.object({ installationId: InstallationIdSchema, notBefore: InstantSchema });

/**
 * Every job the system runs: its payload schema (checked when enqueued and again when run, since
 * a payload may sit in Redis across a deploy) and its retry policy.
 */
export const JOB_PAYLOADS = {
  /** One stream-page loop per installation (incremental, or a backfill from `since`). */
  'tickets.sync': z.object({
    installationId: InstallationIdSchema,
    mode: z.enum(['incremental', 'backfill']),
    since: InstantSchema.optional(),
  }),
  /** One ticket, fetched again because a webhook said it changed (as of `updatedAt`). */
  'ticket.refresh': z.object({
    installationId: InstallationIdSchema,
    ticketId: IdSchema,
    updatedAt: InstantSchema,
  }),
  /** Recompute one ticket's metrics; `updatedAt` makes the job id content-derived. */
  'ticket.analyze': z.object({
    installationId: InstallationIdSchema,
    ticketId: IdSchema,
    updatedAt: InstantSchema,
  }),
  'requester.summarize': z.object({ installationId: InstallationIdSchema, requesterId: IdSchema }),
  /**
   * Drains of the analysis outbox (tickets to analyse, requesters to summarise, days to roll up,
   * summaries to push back).
   * `notBefore` is the end of the time bucket the enqueue fell in; see services/pipeline/drains.ts.
   */
  'analysis.drain': DrainSchema,
  'summaries.drain': DrainSchema,
  'rollups.drain': DrainSchema,
  'pushback.drain': DrainSchema,
  'rollup.day': z.object({ installationId: InstallationIdSchema, day: LocalDateSchema }),
  'helpdesk.pushBack': z.object({ installationId: InstallationIdSchema, requesterId: IdSchema }),
  /** Builds the what-if replay blocks a backfill or re-analysis dropped, in the background. */
  'replay.rebuild': z.object({ installationId: InstallationIdSchema }),
} as const;

export type JobName = keyof typeof JOB_PAYLOADS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOB_PAYLOADS)[N]>;
export const JOB_NAMES = Object.keys(JOB_PAYLOADS) as JobName[];

export interface RetryPolicy {
  attempts: number;
  /** First retry delay; each further retry doubles it (exponential backoff). */
  backoffMs: number;
}

export interface JobDefinition<N extends JobName> {
  retry: RetryPolicy;
  /**
   * Content-derived id: two enqueues of the same work collapse into one job. Ids avoid `:`,
   * which BullMQ reserves for its own keys.
   */
  jobId: (payload: JobPayload<N>) => string;
}

export const JOB_CATALOG: { [N in JobName]: JobDefinition<N> } = {
  // One id per installation: a scheduled tick during a backfill collapses into it. Two runs
  // never interleave anyway (they share a database lease, services/pipeline/sync-lease.ts), and a stream
  // keeps its pass's origin whoever resumes it (migration 008).
  'tickets.sync': {
    retry: { attempts: 8, backoffMs: 5_000 },
    jobId: (p) => `sync_${p.installationId}`,
  },
  'ticket.refresh': {
    retry: { attempts: 6, backoffMs: 2_000 },
    jobId: (p) => `refresh_${p.installationId}_${p.ticketId}_${String(p.updatedAt)}`,
  },
  'ticket.analyze': {
    retry: { attempts: 5, backoffMs: 1_000 },
    jobId: (p) => `analyze_${p.installationId}_${p.ticketId}_${String(p.updatedAt)}`,
  },
  'requester.summarize': {
    retry: { attempts: 5, backoffMs: 1_000 },
    jobId: (p) => `summary_${p.installationId}_${p.requesterId}`,
  },
  // One drain per installation and bucket: enqueues within a bucket collapse, and a drain starts
  // only after its bucket ended, so it sees every mark made in it (services/pipeline/drains.ts).
  'analysis.drain': {
    retry: { attempts: 8, backoffMs: 1_000 },
    jobId: (p) => `analysisdrain_${p.installationId}_${String(p.notBefore)}`,
  },
  'summaries.drain': {
    retry: { attempts: 8, backoffMs: 1_000 },
    jobId: (p) => `summariesdrain_${p.installationId}_${String(p.notBefore)}`,
  },
  'rollups.drain': {
    retry: { attempts: 8, backoffMs: 2_000 },
    jobId: (p) => `rollupsdrain_${p.installationId}_${String(p.notBefore)}`,
  },
  'pushback.drain': {
    retry: { attempts: 8, backoffMs: 5_000 },
    jobId: (p) => `pushbackdrain_${p.installationId}_${String(p.notBefore)}`,
  },
  'rollup.day': {
    retry: { attempts: 5, backoffMs: 5_000 },
    jobId: (p) => `rollup_${p.installationId}_${p.day}`,
  },
  'helpdesk.pushBack': {
    retry: { attempts: 6, backoffMs: 5_000 },
    jobId: (p) => `push_${p.installationId}_${p.requesterId}`,
  },
  // One per installation: analysis drains ask for it (in embedded mode syncs too; in production
  // mode through a due time the scheduler's sweep turns into this job once the installation was
  // quiet, services/whatif/rebuild-asks.ts), and asks made while one waits collapse into it (one
  // made while it runs becomes one re-run, which finds the new holes).
  'replay.rebuild': {
    retry: { attempts: 5, backoffMs: 5_000 },
    jobId: (p) => `replayrebuild_${p.installationId}`,
  },
};

/** Delay before retry number `retry` (1-based) under a policy. */
export function backoffDelayMs(policy: RetryPolicy, retry: number): number {
  return policy.backoffMs * 2 ** Math.max(0, retry - 1);
}
