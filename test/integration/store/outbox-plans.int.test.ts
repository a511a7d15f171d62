import { describe, expect, it, vi } from 'vitest';
import { computeTicketMetrics } from '../../../src/metrics/ticket-metrics.js';
import { createSqlStore } from '../../../src/store/sql-store.js';
import type { OutboxKind, TicketStore } from '../../../src/store/store.js';
import { boundedPlans } from '../../support/explaining-client.js';
import {
  DATABASES,
  T0,
  comment,
  metricsDims,
  ticket,
  withInstallationStore,
  type TestDatabase,
} from './support.js';

// A backlog far larger than a batch, in tables never analysed (as autovacuum-off PostgreSQL keeps
// them): a statement whose work grows with the backlog shows it in its plan, whatever the timing.
const BACKLOG = 3_000;
const BATCH = 50;
const REMARKED = 5;
const LEASE_MS = 600_000;
/** No plan node may return or discard more rows than a few per claimed row. */
const BOUND = 4 * BATCH;

/** A promise the test resolves when it chooses. */
function gate(): { open: () => void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

const subjects = (prefix: string) =>
  Array.from({ length: BACKLOG }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);

/**
 * The outbox's key statements (acknowledge, release, the metrics write's hold) against a backlog
 * of pending rows: they change the rows a batch claimed and read no others.
 */
describe.each(DATABASES)('outbox statements against a backlog on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let inst: string;
  withInstallationStore(open, (opened) => {
    ({ db, store, inst } = opened);
  });
  /** Every statement sent since the last check stayed within the bounds (`pages`: per scan). */
  const { store: explaining, expectBounded } = boundedPlans(() => db.client, BOUND);
  const rowsOf = async (kind: OutboxKind) =>
    (
      await db.client.query<{ subject: string; leased: boolean }>(
        `SELECT subject_id AS subject, COALESCE(leased_until > now(), false) AS leased
         FROM analysis_outbox WHERE installation_id = $1 AND kind = $2 ORDER BY subject_id`,
        [inst, kind],
      )
    ).rows;

  /** A backlog of `kind`, a claimed batch (its oldest rows), then a few of those marked again. */
  const claimBatch = async (kind: OutboxKind, prefix: string) => {
    const all = subjects(prefix);
    await store.markPending(inst, kind, all);
    const claimed = await explaining().claimPending(inst, kind, BATCH, LEASE_MS);
    expectBounded();
    expect(claimed.map((c) => c.subjectId)).toEqual(all.slice(0, BATCH));
    const remarked = new Set(all.slice(0, REMARKED));
    await store.markPending(inst, kind, [...remarked]);
    return { all, claimed, remarked };
  };

  it('acknowledges a batch: done rows go, rows marked again are freed, no other row is read', async () => {
    const { all, claimed, remarked } = await claimBatch('requester', 'r');
    await explaining().ackPending(inst, 'requester', claimed);
    expectBounded();
    const done = new Set(claimed.map((c) => c.subjectId).filter((s) => !remarked.has(s)));
    expect(await rowsOf('requester')).toEqual(
      all.filter((s) => !done.has(s)).map((subject) => ({ subject, leased: false })),
    );
  });

  it('releases a batch: rows marked again keep their lease, no other row is read', async () => {
    const { all, claimed, remarked } = await claimBatch('day', 'd');
    await explaining().releasePending(inst, 'day', claimed);
    expectBounded();
    expect(await rowsOf('day')).toEqual(
      all.map((subject) => ({ subject, leased: remarked.has(subject) })),
    );
  });

  it('writes the metrics of the rows still at the version claimed, reading no other row', async () => {
    const { claimed, remarked } = await claimBatch('ticket', 't');
    const items = claimed.map(({ subjectId: id }) => ({
      metrics: computeTicketMetrics(
        { ticket: ticket(id, 30), events: [comment(`${id}-c`, id, 80)] },
        { now: T0 + 3_600_000, calendars: { defaultCalendar: null, byId: new Map() } },
      ),
      dims: metricsDims(),
      timelineVersion: 0,
    }));
    const saved = await explaining().saveClaimedTicketMetrics(inst, items, claimed);
    expectBounded();
    const expected = claimed.map((c) => c.subjectId).filter((s) => !remarked.has(s));
    expect([...saved].sort()).toEqual(expected);
    const { rows } = await db.client.query<{ id: string }>(
      'SELECT ticket_id AS id FROM ticket_metrics WHERE installation_id = $1 ORDER BY ticket_id',
      [inst],
    );
    expect(rows.map((r) => r.id)).toEqual(expected);
  });

  it('frees a claimed row marked again by a sync page that held it while the ack waited (PostgreSQL)', async () => {
    const another = db.openAnother?.();
    if (another === undefined) return;
    await store.markPending(inst, 'push', ['p1', 'p2']);
    const claimed = await store.claimPending(inst, 'push', 2, LEASE_MS);
    const committed = gate();
    const marked = gate();
    const page = another.transaction(async (tx) => {
      await createSqlStore(tx).markPending(inst, 'push', ['p1']);
      marked.open();
      await committed.opened;
    });
    await marked.opened;
    let acked = false;
    const ack = store.ackPending(inst, 'push', claimed).then(() => (acked = true));
    // The ack waits for the page's row lock on p1, then sees p1 marked again.
    await vi.waitFor(async () => {
      const { rows } = await db.client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE wait_event_type = 'Lock' AND query LIKE '%analysis_outbox%'`,
      );
      expect(rows[0]?.n).toBeGreaterThan(0);
    });
    expect(acked).toBe(false);
    committed.open();
    await page;
    await ack;
    expect(await rowsOf('push')).toEqual([{ subject: 'p1', leased: false }]);
  });
});
