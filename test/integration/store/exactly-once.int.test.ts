import { describe, expect, it } from 'vitest';
import type { KpiRollup, TicketStore } from '../../../src/store/store.js';
import { DATABASES, withInstallationStore } from './support.js';

const rollup = (value: string, n: number): KpiRollup => ({
  day: '2024-03-01',
  dimension: 'agent',
  dimensionValue: value,
  metric: 'full_resolution',
  n,
  nBusiness: n,
  sum: n * 100,
  sumBusiness: n * 50,
  sketch: { calendar: [100], business: [50] },
});

/** Causes 3 and 4 of issue 13, at the store: what at-least-once jobs rely on to act once. */
describe.each(DATABASES)('exactly-once effects on %s', (_name, open) => {
  let store: TicketStore;
  let inst: string;

  withInstallationStore(open, (opened) => ({ store, inst } = opened));

  it('a row marked again keeps its lease until the holder acknowledges it', async () => {
    await store.markPending(inst, 'requester', ['R1']);
    const claimed = await store.claimPending(inst, 'requester', 10, 60_000);
    expect(claimed.map((c) => c.subjectId)).toEqual(['R1']);
    await store.markPending(inst, 'requester', ['R1']);
    // A second drain must not compute R1 beside the first.
    expect(await store.claimPending(inst, 'requester', 10, 60_000)).toEqual([]);
    await store.ackPending(inst, 'requester', claimed);
    // The newer mark survives the ack and is claimable at once.
    const again = await store.claimPending(inst, 'requester', 10, 60_000);
    expect(again.map((c) => c.subjectId)).toEqual(['R1']);
    await store.ackPending(inst, 'requester', again);
    expect((await store.countPending(inst)).requester).toBe(0);
  });

  it('a saved summary that differs from the pushed one is marked for push-back with it', async () => {
    // An earlier run saved the summary and died before marking it: saving it again marks it.
    await store.saveSummary(inst, 'requester', 'R2', { v: 1 }, 'h1');
    expect((await store.countPending(inst)).push).toBe(0);
    expect(
      await store.saveSummary(inst, 'requester', 'R2', { v: 1 }, 'h1', { markPush: true }),
    ).toBe(false);
    const push = await store.claimPending(inst, 'push', 10, 60_000);
    expect(push.map((c) => c.subjectId)).toEqual(['R2']);
    await store.markSummaryPushed(inst, 'requester', 'R2', 'h1');
    await store.ackPending(inst, 'push', push);
    // Pushed: saving the same summary again marks nothing.
    await store.saveSummary(inst, 'requester', 'R2', { v: 1 }, 'h1', { markPush: true });
    expect((await store.countPending(inst)).push).toBe(0);
  });

  it('rollups of one day written at once all succeed, the last one wins', async () => {
    const writes = Array.from({ length: 8 }, (_, i) =>
      store.replaceDailyRollups(inst, '2024-03-01', [rollup('a1', i + 1), rollup('a2', i + 1)]),
    );
    await Promise.all(writes);
    const rows = await store.listRollups(inst, {
      from: '2024-03-01',
      to: '2024-03-01',
      dimension: 'agent',
    });
    expect(rows.map((r) => r.dimensionValue)).toEqual(['a1', 'a2']);
    expect(rows[0]?.n).toBe(rows[1]?.n);
  });
});
