import { describe, expect, it } from 'vitest';
import type { JobProducer } from '../../../../src/queue/queue.js';
import {
  deferredForAnalysis,
  MAX_DEFER_MS,
  MAX_REANALYSIS_DEFER_MS,
} from '../../../../src/services/pipeline/drains.js';
import type { ReanalysisState } from '../../../../src/store/store.js';

const NOW = Date.UTC(2024, 3, 1, 12);

/** Tickets and days pending for longer than MAX_DEFER_MS, and the given re-analysis. */
function deps(reanalysis: ReanalysisState | null) {
  const enqueued: string[] = [];
  const producer: JobProducer = {
    enqueue: async (name) => void enqueued.push(name),
    close: async () => undefined,
  };
  const store = {
    pendingAgeMs: async () => MAX_DEFER_MS + 1,
    getReanalysis: async () => reanalysis,
  };
  return { deps: { store, producer, now: () => NOW } as never, enqueued };
}

const running = (startedAgo: number, pendingTickets: number): ReanalysisState => ({
  total: 1_000,
  startedAt: NOW - startedAgo,
  finishedAt: null,
  pendingTickets,
  pendingDays: 700,
});

describe('rollups and summaries during a re-analysis', () => {
  it('rollups wait past MAX_DEFER_MS while a re-analysis still has tickets pending', async () => {
    const { deps: d, enqueued } = deps(running(10 * 60_000, 400));
    expect(await deferredForAnalysis(d, 'rollups.drain', 'i1')).toBe(true);
    expect(enqueued).toEqual(['rollups.drain']);
  });

  it('summaries do not: the sidebar follows webhooks during a re-analysis too', async () => {
    const { deps: d, enqueued } = deps(running(10 * 60_000, 400));
    expect(await deferredForAnalysis(d, 'summaries.drain', 'i1')).toBe(false);
    expect(enqueued).toEqual([]);
  });

  it('run after MAX_DEFER_MS without a re-analysis, or once its wait is over', async () => {
    expect(await deferredForAnalysis(deps(null).deps, 'rollups.drain', 'i1')).toBe(false);
    const finished = { ...running(60_000, 0), finishedAt: NOW };
    expect(await deferredForAnalysis(deps(finished).deps, 'rollups.drain', 'i1')).toBe(false);
    const tooLong = deps(running(MAX_REANALYSIS_DEFER_MS, 400)).deps;
    expect(await deferredForAnalysis(tooLong, 'rollups.drain', 'i1')).toBe(false);
  });

  it('summaries waiting for the days do not wait for a re-analysis', async () => {
    const { deps: d } = deps(running(10 * 60_000, 400));
    expect(await deferredForAnalysis(d, 'summaries.drain', 'i1', 'day')).toBe(false);
  });
});
