import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOLVED_STATUSES, UNSOLVED_STATUSES, type Ticket } from '../../../src/domain/index.js';
import type { TicketStore } from '../../../src/store/store.js';
import type { TestDatabase } from './support.js';
import { DATABASES, T0, newInstallation, openMigratedStore, ticket } from './support.js';

// Every status a ticket can have, deleted included, for requester 7 of installation A.
const STATUSES: readonly Ticket['status'][] = [
  'new',
  'open',
  'open',
  'pending',
  'hold',
  'solved',
  'solved',
  'closed',
  'deleted',
];
const mine = STATUSES.map((status, i) =>
  ticket(`7${String(i)}`, i, { status, requesterId: '7', organizationId: '70' }),
);

describe.each(DATABASES)('the requester sidebar row (%s)', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let a: string;
  let b: string;

  beforeAll(async () => {
    ({ db, store } = await openMigratedStore(open));
    a = (await store.createInstallation(newInstallation('a'))).id;
    b = (await store.createInstallation(newInstallation('b'))).id;
    await store.writeSyncPage({
      installationId: a,
      stream: 'tickets',
      checkpoint: 'c1',
      tickets: [...mine, ticket('80', 0, { requesterId: '8' })],
    });
    await store.writeSyncPage({
      installationId: a,
      stream: 'users',
      checkpoint: 'u1',
      users: [{ id: '7', name: 'Giulia', kind: 'end_user', organizationId: '70', updatedAt: T0 }],
    });
    // Installation B has the same requester id, a ticket and a summary: none of it crosses.
    await store.writeSyncPage({
      installationId: b,
      stream: 'tickets',
      checkpoint: 'c1',
      tickets: [ticket('90', 0, { requesterId: '7' })],
    });
    await store.saveSummary(b, 'requester', '7', { from: 'b' }, 'hash-b');
    await store.saveSummary(a, 'requester', '7', { requesterId: '7', asOf: T0 }, 'hash-a');
  });

  afterAll(async () => {
    await db.dispose();
  });

  it('reads the summary, the name and the counts of every non-deleted ticket in one call', async () => {
    // Counted here from the tickets written, not by the SQL under test.
    const live = mine.filter((t) => t.status !== 'deleted');
    const expected = {
      total: live.length,
      open: live.filter((t) => UNSOLVED_STATUSES.has(t.status)).length,
      solved: live.filter((t) => SOLVED_STATUSES.has(t.status)).length,
    };
    expect(expected).toEqual({ total: 8, open: 5, solved: 3 });
    // Past PostgreSQL's five custom plans of a prepared statement, so a generic plan answers too.
    for (let call = 0; call < 8; call += 1) {
      const row = await store.getRequesterSidebarRow(a, '7');
      expect(row.counts).toEqual(expected);
      expect(row.name).toBe('Giulia');
      expect(row.stored?.summary).toEqual({ requesterId: '7', asOf: T0 });
      expect(row.stored?.hash).toBe('hash-a');
    }
    expect(await store.countCustomerTickets(a, { requesterId: '7' })).toEqual(expected);
  });

  it('answers null summary and name, and zero counts, for what is not there', async () => {
    expect(await store.getRequesterSidebarRow(a, '8')).toMatchObject({
      stored: null,
      name: null,
      counts: { total: 1, open: 1, solved: 0 },
    });
    expect(await store.getRequesterSidebarRow(a, '999')).toEqual({
      stored: null,
      name: null,
      counts: { total: 0, open: 0, solved: 0 },
    });
    const other = await store.getRequesterSidebarRow(b, '7');
    expect(other).toMatchObject({ name: null, counts: { total: 1, open: 1, solved: 0 } });
    expect(other.stored?.summary).toEqual({ from: 'b' });
  });
});
