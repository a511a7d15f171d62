import { expect, vi } from 'vitest';
import type { RunningSimulator, TicketUpdateResult } from '../../../src/simulator/index.js';
import type { TicketStore } from '../../../src/store/store.js';

/** Tickets of the simulator's truth that a sync stores (deleted ones are not). */
export function liveTickets(sim: RunningSimulator): { id: string; requesterId: string }[] {
  const out: { id: string; requesterId: string }[] = [];
  for (let i = 0; i < sim.dataset.size; i += 1) {
    const { ticket } = sim.dataset.truth(i);
    if (ticket.status !== 'deleted') out.push({ id: ticket.id, requesterId: ticket.requesterId });
  }
  return out;
}

interface RecordedWrite {
  method: string;
  path: string;
  body: unknown;
}

/** The users the simulator received field values for, by single PUT or `update_many`. */
function pushedUserIds(writes: readonly RecordedWrite[]): Set<string> {
  const ids = new Set<string>();
  for (const w of writes) {
    const single = /^\/api\/v2\/users\/(\d+)\.json$/.exec(w.path);
    if (w.method === 'PUT' && single?.[1] !== undefined) ids.add(single[1]);
    if (w.path !== '/api/v2/users/update_many.json') continue;
    for (const user of (w.body as { users: { id: number }[] }).users) ids.add(String(user.id));
  }
  return ids;
}

/** The write-back calls the simulator recorded (user field updates, app notifications). */
export async function simulatorWrites(sim: RunningSimulator): Promise<RecordedWrite[]> {
  const response = await fetch(`${sim.url}/__writes`);
  return ((await response.json()) as { writes: RecordedWrite[] }).writes;
}

/**
 * Waits until the whole pipeline has run for every live ticket: metrics stored, every requester
 * summarised, and every requester's user fields written back to the simulator (in bulk: a
 * backfill notifies no sidebar).
 */
export async function waitForPipeline(
  store: TicketStore,
  installationId: string,
  sim: RunningSimulator,
  timeoutMs = 90_000,
): Promise<void> {
  const tickets = liveTickets(sim);
  expect(tickets.length).toBeGreaterThan(150);
  await vi.waitFor(
    async () => {
      for (const { id } of tickets) {
        expect(await store.getTicketMetrics(installationId, id), `metrics of ${id}`).not.toBeNull();
      }
    },
    { timeout: timeoutMs, interval: 500 },
  );
  await vi.waitFor(
    async () => {
      for (const requesterId of new Set(tickets.map((t) => t.requesterId))) {
        const summary = await store.getSummary(installationId, 'requester', requesterId);
        expect(summary, `summary of ${requesterId}`).not.toBeNull();
      }
      const pushed = pushedUserIds(await simulatorWrites(sim));
      for (const requesterId of new Set(tickets.map((t) => t.requesterId))) {
        expect(pushed.has(requesterId), `push-back of ${requesterId}`).toBe(true);
      }
    },
    { timeout: timeoutMs, interval: 500 },
  );
}

/**
 * Updates the first ticket that takes an update (the simulator signs and delivers the webhook)
 * and waits until the store holds the new version and metrics computed after it.
 */
export async function updateAndWaitForFreshMetrics(
  store: TicketStore,
  installationId: string,
  sim: RunningSimulator,
): Promise<TicketUpdateResult> {
  let update: TicketUpdateResult | null = null;
  for (let i = 0; update === null && i < sim.dataset.size; i += 1)
    update = await sim.updateTicket(i);
  if (update === null) throw new Error('no ticket took an update');
  expect(update.delivery).toMatchObject({ status: 202 });
  const ticketId = String(update.ticketId);
  const updatedAt = Date.parse(update.updatedAt);
  await vi.waitFor(
    async () => {
      const timeline = await store.getTicketTimeline(installationId, ticketId);
      expect(timeline?.ticket.updatedAt).toBe(updatedAt);
      const metrics = await store.getTicketMetrics(installationId, ticketId);
      expect(metrics?.dims.computedAt).toBeGreaterThanOrEqual(updatedAt);
      const requesterId = timeline?.ticket.requesterId ?? '';
      const summary = await store.getSummary(installationId, 'requester', requesterId);
      expect(summary?.updatedAt).toBeGreaterThanOrEqual(updatedAt - 1_000);
    },
    { timeout: 15_000, interval: 200 },
  );
  return update;
}
