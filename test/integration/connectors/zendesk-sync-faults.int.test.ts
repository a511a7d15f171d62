import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZendeskClient } from '../../../src/connectors/zendesk/client.js';
import { createZendeskConnector } from '../../../src/connectors/zendesk/connector.js';
import type { TicketEvent } from '../../../src/domain/index.js';
import {
  CES_FIELD_ID,
  NPS_FIELD_ID,
  TIME_FIELD_ID,
  startSimulator,
  type RunningSimulator,
} from '../../../src/simulator/index.js';
import { collectStreams, type Collected } from '../../support/collect-streams.js';

const TICKETS = 5_000;

/** Every fault kind the simulator has, at rates that hit many requests and records. */
const ALL_FAULTS = {
  rateLimitStorm: { probability: 0.03 },
  serverErrors: { probability: 0.05 },
  dropConnection: { probability: 0.03 },
  slowResponseMs: { probability: 0.05, ms: 200 },
  malformedRecords: { probability: 0.002 },
  schemaDrift: { probability: 0.002 },
  duplicateEvents: { probability: 0.3 },
  outOfOrderEvents: { probability: 0.3 },
};

/**
 * Syncs a 5,000-ticket simulator account with every fault switched on and checks the normalised
 * result against the simulator's ground truth: nothing lost, nothing duplicated, and exactly the
 * broken records quarantined.
 */
describe('Zendesk sync against the simulator with every fault on', () => {
  let sim: RunningSimulator;
  let collected: Collected;
  let truth: ReturnType<RunningSimulator['dataset']['truth']>[];
  let expectedQuarantine: { stream: string; sourceId: string }[];
  let transport: ReturnType<ReturnType<typeof createZendeskClient>['stats']>;

  beforeAll(async () => {
    sim = await startSimulator({ tickets: TICKETS, seed: 7, faults: ALL_FAULTS, rateLimit: 'off' });
    const client = createZendeskClient({
      subdomain: 'simulator',
      baseUrl: sim.url,
      auth: { kind: 'token', email: sim.credentials.email, token: sim.credentials.token },
      maxRetries: 10,
      timeoutMs: 5_000,
    });
    const connector = createZendeskConnector({
      client,
      mapping: {
        timeFieldId: String(TIME_FIELD_ID),
        cesFieldId: String(CES_FIELD_ID),
        npsFieldId: String(NPS_FIELD_ID),
      },
      now: () => Date.now(),
      onWarning: () => undefined,
    });
    collected = await collectStreams(connector, Date.UTC(2023, 11, 1));
    transport = client.stats();
    truth = Array.from({ length: sim.dataset.size }, (_, i) => sim.dataset.truth(i));
    const response = await fetch(`${sim.url}/__truth/quarantine`);
    expectedQuarantine = (
      (await response.json()) as { expectedQuarantine: typeof expectedQuarantine }
    ).expectedQuarantine;
  }, 300_000);

  afterAll(async () => {
    await sim.close();
  });

  it('injected faults really happened', () => {
    expect(expectedQuarantine.length).toBeGreaterThan(5);
    expect(collected.pages).toBeGreaterThan(10);
    expect(transport.rateLimited429).toBeGreaterThan(0);
    expect(transport.retries).toBeGreaterThan(transport.rateLimited429);
  });

  it('quarantines exactly the malformed and drifted records, with reason and raw JSON', () => {
    const got = collected.quarantined.map(
      (q) => `${q.stream}:${String(q.sourceId).split(':')[0] ?? ''}`,
    );
    const want = expectedQuarantine.map((q) => `${q.stream}:${q.sourceId}`);
    expect(new Set(got)).toEqual(new Set(want));
    for (const q of collected.quarantined) {
      expect(q.reason.length).toBeGreaterThan(0);
      expect(q.raw).toBeDefined();
    }
  });

  it('every other ticket arrives exactly as the truth has it (deleted ones skipped by default)', () => {
    const quarantinedTickets = new Set(
      expectedQuarantine.filter((q) => q.stream === 'tickets').map((q) => q.sourceId),
    );
    const expected = truth.filter(
      (t) => t.ticket.status !== 'deleted' && !quarantinedTickets.has(t.ticket.id),
    );
    expect(collected.tickets.size).toBe(expected.length);
    for (const { ticket } of expected) expect(collected.tickets.get(ticket.id)).toEqual(ticket);
  });

  it('every event arrives once, equal to the truth; only quarantined updates are missing', () => {
    const quarantinedUpdates = new Set(
      expectedQuarantine.filter((q) => q.stream === 'ticket_events').map((q) => q.sourceId),
    );
    let expectedEvents = 0;
    for (const { ticket, events } of truth) {
      for (const event of events) {
        const updateId = event.id.split(':')[0] ?? '';
        if (quarantinedUpdates.has(updateId)) {
          expect(collected.events.has(event.id)).toBe(false);
          continue;
        }
        expectedEvents += 1;
        expect(withRequester(collected.events.get(event.id), ticket.requesterId)).toEqual(event);
      }
    }
    // Duplicates collapse by id, so the count equals the distinct truth events: none extra.
    expect(collected.events.size).toBe(expectedEvents);
  });
});

/** The events export does not name a CES answer's requester; the ticket does (see ticket-events.ts). */
function withRequester(
  event: TicketEvent | undefined,
  requesterId: string,
): TicketEvent | undefined {
  if (event?.type !== 'survey_answer' || event.response.requesterId !== null) return event;
  return { ...event, response: { ...event.response, requesterId } };
}
