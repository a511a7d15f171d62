import type { HelpdeskConnector } from '../../../src/connectors/connector.js';
import { createZendeskClient } from '../../../src/connectors/zendesk/client.js';
import { createZendeskConnector } from '../../../src/connectors/zendesk/connector.js';
import type { TicketEvent } from '../../../src/domain/index.js';
import {
  CES_FIELD_ID,
  NPS_FIELD_ID,
  TIME_FIELD_ID,
  type RunningSimulator,
} from '../../../src/simulator/index.js';
import type { TicketStore } from '../../../src/store/store.js';

/** A Zendesk connector on the simulator, new per call as a worker would build it per job. */
export function simulatorConnector(sim: RunningSimulator): HelpdeskConnector {
  const client = createZendeskClient({
    subdomain: 'simulator',
    baseUrl: sim.url,
    auth: { kind: 'token', email: sim.credentials.email, token: sim.credentials.token },
    maxRetries: 3,
    timeoutMs: 10_000,
  });
  return createZendeskConnector({
    client,
    mapping: {
      timeFieldId: String(TIME_FIELD_ID),
      cesFieldId: String(CES_FIELD_ID),
      npsFieldId: String(NPS_FIELD_ID),
    },
    now: () => Date.now(),
    onWarning: () => undefined,
  });
}

/** Events in the store's order: by time, then id (the truth's arrival order within an update). */
export function byTime(events: readonly TicketEvent[]): TicketEvent[] {
  return [...events].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The events export does not name a CES answer's requester (simulator README, "Truth"); the
 * ticket does, so the truth's answer is compared with that field blanked.
 */
export function asExported(event: TicketEvent): TicketEvent {
  if (event.type !== 'survey_answer') return event;
  return { ...event, response: { ...event.response, requesterId: null } };
}

/** Differences between the store and the simulator's truth for every ticket, as readable lines. */
export async function diffAgainstTruth(
  store: TicketStore,
  installationId: string,
  sim: RunningSimulator,
): Promise<{ mismatches: string[]; tickets: number; events: number; ratings: number }> {
  const mismatches: string[] = [];
  let ratings = 0;
  let tickets = 0;
  let events = 0;
  for (let i = 0; i < sim.dataset.size; i += 1) {
    const truth = sim.dataset.truth(i);
    const stored = await store.getTicketTimeline(installationId, truth.ticket.id);
    if (truth.ticket.status === 'deleted') {
      if (stored !== null) mismatches.push(`${truth.ticket.id}: deleted ticket stored`);
      continue;
    }
    if (stored === null) {
      mismatches.push(`${truth.ticket.id}: missing`);
      continue;
    }
    tickets += 1;
    // The satisfaction stream adds the ratings API's own `csat:` records, which the audit-based
    // truth does not have; they are checked on their own.
    const exported = stored.events.filter((e) => !e.id.startsWith('csat:'));
    ratings += stored.events.length - exported.length;
    events += exported.length;
    if (!deepEqual(stored.ticket, truth.ticket)) mismatches.push(`${truth.ticket.id}: ticket`);
    const want = byTime(truth.events.map(asExported));
    const got = byTime(exported.map(asExported));
    if (!deepEqual(got, want)) {
      mismatches.push(`${truth.ticket.id}: events (${got.length} stored, ${want.length} truth)`);
    }
  }
  return { mismatches, tickets, events, ratings };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  return Object.fromEntries(
    entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sortKeys(v)]),
  );
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}
