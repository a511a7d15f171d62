import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapTicket, mapTicketHistory, userRolesFrom } from '../../../src/connectors/zendesk/map.js';
import {
  ZendeskAuditSchema,
  ZendeskTicketSchema,
  ZendeskUserSchema,
} from '../../../src/connectors/zendesk/schemas.js';
import {
  CES_FIELD_ID,
  NPS_FIELD_ID,
  TIME_FIELD_ID,
  createManualClock,
  type RunningSimulator,
} from '../../../src/simulator/index.js';
import { RoleCache } from '../../../src/connectors/zendesk/role-cache.js';
import {
  ZendeskTicketUpdateSchema,
  mapTicketUpdate,
} from '../../../src/connectors/zendesk/ticket-events.js';
import type { TicketEvent } from '../../../src/domain/index.js';
import { NOW, get, pageEvents, start, WINDOW_START } from './helpers.js';

// The truth is written independently of the connector; the audit mapping must agree with it.
describe('simulator ground truth', () => {
  let sim: RunningSimulator;
  let clock: ReturnType<typeof createManualClock>;
  beforeAll(async () => {
    clock = createManualClock(NOW);
    sim = await start({ tickets: 150, now: clock.now });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('equals what the audit mapping makes of the served payloads', async () => {
    const users = (await get(sim, '/api/v2/incremental/users/cursor.json?start_time=0')).body;
    const roles = userRolesFrom(ZendeskUserSchema.array().parse(users['users']));
    const options = {
      timeFieldId: String(TIME_FIELD_ID),
      cesFieldId: String(CES_FIELD_ID),
      npsFieldId: String(NPS_FIELD_ID),
    };
    // Live updates (the webhook path) must keep the truth in step with the payloads too.
    const updated = [];
    for (let index = 0; index < sim.dataset.size && updated.length < 5; index += 1) {
      if ((await sim.updateTicket(index)) !== null) updated.push(index);
    }
    expect(updated.length).toBe(5);
    // Past the last-minute exclusion, so the events export serves them as well.
    clock.advance(61_000);
    const kinds = new Set<string>();
    const surveyKinds = new Set<string>();
    for (let index = 0; index < sim.dataset.size; index += 1) {
      const id = index + 1;
      const raw = (await get(sim, `/api/v2/tickets/${id}.json`)).body['ticket'];
      const audits = (await get(sim, `/api/v2/tickets/${id}/audits.json`)).body['audits'];
      const ticket = mapTicket(ZendeskTicketSchema.parse(raw));
      const history = mapTicketHistory(
        ticket,
        ZendeskAuditSchema.array().parse(audits),
        roles,
        options,
      );
      const truth = sim.dataset.truth(index);
      expect(ticket).toEqual(truth.ticket);
      expect(history.events).toEqual(truth.events);
      expect(history.warnings).toEqual([]);
      for (const event of truth.events) {
        kinds.add(event.type);
        if (event.type === 'survey_answer') surveyKinds.add(event.response.kind);
      }
    }
    // The NPS survey tool's field is served and mapped like the CES one.
    expect([...surveyKinds].sort()).toEqual(['ces', 'nps']);
    expect([...kinds].sort()).toEqual([
      'assignee_change',
      'comment',
      'field_change',
      'group_change',
      'handle_time',
      'satisfaction',
      'schedule_change',
      'status_change',
      'survey_answer',
    ]);
    // 300 requests to the simulator: seconds on a loaded shared machine.
  }, 30_000);

  it('equals what the ticket-events mapping makes of the events export', async () => {
    const users = (await get(sim, '/api/v2/incremental/users/cursor.json?start_time=0')).body;
    const roles = new RoleCache();
    for (const user of ZendeskUserSchema.array().parse(users['users']))
      roles.set(user.id, user.role);
    const options = {
      timeFieldId: String(TIME_FIELD_ID),
      cesFieldId: String(CES_FIELD_ID),
      npsFieldId: String(NPS_FIELD_ID),
    };
    const byTicket = new Map<string, TicketEvent[]>();
    const seen = new Set<string>();
    const items = await pageEvents(sim, WINDOW_START / 1000, 250);
    const updates = items.map((raw) => ZendeskTicketUpdateSchema.parse(raw));
    updates.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0) || Number(a.id) - Number(b.id));
    for (const update of updates) {
      if (seen.has(update.id)) continue;
      seen.add(update.id);
      const mapped = mapTicketUpdate(update, roles, options);
      expect(mapped.quarantined).toEqual([]);
      byTicket.set(update.ticket_id, [...(byTicket.get(update.ticket_id) ?? []), ...mapped.events]);
    }
    for (let index = 0; index < sim.dataset.size; index += 1) {
      const truth = sim.dataset.truth(index);
      // An update alone does not name the requester; the connector joins it from the ticket.
      const events = (byTicket.get(String(index + 1)) ?? [])
        .sort((a, b) => a.at - b.at)
        .map((e) =>
          e.type === 'survey_answer'
            ? { ...e, response: { ...e.response, requesterId: truth.ticket.requesterId } }
            : e,
        );
      expect(events).toEqual(truth.events);
    }
  });
});
