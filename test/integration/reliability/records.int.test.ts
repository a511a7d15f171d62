import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signWebhook, type TicketUpdateResult } from '../../../src/simulator/index.js';
import {
  SHARED_REDIS_URL,
  differencesFromTruth,
  startProductionStack,
  type ProductionStack,
} from '../../support/production-stack.js';
import { DATABASE_URL } from '../store/support.js';

/**
 * Records that arrive twice, out of order, or broken. The events export repeats and reorders
 * events on half its pages, and about one record in fifty is malformed or drifted; webhooks
 * are delivered twice and the older one last.
 */
describe('duplicate, out-of-order and poison records and webhooks', () => {
  let stack: ProductionStack;
  /** Tickets the truth says are quarantined, whole or one of their updates. */
  let quarantinedTickets: Set<string>;
  let expected: { stream: string; sourceId: string }[];

  beforeAll(async () => {
    stack = await startProductionStack({
      databaseUrl: DATABASE_URL,
      redisUrl: SHARED_REDIS_URL,
      simulator: {
        tickets: 300,
        seed: 26,
        rateLimit: 'off',
        faults: {
          duplicateEvents: { probability: 0.5 },
          outOfOrderEvents: { probability: 0.5 },
          malformedRecords: { probability: 0.01 },
          schemaDrift: { probability: 0.01 },
        },
      },
      deliverWebhooks: false,
    });
    const { sim } = stack;
    const response = await fetch(`${sim.url}/__truth/quarantine`);
    expected = ((await response.json()) as { expectedQuarantine: typeof expected })
      .expectedQuarantine;
    quarantinedTickets = new Set();
    for (let i = 0; i < sim.dataset.size; i += 1) {
      const { ticket, quarantine } = sim.dataset.truth(i);
      if (quarantine.length > 0) quarantinedTickets.add(ticket.id);
    }
    await stack.startWorker();
    await stack.enqueueBackfill();
  }, 60_000);

  afterAll(async () => {
    await stack.close();
  }, 60_000);

  it('stores every event once and everything but the poison records, as the truth has it', async () => {
    const { store, installationId, sim } = stack;
    expect(expected.some((q) => q.stream === 'tickets')).toBe(true);
    expect(expected.some((q) => q.stream === 'ticket_events')).toBe(true);
    await vi.waitFor(
      async () => {
        expect(await differencesFromTruth(store, installationId, sim, quarantinedTickets)).toEqual(
          [],
        );
      },
      { timeout: 40_000, interval: 1_000 },
    );
  }, 50_000);

  it('quarantines each poison record with its reason and raw JSON, and commits the rest of its page', async () => {
    const { store, installationId, sim } = stack;
    const entries = await store.listQuarantine(installationId);
    const got = entries.map((q) => `${q.stream}:${(q.sourceId ?? '').split(':')[0] ?? ''}`);
    expect(new Set(got)).toEqual(new Set(expected.map((q) => `${q.stream}:${q.sourceId}`)));
    for (const entry of entries) {
      expect(entry.reason.length).toBeGreaterThan(0);
      expect(entry.raw).toBeDefined();
    }
    // A ticket with a poison update keeps all its other events.
    for (let i = 0; i < sim.dataset.size; i += 1) {
      const { ticket, events, quarantine } = sim.dataset.truth(i);
      if (quarantine.length === 0 || quarantine.some((q) => q.stream === 'tickets')) continue;
      const poison = new Set(quarantine.map((q) => q.sourceId));
      const stored = await store.getTicketTimeline(installationId, ticket.id);
      const want = events.filter((e) => !poison.has(e.id.split(':')[0] ?? '')).map((e) => e.id);
      // The satisfaction stream adds the ratings API's own `csat:` records beside the events.
      const got = (stored?.events ?? []).map((e) => e.id).filter((id) => !id.startsWith('csat:'));
      expect(got.sort()).toEqual(want.sort());
    }
  });

  it('takes each webhook delivery once, and the newest version wins whatever the order', async () => {
    const { store, installationId, sim, front } = stack;
    const updates: TicketUpdateResult[] = [];
    let index = 0;
    while (updates.length < 2 && index < sim.dataset.size) {
      const update = await sim.updateTicket(index);
      if (update === null) index += 1;
      else updates.push(update);
    }
    const [older, newer] = updates;
    if (older === undefined || newer === undefined) throw new Error('no ticket took two updates');
    expect(newer.ticketId).toBe(older.ticketId);
    const deliver = async (update: TicketUpdateResult, deliveryId: string) => {
      const timestamp = new Date().toISOString();
      const body = JSON.stringify({
        type: 'zen:event-type:ticket.updated',
        id: deliveryId,
        time: timestamp,
        detail: { id: String(update.ticketId), updated_at: update.updatedAt },
      });
      const response = await fetch(`${front.url}/webhooks/zendesk/${installationId}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-zendesk-webhook-signature': signWebhook(stack.webhookSecret, timestamp, body),
          'x-zendesk-webhook-signature-timestamp': timestamp,
        },
        body,
      });
      return ((await response.json()) as { status: string }).status;
    };
    // Newest first, then the older one, then both again.
    const statuses = [
      await deliver(newer, 'delivery-newer'),
      await deliver(older, 'delivery-older'),
      await deliver(newer, 'delivery-newer'),
      await deliver(older, 'delivery-older'),
    ];
    expect(statuses).toEqual(['accepted', 'accepted', 'duplicate', 'duplicate']);
    const ticketId = String(newer.ticketId);
    await vi.waitFor(
      async () => {
        const stored = await store.getTicketTimeline(installationId, ticketId);
        expect(stored?.ticket.updatedAt).toBe(Date.parse(newer.updatedAt));
        expect(await differencesFromTruth(store, installationId, sim, quarantinedTickets)).toEqual(
          [],
        );
      },
      { timeout: 20_000, interval: 500 },
    );
  });
});
