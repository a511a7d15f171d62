import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { HelpdeskConnector } from '../../../src/connectors/connector.js';
import { createZendeskConnector } from '../../../src/connectors/zendesk/connector.js';
import { HelpdeskUserSchema } from '../../../src/domain/index.js';
import { BASE, NOW, drain, fixture, testClient, useNock } from './support.js';

useNock();

type Json = Record<string, unknown>;
const START = Date.parse('2010-01-01T00:00:00Z');
const START_S = START / 1000;
const MAPPING = { timeFieldId: null, cesFieldId: null };

function connector(warnings: string[] = []): HelpdeskConnector {
  return createZendeskConnector({
    client: testClient().client,
    mapping: MAPPING,
    now: () => NOW,
    onWarning: (message) => warnings.push(message),
  });
}

describe('zendesk userPages', () => {
  it('pages the users export by cursor and fills the role cache used by events', async () => {
    const USERS = '/api/v2/incremental/users/cursor.json';
    const openapi = fixture(
      'zendesk-openapi/examples/CursorBasedExportIncrementalUsersResponseExample.json',
    );
    nock(BASE)
      .get(USERS)
      .query({ start_time: String(START_S) })
      .reply(200, { ...openapi, after_cursor: 'users-2', end_of_stream: false })
      .get(USERS)
      .query({ cursor: 'users-2' })
      .reply(200, fixture('airbyte-source-zendesk-support/users.json'))
      // The agent is already known from the users export: no show_many call.
      .get('/api/v2/incremental/ticket_events.json')
      .query({ start_time: String(START_S), include: 'comment_events' })
      .reply(200, {
        ticket_events: [
          {
            id: 1,
            ticket_id: 2,
            timestamp: START_S,
            updater_id: 35436,
            child_events: [{ id: 3, event_type: 'Comment', author_id: 35436, public: true }],
          },
        ],
        end_time: START_S + 10,
        end_of_stream: true,
      });
    const zendesk = connector();
    const pages = await drain(zendesk.userPages({ checkpoint: null, startTime: START }));
    const users = pages.flatMap((p) => p.items);
    for (const user of users) HelpdeskUserSchema.parse(user);
    expect(users).toEqual([
      {
        id: '35436',
        name: 'Johnny Agent',
        kind: 'agent',
        organizationId: '57542',
        updatedAt: Date.parse('2011-05-05T10:38:52Z'),
      },
      {
        id: '6128164851599',
        name: 'AmberBlanchard',
        kind: 'end_user',
        organizationId: null,
        updatedAt: Date.parse('2023-02-01T07:41:46Z'),
      },
    ]);
    // The last page has a null after_cursor: the previous cursor stays the resume point.
    expect(pages.map((p) => p.checkpoint)).toEqual([
      JSON.stringify({ cursor: 'users-2' }),
      JSON.stringify({ cursor: 'users-2' }),
    ]);
    const [events] = await drain(zendesk.eventPages({ checkpoint: null, startTime: START }));
    expect(events?.items).toMatchObject([{ type: 'comment', authorKind: 'agent' }]);
    expect(nock.isDone()).toBe(true);
  });
});

describe('zendesk organizationPages', () => {
  it('pages the time-based export with start_time = end_time', async () => {
    const ORGS = '/api/v2/incremental/organizations.json';
    const example = fixture(
      'zendesk-openapi/examples/ExportIncrementalOrganizationsResponseExample.json',
    );
    nock(BASE)
      .get(ORGS)
      .query({ start_time: String(START_S) })
      .reply(200, { ...example, end_time: 1500000000, end_of_stream: false })
      .get(ORGS)
      .query({ start_time: '1500000000' })
      .reply(200, { ...example, organizations: [{ id: 7, name: 'No date' }] });
    const pages = await drain(
      connector().organizationPages({ checkpoint: null, startTime: START }),
    );
    expect(pages[0]?.items).toEqual([
      {
        id: '4112492',
        name: 'Groablet Enterprises',
        updatedAt: Date.parse('2018-11-14T00:54:22Z'),
        createdAt: Date.parse('2018-11-14T00:14:52Z'),
        // Customer health's value and churn settings read these.
        tags: ['smiley', 'teapot_kettle'],
        fields: {
          datepudding: '2018-11-04T00:00:00+00:00',
          org_field_1: 'happy happy',
          org_field_2: 'teapot_kettle',
        },
      },
    ]);
    expect(pages[1]?.quarantined.map((q) => [q.stream, q.sourceId])).toEqual([
      ['organizations', '7'],
    ]);
    expect(pages.map((p) => [p.checkpoint, p.endOfStream])).toEqual([
      [JSON.stringify({ startTime: 1500000000 }), false],
      [JSON.stringify({ startTime: 1601357503 }), true],
    ]);
    expect(nock.isDone()).toBe(true);
  });
});

describe('zendesk satisfactionPages', () => {
  it('follows links.next and maps ratings to satisfaction events', async () => {
    const RATINGS = '/api/v2/satisfaction_ratings.json';
    const next = `${BASE}${RATINGS}?page%5Bafter%5D=s2&page%5Bsize%5D=100&start_time=${START_S}`;
    nock(BASE)
      .get(RATINGS)
      .query({ start_time: String(START_S), 'page[size]': '100' })
      .reply(200, {
        ...fixture('zendesk-openapi/examples/SatisfactionRatingsResponseExample.json'),
        meta: { has_more: true, after_cursor: 's2' },
        links: { next },
      })
      .get(RATINGS)
      .query({ 'page[after]': 's2', 'page[size]': '100', start_time: String(START_S) })
      .reply(200, fixture('airbyte-source-zendesk-support/satisfaction_ratings.json'));
    const pages = await drain(
      connector().satisfactionPages({ checkpoint: null, startTime: START }),
    );
    expect(pages.flatMap((p) => p.items.map((e) => [e.id, e.ticketId, e.at]))).toEqual([
      ['csat:35436', '208', Date.parse('2011-07-20T22:55:29Z')],
      ['csat:120447', '209', Date.parse('2012-02-02T10:32:59Z')],
      ['csat:35436', '35436', Date.parse('2011-05-05T10:38:52Z')],
    ]);
    expect(pages[0]?.items[0]).toMatchObject({
      type: 'satisfaction',
      score: 'good',
      assigneeId: '135',
      actorId: '7881',
    });
    expect(pages.map((p) => [p.checkpoint, p.endOfStream])).toEqual([
      [JSON.stringify({ startTime: START_S, cursor: 's2' }), false],
      [JSON.stringify({ startTime: Date.parse('2012-02-02T10:32:59Z') / 1000 }), true],
    ]);
    expect(nock.isDone()).toBe(true);
  });
});

describe('zendesk timeEntryPages', () => {
  it('yields nothing: Zendesk time arrives as handle_time events', async () => {
    expect(await drain(connector().timeEntryPages({ checkpoint: null, startTime: START }))).toEqual(
      [],
    );
  });
});

describe('zendesk schedules', () => {
  it('merges holidays and translates Rails zone names, skipping unknown ones loudly', async () => {
    const airbyte = fixture<{ schedules: Json[] }>('airbyte-source-zendesk-support/schedules.json');
    const [iana] = airbyte.schedules;
    const rails = { ...iana, id: 2, name: 'East', time_zone: 'Eastern Time (US & Canada)' };
    const unknown = { ...iana, id: 3, name: 'Mars', time_zone: 'Olympus Mons Time' };
    nock(BASE)
      .get('/api/v2/business_hours/schedules.json')
      .reply(200, { ...airbyte, schedules: [iana, rails, unknown] })
      .get('/api/v2/business_hours/schedules/12345/holidays.json')
      .reply(200, {
        holidays: [{ id: 1, name: 'New Year', start_date: '2024-01-01', end_date: '2024-01-01' }],
      })
      .get('/api/v2/business_hours/schedules/2/holidays.json')
      .reply(200, {
        holidays: [
          { id: 2, name: 'Thanksgiving', start_date: '2024-11-28', end_date: '2024-11-29' },
          { id: 3, name: 'Broken', start_date: 'soon' },
        ],
      });
    const warnings: string[] = [];
    const result = await connector(warnings).schedules();
    expect(result).toEqual([
      {
        id: '12345',
        name: 'Default Schedule',
        timeZone: 'America/New_York',
        intervals: [{ startMinute: 1980, endMinute: 2460 }],
        holidays: [{ name: 'New Year', startDate: '2024-01-01', endDate: '2024-01-01' }],
      },
      {
        id: '2',
        name: 'East',
        timeZone: 'America/New_York',
        intervals: [{ startMinute: 1980, endMinute: 2460 }],
        holidays: [{ name: 'Thanksgiving', startDate: '2024-11-28', endDate: '2024-11-29' }],
      },
    ]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('holiday skipped');
    expect(warnings[1]).toContain('schedule 3 skipped');
    expect(warnings[1]).toContain('Olympus Mons Time');
    expect(nock.isDone()).toBe(true);
  });
});
