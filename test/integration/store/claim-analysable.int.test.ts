import { describe, expect, it } from 'vitest';
import type { TicketStore } from '../../../src/store/store.js';
import { DATABASES, withInstallationStore, type TestDatabase } from './support.js';

const LEASE_MS = 60_000;
const HOLD_MS = 3_600_000;

/**
 * The analysis drain's claim (store `claimAnalysable`) holds a ticket while a reading pass of the
 * events or ratings stream has still to reach its last update, whichever of the passes is behind.
 */
describe.each(DATABASES)('claimAnalysable on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let inst: string;
  withInstallationStore(open, (opened) => {
    ({ db, store, inst } = opened);
  });

  const addTicket = (id: string, updatedAt: string) =>
    db.client.query(
      `INSERT INTO tickets (installation_id, id, status, requester_id, channel, created_at,
         updated_at, data)
       VALUES ($1, $2, 'open', 'R', 'email', '2024-03-01T00:00:00Z', $3, '{}')`,
      [inst, id, updatedAt],
    );
  const setPass = (stream: string, watermark: string | null, done: boolean) =>
    db.client.query(
      `INSERT INTO sync_passes (installation_id, stream, origin, watermark, done_at)
       VALUES ($1, $2, '2024-03-01T00:00:00Z', $3, CASE WHEN $4 THEN now() END)
       ON CONFLICT (installation_id, stream) DO UPDATE
         SET watermark = EXCLUDED.watermark, done_at = EXCLUDED.done_at`,
      [inst, stream, watermark, done],
    );
  const claim = async (holdMs = HOLD_MS) => {
    const claimed = await store.claimAnalysable(inst, 100, LEASE_MS, holdMs);
    await store.releasePending(inst, 'ticket', claimed);
    return claimed.map((c) => c.subjectId);
  };

  it('holds a ticket behind either reading pass until that pass has read past it', async () => {
    await addTicket('early', '2024-03-05T00:00:00Z');
    await addTicket('middle', '2024-03-15T00:00:00Z');
    await addTicket('late', '2024-03-25T00:00:00Z');
    // `gone` has no ticket row (its events came first): nothing to wait for. `after` is stored
    // only after its mark, so its row has no copy of its update time: the claim looks it up.
    await store.markPending(inst, 'ticket', ['late', 'middle', 'early', 'gone', 'after']);
    await addTicket('after', '2024-03-25T00:00:00Z');
    // The ratings pass is behind the events pass: it alone holds `middle`.
    await setPass('ticket_events', '2024-03-20T00:00:00Z', false);
    await setPass('satisfaction', '2024-03-10T00:00:00Z', false);
    // Time entries do not hold tickets.
    await setPass('time_entries', '2024-03-02T00:00:00Z', false);
    expect((await claim()).sort()).toEqual(['early', 'gone']);
    // A held row is claimed once its wait since the first mark is over.
    expect((await claim(0)).sort()).toEqual(['after', 'early', 'gone', 'late', 'middle']);

    // The ratings pass reaches `middle` exactly: a ticket at the watermark may have more to come.
    await setPass('satisfaction', '2024-03-15T00:00:00Z', false);
    expect((await claim()).sort()).toEqual(['early', 'gone']);
    await setPass('satisfaction', '2024-03-16T00:00:00Z', false);
    expect((await claim()).sort()).toEqual(['early', 'gone', 'middle']);

    // Both passes done: nothing is held; a pending rewind holds again from its point.
    await setPass('ticket_events', '2024-03-20T00:00:00Z', true);
    await setPass('satisfaction', '2024-03-16T00:00:00Z', true);
    expect((await claim()).sort()).toEqual(['after', 'early', 'gone', 'late', 'middle']);
    await db.client.query(
      `UPDATE sync_passes SET rewind_to = '2024-03-12T00:00:00Z'
       WHERE installation_id = $1 AND stream = 'satisfaction'`,
      [inst],
    );
    expect((await claim()).sort()).toEqual(['early', 'gone']);
  });

  it("keeps the ticket's update time in its row, as of its latest mark", async () => {
    const holdOf = async (subject: string) => {
      const { rows } = await db.client.query<{ at: string | null }>(
        `SELECT to_char(o.hold_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS at
         FROM analysis_outbox o WHERE o.installation_id = $1 AND o.kind = 'ticket'
           AND o.subject_id = $2`,
        [inst, subject],
      );
      return rows[0]?.at;
    };
    await addTicket('kept', '2024-03-03T00:00:00Z');
    await store.markPending(inst, 'ticket', ['kept']);
    expect(await holdOf('kept')).toBe('2024-03-03');
    await db.client.query(
      `UPDATE tickets SET updated_at = '2024-03-04T00:00:00Z'
       WHERE installation_id = $1 AND id = 'kept'`,
      [inst],
    );
    await store.markPending(inst, 'ticket', ['kept']);
    expect(await holdOf('kept')).toBe('2024-03-04');
    // Other kinds keep none, even where a ticket has the same id.
    await store.markPending(inst, 'requester', ['kept']);
    const { rows } = await db.client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM analysis_outbox
       WHERE installation_id = $1 AND kind = 'requester' AND hold_at IS NULL`,
      [inst],
    );
    expect(rows[0]?.n).toBe(1);
  });
});
