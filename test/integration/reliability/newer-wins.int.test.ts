import { describe, expect, it } from 'vitest';
import { summarizeRequester } from '../../../src/services/pipeline/summarize-requester.js';
import type { TicketStore } from '../../../src/store/store.js';
import { NO_PRODUCER } from '../../support/producers.js';
import { DATABASES, withInstallationStore, ticket } from '../store/support.js';

/** Versioned summaries (issue 13, cause 4): a summary computed from older data never wins. */
describe.each(DATABASES)('"newer wins" summaries on %s', (_name, open) => {
  let store: TicketStore;
  let inst: string;

  withInstallationStore(open, (opened) => ({ store, inst } = opened));

  it('a save with a lower version than the stored one writes nothing', async () => {
    const older = await store.nextSummaryVersion();
    const newer = await store.nextSummaryVersion();
    expect(newer).toBeGreaterThan(older);
    const save = (version: number, hash: string) =>
      store.saveVersionedSummary(inst, 'requester', 'R1', { summary: { hash }, hash, version });
    expect(await save(newer, 'new')).toBe('changed');
    expect(await save(older, 'old')).toBe('stale');
    expect((await store.getSummary(inst, 'requester', 'R1'))?.hash).toBe('new');
    // An equal content at a higher version still raises the version: what was computed between
    // the two (a version in between) is older than the stored content and must not replace it.
    const between = await store.nextSummaryVersion();
    expect(await save(await store.nextSummaryVersion(), 'new')).toBe('unchanged');
    expect(await save(between, 'between')).toBe('stale');
    expect((await store.getSummary(inst, 'requester', 'R1'))?.hash).toBe('new');
    // And a newer one with other content replaces it.
    expect(await save(await store.nextSummaryVersion(), 'newest')).toBe('changed');
    expect((await store.getSummary(inst, 'requester', 'R1'))?.hash).toBe('newest');
  });

  it('a stale save marks nothing for push-back', async () => {
    const older = await store.nextSummaryVersion();
    const newer = await store.nextSummaryVersion();
    const save = (version: number, hash: string) =>
      store.saveVersionedSummary(
        inst,
        'requester',
        'R2',
        { summary: { hash }, hash, version },
        { markPush: true },
      );
    await save(newer, 'h-new');
    const marked = await store.claimPending(inst, 'push', 10, 60_000);
    await store.markSummaryPushed(inst, 'requester', 'R2', 'h-new');
    await store.ackPending(inst, 'push', marked);
    expect(await save(older, 'h-old')).toBe('stale');
    expect((await store.countPending(inst)).push).toBe(0);
  });

  it('of two summarisations, the one that read the tickets first loses, whichever ends last', async () => {
    const requesterId = 'R3';
    const write = (status: 'open' | 'solved', minutes: number) =>
      store.writeSyncPage({
        installationId: inst,
        stream: 'tickets',
        checkpoint: `c-${String(minutes)}`,
        tickets: [ticket('T3', minutes, { status, requesterId })],
      });
    await write('open', 1);
    // The slow run reads the requester's tickets (the ticket still open) and stalls before its
    // save, as a worker that paused or whose job BullMQ re-ran elsewhere.
    let resumeSlow: () => void = () => undefined;
    let slowRead: () => void = () => undefined;
    const slowHasRead = new Promise<void>((resolve) => {
      slowRead = resolve;
    });
    const slowStore: TicketStore = Object.create(store) as TicketStore;
    slowStore.listRequesterTickets = async (...args) => {
      const tickets = await store.listRequesterTickets(...args);
      slowRead();
      await new Promise<void>((resolve) => {
        resumeSlow = resolve;
      });
      return tickets;
    };
    const deps = (s: TicketStore) => ({
      store: s,
      producer: NO_PRODUCER,
      now: () => Date.UTC(2024, 2, 2),
      reportingTimeZone: 'UTC',
    });
    const slow = summarizeRequester(deps(slowStore), { installationId: inst, requesterId });
    await slowHasRead;
    // Meanwhile the ticket is solved and a second run summarises the requester from that.
    await write('solved', 2);
    const fast = await summarizeRequester(deps(store), { installationId: inst, requesterId });
    expect(fast.summary.recentTickets.map((t) => t.status)).toEqual(['solved']);
    resumeSlow();
    const late = await slow;
    expect(late.summary.recentTickets.map((t) => t.status)).toEqual(['open']);
    expect(late.changed).toBe(false);
    const stored = await store.getSummary(inst, 'requester', requesterId);
    expect((stored?.summary as typeof fast.summary).recentTickets.map((t) => t.status)).toEqual([
      'solved',
    ]);
  });
});
