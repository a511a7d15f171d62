import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ScheduleSchema,
  TicketEventSchema,
  TicketSchema,
  type Ticket,
  type TicketEvent,
} from '../../../src/domain/index.js';
import { ValidationError } from '../../../src/errors.js';
import {
  mapSatisfactionRating,
  mapSchedule,
  mapTicket,
  mapTicketHistory,
  userRolesFrom,
  type ZendeskMappingOptions,
} from '../../../src/connectors/zendesk/map.js';
import {
  ZendeskAuditSchema,
  ZendeskSatisfactionRatingSchema,
  ZendeskScheduleSchema,
  ZendeskTicketSchema,
  ZendeskUserSchema,
} from '../../../src/connectors/zendesk/schemas.js';

// Third-party fixtures are read in place, never copied into this repository (licences vary).
const REAL = new URL('../../../../shared/fixtures/real/', import.meta.url);
const OAS = 'zendesk-openapi/examples/';
const AIRBYTE = 'airbyte-source-zendesk-support/';

async function records(file: string, key: string): Promise<unknown[]> {
  const json = JSON.parse(await readFile(new URL(file, REAL), 'utf8')) as unknown;
  const envelope = z.record(z.string(), z.unknown()).parse(json);
  const value = envelope[key];
  return Array.isArray(value) ? (value as unknown[]) : [value];
}

describe('Zendesk payload schemas on real fixtures', () => {
  it.each([
    [`${AIRBYTE}tickets.json`, 'tickets', ZendeskTicketSchema],
    [`${OAS}TicketsResponseExample.json`, 'tickets', ZendeskTicketSchema],
    [`${OAS}TicketResponseExample.json`, 'ticket', ZendeskTicketSchema],
    [
      `${OAS}CursorBasedExportIncrementalTicketsResponseExample.json`,
      'tickets',
      ZendeskTicketSchema,
    ],
    [`${OAS}TimeBasedExportIncrementalTicketsResponseExample.json`, 'tickets', ZendeskTicketSchema],
    [`${OAS}TicketAuditsResponseExample.json`, 'audits', ZendeskAuditSchema],
    [`${OAS}TicketAuditsForTicketResponseExample.json`, 'audits', ZendeskAuditSchema],
    [`${AIRBYTE}ticket_audits.json`, 'audits', ZendeskAuditSchema],
    [`${AIRBYTE}users.json`, 'users', ZendeskUserSchema],
    [`${OAS}CursorBasedExportIncrementalUsersResponseExample.json`, 'users', ZendeskUserSchema],
    [`${AIRBYTE}schedules.json`, 'schedules', ZendeskScheduleSchema],
    [
      `${AIRBYTE}satisfaction_ratings.json`,
      'satisfaction_ratings',
      ZendeskSatisfactionRatingSchema,
    ],
    [
      `${OAS}SatisfactionRatingsResponseExample.json`,
      'satisfaction_ratings',
      ZendeskSatisfactionRatingSchema,
    ],
  ] as const)('%s parses with string ids', async (file, key, schema) => {
    const raw = await records(file, key);
    expect(raw.length).toBeGreaterThan(0);
    for (const record of raw) expect(typeof schema.parse(record).id).toBe('string');
  });

  it('rejects users without a role (the list example omits it) and names the path', async () => {
    const [user] = await records(`${OAS}UsersResponseExample.json`, 'users');
    const result = ZendeskUserSchema.safeParse(user);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path)).toEqual([['role']]);
  });

  it('rejects a ticket without created_at and reports the path', () => {
    const result = ZendeskTicketSchema.safeParse({
      id: 1,
      status: 'open',
      requester_id: 2,
      updated_at: '2024-03-04T09:00:00Z',
    });
    expect(result.error?.issues.map((i) => i.path)).toEqual([['created_at']]);
  });
});

describe('mapping snapshots', () => {
  it('maps the Airbyte export ticket', async () => {
    const [raw] = await records(`${AIRBYTE}tickets.json`, 'tickets');
    const t = mapTicket(ZendeskTicketSchema.parse(raw));
    expect(TicketSchema.parse(t)).toEqual<Ticket>({
      id: '35436',
      status: 'open',
      subject: 'Help, my printer is on fire!',
      channel: 'web',
      requesterId: '20978392',
      submitterId: '76872',
      organizationId: '509974',
      assigneeId: '235323',
      groupId: '98738',
      brandId: null,
      priority: 'high',
      tags: ['enterprise', 'other_tag'],
      customFields: { '27642': '745', '27648': 'yes' },
      createdAt: Date.parse('2009-07-20T22:55:29Z'),
      updatedAt: Date.parse('2011-05-05T10:38:52Z'),
      scheduleId: null,
      // The description's start, for recurring-problem grouping.
      firstMessage: 'The fire is very colorful.',
    });
  });

  it.each([
    ['on-hold', 'hold'],
    ['deleted', 'deleted'],
  ])('accepts status %s as %s; a missing via is channel "unknown"', (status, expected) => {
    const t = mapTicket(
      ZendeskTicketSchema.parse({
        id: 1,
        status,
        requester_id: 2,
        subject: null,
        tags: null,
        created_at: '2024-03-04T09:00:00Z',
        updated_at: '2024-03-04T09:00:00Z',
      }),
    );
    expect(t).toMatchObject({ status: expected, channel: 'unknown', subject: null, tags: [] });
  });

  it('keeps at most 1,000 characters of the description, and nothing for a blank one', () => {
    const base = {
      id: 1,
      status: 'open',
      requester_id: 2,
      created_at: '2024-03-04T09:00:00Z',
      updated_at: '2024-03-04T09:00:00Z',
    };
    const long = `  ${'é'.repeat(1200)}  `;
    expect(mapTicket(ZendeskTicketSchema.parse({ ...base, description: long })).firstMessage).toBe(
      'é'.repeat(1000),
    );
    expect(
      'firstMessage' in mapTicket(ZendeskTicketSchema.parse({ ...base, description: ' ' })),
    ).toBe(false);
  });

  it('keeps the ticket form id when the ticket has one, and adds nothing when not', () => {
    const base = {
      id: 1,
      status: 'open',
      requester_id: 2,
      created_at: '2024-03-04T09:00:00Z',
      updated_at: '2024-03-04T09:00:00Z',
    };
    expect(
      mapTicket(ZendeskTicketSchema.parse({ ...base, ticket_form_id: 360000010 })).formId,
    ).toBe('360000010');
    expect(
      'formId' in mapTicket(ZendeskTicketSchema.parse({ ...base, ticket_form_id: null })),
    ).toBe(false);
  });

  it('maps roles: agent and admin answer as agents', async () => {
    const users = [
      ...(await records(`${AIRBYTE}users.json`, 'users')),
      ...(await records(`${OAS}CursorBasedExportIncrementalUsersResponseExample.json`, 'users')),
      { id: 7, role: 'admin' },
    ].map((u) => ZendeskUserSchema.parse(u));
    expect([...userRolesFrom(users)]).toEqual([
      ['6128164851599', 'end_user'],
      ['35436', 'agent'],
      ['7', 'agent'],
    ]);
  });

  it('maps the Airbyte schedule: 1980..2460 is Monday 9–17 in New York', async () => {
    const [raw] = await records(`${AIRBYTE}schedules.json`, 'schedules');
    const schedule = mapSchedule(ZendeskScheduleSchema.parse(raw));
    expect(ScheduleSchema.parse(schedule)).toEqual({
      id: '12345',
      name: 'Default Schedule',
      timeZone: 'America/New_York',
      intervals: [{ startMinute: 1980, endMinute: 2460 }],
      holidays: [],
    });
  });

  it('maps holidays, and refuses Rails time-zone names and inverted intervals', () => {
    const base = {
      id: 1,
      name: 'S',
      time_zone: 'Europe/Berlin',
      intervals: [{ start_time: 1980, end_time: 2460 }],
    };
    const holidays = [{ name: 'Xmas', start_date: '2024-12-25', end_date: '2024-12-26' }];
    expect(mapSchedule(ZendeskScheduleSchema.parse({ ...base, holidays })).holidays).toEqual([
      { name: 'Xmas', startDate: '2024-12-25', endDate: '2024-12-26' },
    ]);
    const rails = ZendeskScheduleSchema.parse({ ...base, time_zone: 'Pacific Time (US & Canada)' });
    expect(() => mapSchedule(rails)).toThrow(/schedule 1 .*not IANA/);
    const inverted = ZendeskScheduleSchema.parse({
      ...base,
      intervals: [{ start_time: 2460, end_time: 1980 }],
    });
    expect(() => mapSchedule(inverted)).toThrow(ValidationError);
  });

  it.each([
    [
      `${AIRBYTE}satisfaction_ratings.json`,
      {
        id: 'csat:35436',
        ticketId: '35436',
        at: Date.parse('2011-05-05T10:38:52Z'),
        actorId: '20978392',
        assigneeId: '235323',
      },
    ],
    [
      `${OAS}SatisfactionRatingsResponseExample.json`,
      {
        id: 'csat:35436',
        ticketId: '208',
        at: Date.parse('2011-07-20T22:55:29Z'),
        actorId: '7881',
        assigneeId: '135',
      },
    ],
  ])('maps the satisfaction rating in %s, dated by updated_at', async (file, expected) => {
    const [raw] = await records(file, 'satisfaction_ratings');
    const event = mapSatisfactionRating(ZendeskSatisfactionRatingSchema.parse(raw));
    expect(TicketEventSchema.parse(event)).toEqual({
      ...expected,
      type: 'satisfaction',
      score: 'good',
    });
  });
});

describe('mapping real audits', () => {
  const NO_FIELDS: ZendeskMappingOptions = { timeFieldId: null, cesFieldId: null };

  it('maps the Airbyte audit onto the Airbyte ticket and reconciles to its status', async () => {
    const [rawTicket] = await records(`${AIRBYTE}tickets.json`, 'tickets');
    const [rawAudit] = await records(`${AIRBYTE}ticket_audits.json`, 'audits');
    const t = mapTicket(ZendeskTicketSchema.parse(rawTicket));
    const roles = userRolesFrom([ZendeskUserSchema.parse({ id: 235323, role: 'agent' })]);
    const { events, warnings } = mapTicketHistory(
      t,
      [ZendeskAuditSchema.parse(rawAudit)],
      roles,
      NO_FIELDS,
    );
    for (const event of events) TicketEventSchema.parse(event);
    const base = { ticketId: '35436', at: t.createdAt };
    expect(events).toEqual<TicketEvent[]>([
      {
        ...base,
        id: '35436:initial',
        actorId: '76872',
        type: 'status_change',
        from: null,
        to: 'new',
      },
      {
        ...base,
        id: '35436:1',
        actorId: '235323',
        type: 'comment',
        public: true,
        authorId: '235323',
        authorKind: 'agent',
        channel: 'web',
        // The audit is at the ticket's created_at, so it is the creating audit.
        isCreating: true,
      },
      {
        ...base,
        id: '35436:snapshot',
        at: t.updatedAt,
        actorId: null,
        type: 'status_change',
        from: 'new',
        to: 'open',
      },
    ]);
    expect(warnings).toEqual([
      expect.stringMatching(/ticket 35436: audits end in status new but the ticket is open/),
    ]);
  });

  it.each([
    ['TicketAuditsResponseExample', '123', { public: true, authorKind: 'agent' }, []],
    [
      'TicketAuditsForTicketResponseExample',
      '666',
      { public: false, authorKind: 'end_user' },
      [/1 comment\(s\) on ticket 666/],
    ],
  ] as const)(
    'maps %s: the comment precedes the status change; custom_status_id is no status',
    async (file, id, commentFields, warnings) => {
      const [rawAudit] = await records(`${OAS}${file}.json`, 'audits');
      const users = await records(
        `${OAS}CursorBasedExportIncrementalUsersResponseExample.json`,
        'users',
      );
      const t = mapTicket(
        ZendeskTicketSchema.parse({
          id,
          status: 'open',
          requester_id: 1,
          created_at: '2011-09-25T22:00:00Z',
          updated_at: '2011-09-25T22:35:44Z',
        }),
      );
      const mapped = mapTicketHistory(
        t,
        [ZendeskAuditSchema.parse(rawAudit)],
        userRolesFrom(users.map((u) => ZendeskUserSchema.parse(u))),
        NO_FIELDS,
      );
      for (const event of mapped.events) TicketEventSchema.parse(event);
      expect(mapped.events).toMatchObject([
        { type: 'status_change', from: null, to: 'new' },
        { type: 'comment', isCreating: false, channel: 'web', ...commentFields },
        { type: 'field_change', field: 'custom_status_id', from: 1, to: 123 },
        { type: 'status_change', from: 'new', to: 'open' },
      ]);
      expect(mapped.warnings).toEqual(warnings.map((w) => expect.stringMatching(w) as unknown));
    },
  );
});
