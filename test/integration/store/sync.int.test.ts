import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketEvent } from '../../../src/domain/index.js';
import type { TicketStore } from '../../../src/store/store.js';
import type { TestDatabase } from './support.js';
import { openMigratedStore, DATABASES, T0, comment, newInstallation, ticket } from './support.js';

describe.each(DATABASES)('writeSyncPage on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let inst: string;

  beforeAll(async () => {
    ({ db, store } = await openMigratedStore(open));
    inst = (await store.createInstallation(newInstallation())).id;
  });

  afterAll(async () => {
    await db.dispose();
  });

  const page = (
    checkpoint: string,
    rest: Omit<
      Parameters<TicketStore['writeSyncPage']>[0],
      'installationId' | 'stream' | 'checkpoint'
    >,
  ) => store.writeSyncPage({ installationId: inst, stream: 'tickets', checkpoint, ...rest });

  it('stores a ticket and moves the checkpoint', async () => {
    const result = await page('c1', { tickets: [ticket('1', 10)] });
    expect(result.changedTicketIds).toEqual(['1']);
    expect(await store.getCheckpoint(inst, 'tickets')).toBe('c1');
    expect((await store.getTicketTimeline(inst, '1'))?.ticket).toEqual(ticket('1', 10));
  });

  it('never lets an older update overwrite a newer one', async () => {
    const newer = ticket('1', 20, { status: 'solved' });
    expect((await page('c2', { tickets: [newer] })).changedTicketIds).toEqual(['1']);
    const older = ticket('1', 15, { status: 'pending' });
    expect((await page('c3', { tickets: [older] })).changedTicketIds).toEqual([]);
    expect((await store.getTicketTimeline(inst, '1'))?.ticket).toEqual(newer);
  });

  it('treats a replay of the same version as a no-op that reports no change', async () => {
    const same = ticket('1', 20, { status: 'solved' });
    expect((await page('c4', { tickets: [same] })).changedTicketIds).toEqual([]);
    expect(await store.getCheckpoint(inst, 'tickets')).toBe('c4');
  });

  it('keeps the newest of duplicates within one page', async () => {
    const result = await page('c5', { tickets: [ticket('2', 30), ticket('2', 5)] });
    expect(result.changedTicketIds).toEqual(['2']);
    expect((await store.getTicketTimeline(inst, '2'))?.ticket.updatedAt).toBe(T0 + 30 * 60_000);
  });

  it('inserts events once and orders them by time, then arrival', async () => {
    const events: TicketEvent[] = [
      comment('e3', '1', 30),
      comment('e1', '1', 10),
      { ...comment('e2', '1', 10), public: false },
    ];
    const first = await store.writeSyncPage({
      installationId: inst,
      stream: 'ticket_events',
      checkpoint: 'e-c1',
      events,
    });
    expect(first.changedTicketIds).toEqual(['1']);
    const replay = await store.writeSyncPage({
      installationId: inst,
      stream: 'ticket_events',
      checkpoint: 'e-c2',
      events: [{ ...comment('e1', '1', 99), public: false }],
    });
    expect(replay.changedTicketIds).toEqual([]);
    const timeline = await store.getTicketTimeline(inst, '1');
    expect(timeline?.events.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
    expect(timeline?.events[0]).toEqual(comment('e1', '1', 10));
    expect(await store.getCheckpoint(inst, 'ticket_events')).toBe('e-c2');
  });

  it('stores users, organizations, helpdesk metrics and handle time in the page', async () => {
    const metrics = {
      ticketId: '1',
      replyMinutes: { calendar: 10, business: 5 },
      firstResolutionMinutes: { calendar: 20, business: 10 },
      fullResolutionMinutes: { calendar: 20, business: 10 },
      requesterWaitMinutes: { calendar: 20, business: 10 },
      agentWaitMinutes: { calendar: 0, business: 0 },
      onHoldMinutes: { calendar: 0, business: 0 },
      reopens: 0,
      replies: 1,
      solvedAt: T0 + 20 * 60_000,
      updatedAt: T0 + 20 * 60_000,
    };
    const entry = {
      id: 'h1',
      ticketId: '3',
      agentId: 'agent-1',
      seconds: 90,
      source: 'sidebar_timer' as const,
      loggedAt: T0,
    };
    const result = await page('c6', {
      users: [
        { id: 'agent-1', name: 'Ann', kind: 'agent', organizationId: null, updatedAt: T0 },
        { id: 'req-1', name: 'Rita', kind: 'end_user', organizationId: 'org-1', updatedAt: T0 },
      ],
      organizations: [{ id: 'org-1', name: 'Acme', updatedAt: T0 }],
      helpdeskMetrics: [metrics],
      handleTimeEntries: [entry, entry],
    });
    expect(result.changedTicketIds).toEqual(['3']);
    const roles = await store.listUserRoles(inst, ['agent-1', 'req-1', 'nobody']);
    expect(Object.fromEntries(roles)).toEqual({ 'agent-1': 'agent', 'req-1': 'end_user' });
    expect(await store.getHelpdeskMetrics(inst, '1')).toEqual(metrics);
    expect(await store.addHandleTimeEntry(inst, entry)).toBe(false);
    expect(await store.addHandleTimeEntry(inst, { ...entry, id: 'h2', seconds: 30 })).toBe(true);
  });

  it('is atomic with the checkpoint: a failing row undoes the whole page', async () => {
    const bogus = { ...comment('bad', '9', 1), type: 'not_a_type' } as unknown as TicketEvent;
    await expect(
      page('c-never', {
        tickets: [ticket('9', 1), ticket('1', 999, { status: 'closed' })],
        events: [comment('e9', '9', 1), bogus],
        quarantined: [{ stream: 'tickets', sourceId: '8', reason: 'bad', raw: {} }],
      }),
    ).rejects.toMatchObject({ code: 'STORE_FAILED', sqlState: '23514', retryable: false });
    expect(await store.getCheckpoint(inst, 'tickets')).toBe('c6');
    expect(await store.getTicketTimeline(inst, '9')).toBeNull();
    expect((await store.getTicketTimeline(inst, '1'))?.ticket.status).toBe('solved');
    expect(await store.listQuarantine(inst)).toEqual([]);
  });

  it('records quarantined records with reason and raw, counting repeats', async () => {
    const raw = { id: 7, status: 'weird', text: 'nul\u0000byte' };
    const record = { stream: 'tickets' as const, sourceId: '7', reason: 'status: invalid', raw };
    const noId = { stream: 'tickets' as const, sourceId: null, reason: 'no id', raw: [1, 2] };
    await page('c7', { quarantined: [record, noId] });
    await page('c8', { quarantined: [{ ...record, reason: 'status: still invalid' }] });
    const entries = await store.listQuarantine(inst);
    const seven = entries.find((e) => e.sourceId === '7');
    expect(seven).toMatchObject({ reason: 'status: still invalid', attempts: 2, resolvedAt: null });
    expect(seven?.raw).toEqual({ ...raw, text: 'nul\ufffdbyte' });
    expect(entries.find((e) => e.sourceId === null)).toMatchObject({ raw: [1, 2], attempts: 1 });

    // The record arriving cleanly later settles its entry.
    await page('c9', { tickets: [ticket('7', 1)] });
    expect((await store.listQuarantine(inst)).map((e) => e.sourceId)).toEqual([null]);
    const all = await store.listQuarantine(inst, { includeResolved: true });
    expect(all.find((e) => e.sourceId === '7')?.resolvedAt).toEqual(expect.any(Number));
    const [open] = await store.listQuarantine(inst);
    if (open === undefined) throw new Error('one open entry');
    expect(await store.resolveQuarantine(inst, open.stream, open.recordKey)).toBe(true);
    expect(await store.resolveQuarantine(inst, open.stream, open.recordKey)).toBe(false);
    expect(await store.listQuarantine(inst)).toEqual([]);
  });

  it('reports sync status per stream, with errors that do not move the checkpoint', async () => {
    await store.recordSyncError(inst, 'tickets', 'HTTP 503');
    const status = await store.listSyncStatus(inst);
    expect(status.find((s) => s.stream === 'tickets')).toMatchObject({
      checkpoint: 'c9',
      lastError: 'HTTP 503',
    });
    expect(status.find((s) => s.stream === 'ticket_events')?.pageCount).toBe(2);
  });
});
