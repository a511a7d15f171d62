import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { HelpdeskConnector } from '../../../src/connectors/connector.js';
import { createZendeskConnector } from '../../../src/connectors/zendesk/connector.js';
import { TicketEventSchema, type TicketEvent } from '../../../src/domain/index.js';
import { BASE, NOW, drain, fixture, testClient, useNock } from './support.js';

useNock();

const PATH = '/api/v2/incremental/ticket_events.json';
const SHOW_MANY = '/api/v2/users/show_many.json';
const START = Date.parse('2024-03-01T00:00:00Z');
const START_S = START / 1000;
const T0 = Date.parse('2024-03-04T09:00:00Z');
const TIME_FIELD = '360001';
const CES_FIELD = '360002';
const MAPPING = { timeFieldId: TIME_FIELD, cesFieldId: CES_FIELD };

type Json = Record<string, unknown>;
const iso = (minute: number): string => new Date(T0 + minute * 60_000).toISOString();

function update(id: number, minute: number, updater: number, children: Json[]): Json {
  return {
    id,
    ticket_id: 1001,
    timestamp: (T0 + minute * 60_000) / 1000,
    created_at: iso(minute),
    updater_id: updater,
    via: 'web',
    event_type: 'Audit',
    child_events: children,
  };
}

function connector(): HelpdeskConnector {
  return createZendeskConnector({ client: testClient().client, mapping: MAPPING, now: () => NOW });
}

/** One line per event, so expected streams read like a timeline. */
function brief(e: TicketEvent): string {
  switch (e.type) {
    case 'status_change':
      return `${e.id} status ${e.from ?? '-'}>${e.to}`;
    case 'comment':
      return `${e.id} comment ${e.authorId ?? '-'} ${e.authorKind}${e.isCreating ? ' creating' : ''}`;
    case 'field_change':
      return `${e.id} field ${e.field} ${JSON.stringify(e.from)}>${JSON.stringify(e.to)}`;
    case 'handle_time':
      return `${e.id} time ${e.agentId ?? '-'} ${e.seconds}`;
    case 'survey_answer':
      return `${e.id} ces ${e.response.value} ${e.response.id}`;
    case 'satisfaction':
      return `${e.id} csat ${e.score} ${e.assigneeId ?? '-'}`;
    default:
      return `${e.id} ${e.type}`;
  }
}

describe('zendesk eventPages', () => {
  it('maps updates page by page, resolving comment authors through show_many', async () => {
    const created = update(100, 0, 900, [
      { id: 1, event_type: 'Create', priority: 'normal' },
      { id: 2, event_type: 'Comment', author_id: 900, public: true, body: 'help' },
      { id: 3, event_type: 'Create', status: 'new' },
      { id: 4, event_type: 'Notification', subject: 'ignored' },
    ]);
    const replied = update(200, 30, 501, [
      { id: 1, event_type: 'Change', status: 'solved', previous_value: 'open' },
      { id: 2, event_type: 'Comment', author_id: 501, public: true, body: 'fixed' },
      {
        id: 3,
        event_type: 'Change',
        [`custom_fields_${TIME_FIELD}`]: '300',
        previous_value: '120',
      },
    ]);
    const reopened = update(300, 60, 900, [
      {
        id: 1,
        event_type: 'Change',
        field_name: 'status',
        value: 'open',
        previous_value: 'solved',
      },
      { id: 2, event_type: 'Change', field_name: CES_FIELD, value: '6', previous_value: null },
      { id: 3, event_type: 'Change', status: 'bogus', previous_value: 'open' },
    ]);
    const system = update(400, 90, -1, [
      { id: 1, event_type: 'Comment', author_id: -1, public: false, body: 'auto' },
      { id: 2, event_type: 'SatisfactionRating', score: 'good', assignee_id: 501 },
      { id: 3, event_type: 'Change', [`custom_fields_${CES_FIELD}`]: 'n/a', previous_value: '6' },
    ]);
    const later = update(500, 120, 502, [
      { id: 1, event_type: 'Comment', author_id: 502, public: true },
      { id: 2, event_type: 'Comment', author_id: 777, public: true },
      { id: 3, event_type: 'Change', assignee_id: 502, previous_value: 501 },
    ]);
    const noTicket = { ...update(600, 130, 502, []), ticket_id: undefined };
    nock(BASE)
      .get(PATH)
      .query({ start_time: String(START_S), include: 'comment_events' })
      .reply(200, {
        ticket_events: [created, replied, reopened, system],
        next_page: `${BASE}${PATH}?start_time=1709540000`,
        count: 4,
        end_time: 1709540000,
        end_of_stream: false,
      })
      .get(SHOW_MANY)
      .query({ ids: '900,501' })
      .reply(200, {
        users: [
          { id: 900, role: 'end-user' },
          { id: 501, role: 'agent' },
        ],
      })
      .get(PATH)
      .query({ start_time: '1709540000', include: 'comment_events' })
      .reply(200, {
        ticket_events: [reopened, later, noTicket],
        next_page: null,
        count: 3,
        end_time: 1709550000,
        end_of_stream: true,
      })
      .get(SHOW_MANY)
      .query({ ids: '502,777' })
      .reply(200, { users: [{ id: 502, role: 'admin', name: 'Ann' }] });
    const pages = await drain(connector().eventPages({ checkpoint: null, startTime: START }));

    expect(pages.map((p) => [p.checkpoint, p.endOfStream])).toEqual([
      [JSON.stringify({ startTime: 1709540000 }), false],
      [JSON.stringify({ startTime: 1709550000 }), true],
    ]);
    for (const e of pages.flatMap((p) => p.items)) TicketEventSchema.parse(e);
    expect(pages[0]?.items.map(brief)).toEqual([
      '100:3 status ->new',
      '100:1 field priority null>"normal"',
      '100:2 comment 900 end_user creating',
      '200:2 comment 501 agent',
      '200:3 time 501 180',
      '200:1 status open>solved',
      `300:2 ces 6 ces:1001:300:2`,
      '300:1 status solved>open',
      '400:1 comment -1 system',
      '400:2 csat good 501',
    ]);
    expect(pages[0]?.items.find((e) => e.id === '200:3')).toMatchObject({
      at: T0 + 30 * 60_000,
      actorId: '501',
      source: 'time_tracking_field',
    });
    expect(pages[0]?.quarantined).toEqual([
      {
        stream: 'ticket_events',
        sourceId: '300:3',
        reason: expect.stringContaining('bogus') as string,
        raw: { id: 3, event_type: 'Change', status: 'bogus', previous_value: 'open' },
      },
    ]);
    // Update 300 repeats on page 2 and is not mapped twice.
    expect(pages[1]?.items.map(brief)).toEqual([
      '500:1 comment 502 agent',
      '500:2 comment 777 end_user',
      '500:3 assignee_change',
    ]);
    expect(pages[1]?.quarantined.map((q) => [q.stream, q.sourceId])).toEqual([
      ['ticket_events', '600'],
    ]);
    expect(nock.isDone()).toBe(true);
  });

  it('maps the recorded Airbyte templates (string via, sparse comments)', async () => {
    const events = fixture('airbyte-source-zendesk-support/ticket_events.json');
    const comments = fixture<{ ticket_events: Json[] }>(
      'airbyte-source-zendesk-support/ticket_comments.json',
    );
    nock(BASE)
      .get(PATH)
      .query({ start_time: String(START_S), include: 'comment_events' })
      .reply(200, {
        ...events,
        ticket_events: [...(events['ticket_events'] as Json[]), ...comments.ticket_events],
        end_of_stream: true,
      })
      .get(SHOW_MANY)
      .query({ ids: '35436,235323' })
      .reply(
        200,
        fixture('zendesk-openapi/examples/CursorBasedExportIncrementalUsersResponseExample.json'),
      );
    const [page] = await drain(connector().eventPages({ checkpoint: null, startTime: START }));
    expect(page?.items).toEqual([
      {
        id: '926256957613:926256957614',
        ticketId: '123',
        at: Date.parse('2024-07-01T00:00:00Z'),
        actorId: '35436',
        type: 'comment',
        public: true,
        authorId: '35436',
        authorKind: 'agent',
        channel: 'web',
        isCreating: false,
      },
      {
        id: '35436:1',
        ticketId: '35436',
        at: Date.parse('2009-07-20T22:55:29Z'),
        actorId: null,
        type: 'comment',
        public: true,
        authorId: '235323',
        authorKind: 'end_user',
        channel: null,
        isCreating: false,
      },
    ]);
    expect(page?.checkpoint).toBe(JSON.stringify({ startTime: 1719792000 }));
    expect(nock.isDone()).toBe(true);
  });

  it('stops when end_time does not move on, rather than asking forever', async () => {
    nock(BASE)
      .get(PATH)
      .query({ start_time: String(START_S), include: 'comment_events' })
      .reply(200, { ticket_events: [], end_time: START_S, end_of_stream: false });
    const pages = await drain(connector().eventPages({ checkpoint: null, startTime: START }));
    expect(pages.map((p) => [p.checkpoint, p.endOfStream])).toEqual([
      [JSON.stringify({ startTime: START_S }), false],
    ]);
    expect(nock.isDone()).toBe(true);
  });

  it('resumes at the checkpoint start time', async () => {
    nock(BASE)
      .get(PATH)
      .query({ start_time: '1709540000', include: 'comment_events' })
      .reply(200, { ticket_events: [], end_time: 1709540000, end_of_stream: true });
    const pages = await drain(
      connector().eventPages({
        checkpoint: JSON.stringify({ startTime: 1709540000 }),
        startTime: START,
      }),
    );
    expect(pages.map((p) => p.items)).toEqual([[]]);
    expect(nock.isDone()).toBe(true);
  });
});
