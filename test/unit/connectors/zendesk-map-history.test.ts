import { describe, expect, it } from 'vitest';
import {
  SurveyResponseSchema,
  TicketEventSchema,
  type Ticket,
  type TicketEvent,
} from '../../../src/domain/index.js';
import { ValidationError } from '../../../src/errors.js';
import {
  mapTicket,
  mapTicketHistory,
  userRolesFrom,
  type MappedHistory,
  type ZendeskMappingOptions,
} from '../../../src/connectors/zendesk/map.js';
import {
  ZendeskAuditSchema,
  ZendeskTicketSchema,
  ZendeskUserSchema,
  type ZendeskAudit,
} from '../../../src/connectors/zendesk/schemas.js';

const AGENT_A = 501;
const AGENT_B = 502;
const END_USER = 900;
const TIME_FIELD = 360001;
const CES_FIELD = 360002;
const NPS_FIELD = 360004;
const OPTIONS: ZendeskMappingOptions = {
  timeFieldId: String(TIME_FIELD),
  cesFieldId: String(CES_FIELD),
  npsFieldId: String(NPS_FIELD),
};
const ROLES = userRolesFrom(
  [
    { id: AGENT_A, role: 'agent' },
    { id: AGENT_B, role: 'admin' },
    { id: END_USER, role: 'end-user' },
  ].map((u) => ZendeskUserSchema.parse(u)),
);

const T0 = Date.parse('2024-03-04T09:00:00Z');
const iso = (minute: number): string => new Date(T0 + minute * 60_000).toISOString();

function ticket(overrides: Record<string, unknown> = {}): Ticket {
  return mapTicket(
    ZendeskTicketSchema.parse({
      id: 1001,
      status: 'solved',
      requester_id: END_USER,
      submitter_id: END_USER,
      created_at: iso(0),
      updated_at: iso(60),
      via: { channel: 'web' },
      ...overrides,
    }),
  );
}

type RawEvent = Record<string, unknown>;
const create = (field: string | number, value: unknown): RawEvent => ({
  type: 'Create',
  field_name: field,
  value,
});
const change = (field: string | number, from: unknown, to: unknown): RawEvent => ({
  type: 'Change',
  field_name: field,
  previous_value: from,
  value: to,
});
const comment = (author: number, isPublic = true): RawEvent => ({
  type: 'Comment',
  author_id: author,
  public: isPublic,
  body: 'hi',
});

/** Event ids default to audit id × 100 + position, so every id in a test is unique. */
function audit(
  id: number,
  minute: number,
  author: number,
  events: RawEvent[],
  ticketId: number | string = 1001,
): ZendeskAudit {
  return ZendeskAuditSchema.parse({
    id,
    ticket_id: ticketId,
    created_at: iso(minute),
    author_id: author,
    via: { channel: 'web' },
    events: events.map((e, i) => ({ id: id * 100 + i, ...e })),
  });
}

/** Maps and checks every output against the domain schemas. */
function history(t: Ticket, audits: ZendeskAudit[], options = OPTIONS): MappedHistory {
  const mapped = mapTicketHistory(t, audits, ROLES, options);
  for (const event of mapped.events) TicketEventSchema.parse(event);
  for (const survey of mapped.surveys) SurveyResponseSchema.parse(survey);
  return mapped;
}

/** One line per event, so expected histories read like a timeline. */
function brief(e: TicketEvent): string {
  switch (e.type) {
    case 'status_change':
      return `status ${e.from ?? '-'}>${e.to}`;
    case 'comment':
      return `comment ${e.authorId ?? '-'} ${e.authorKind}${e.public ? '' : ' private'}${e.isCreating ? ' creating' : ''}`;
    case 'assignee_change':
    case 'group_change':
      return `${e.type} ${e.from ?? '-'}>${e.to ?? '-'}`;
    case 'field_change':
      return `field ${e.field}`;
    case 'handle_time':
      return `time ${e.agentId ?? '-'} ${e.seconds}`;
    case 'survey_answer':
      return `ces ${e.response.value}`;
    default:
      return e.type;
  }
}
const briefs = (m: MappedHistory): string[] => m.events.map(brief);

describe('mapTicketHistory', () => {
  it('maps an end-user ticket new -> open -> pending -> solved with the agent reply before pending', () => {
    const audits = [
      audit(4, 60, AGENT_A, [change('status', 'pending', 'solved')]),
      // The agent replies and sets pending in one update; Zendesk lists the status change first.
      audit(3, 10, AGENT_A, [change('status', 'open', 'pending'), comment(AGENT_A)]),
      audit(1, 0, END_USER, [
        create('status', 'new'),
        create('subject', 'Help'),
        comment(END_USER),
        { type: 'Notification' },
      ]),
      audit(2, 1, AGENT_A, [
        change('assignee_id', null, AGENT_A),
        change('group_id', null, '77'),
        change('status', 'new', 'open'),
      ]),
      audit(2, 1, AGENT_A, []), // an overlapping page repeats an audit; it must not count twice
    ];
    const mapped = history(ticket(), audits);
    expect(briefs(mapped)).toEqual([
      'status ->new',
      'field subject',
      'comment 900 end_user creating',
      'assignee_change ->501',
      'group_change ->77',
      'status new>open',
      'comment 501 agent',
      'status open>pending',
      'status pending>solved',
    ]);
    expect(mapped.events[6]).toEqual({
      id: '3:301',
      ticketId: '1001',
      at: T0 + 10 * 60_000,
      actorId: '501',
      type: 'comment',
      public: true,
      authorId: '501',
      authorKind: 'agent',
      channel: 'web',
      isCreating: false,
    });
    expect(mapped.warnings).toEqual([]);
  });

  it('marks the first comment of an agent-created ticket as creating, and only that one', () => {
    const audits = [
      audit(1, 0, AGENT_A, [create('status', 'open'), comment(AGENT_A)]),
      audit(2, 5, AGENT_B, [comment(AGENT_B, false)]),
    ];
    expect(briefs(history(ticket({ status: 'open', submitter_id: AGENT_A }), audits))).toEqual([
      'status ->open',
      'comment 501 agent creating',
      'comment 502 agent private',
    ]);
  });

  it('starts at "new" when the creating audit is missing, and nothing is creating then', () => {
    const mapped = history(ticket({ status: 'open' }), [
      audit(2, 3, END_USER, [comment(END_USER), change('status', 'new', 'open')]),
    ]);
    expect(mapped.events[0]).toEqual({
      id: '1001:initial',
      ticketId: '1001',
      at: T0,
      actorId: '900',
      type: 'status_change',
      from: null,
      to: 'new',
    });
    expect(briefs(mapped)).toEqual(['status ->new', 'comment 900 end_user', 'status new>open']);
  });

  it('derives handle time from the total field: 300 -> 1020 -> 1200 by A, B, A', () => {
    const audits = [
      audit(1, 0, AGENT_A, [
        create('status', 'new'),
        create(TIME_FIELD, '300'),
        create(360009, '300'),
      ]),
      audit(2, 5, AGENT_B, [change(TIME_FIELD, '300', '1020'), change(360009, '300', '720')]),
      audit(3, 9, AGENT_A, [change(TIME_FIELD, '1020', '1200'), change(360009, '720', '180')]),
      audit(4, 12, AGENT_A, [change(TIME_FIELD, '1200', '1200')]), // an unchanged total adds nothing
    ];
    const times = history(ticket({ status: 'new' }), audits).events.filter(
      (e) => e.type === 'handle_time',
    );
    expect(times.map((e) => [e.agentId, e.seconds, e.source])).toEqual([
      ['501', 300, 'time_tracking_field'],
      ['502', 720, 'time_tracking_field'],
      ['501', 180, 'time_tracking_field'],
    ]);
  });

  it('turns a CES field change to "6" into a survey response and a survey_answer event', () => {
    const mapped = history(ticket(), [
      audit(1, 0, END_USER, [create('status', 'solved')]),
      audit(7, 30, -1, [change(CES_FIELD, null, '6')]),
    ]);
    const response = {
      id: 'ces:1001:7:700',
      ticketId: '1001',
      requesterId: '900',
      kind: 'ces',
      surveyId: 'zendesk_ticket_field',
      questionId: '360002',
      scaleMin: 1,
      scaleMax: 7,
      direction: 'higher_is_better',
      value: 6,
      respondedAt: T0 + 30 * 60_000,
    };
    expect(mapped.surveys).toEqual([response]);
    expect(mapped.events.at(-1)).toEqual({
      id: '7:700',
      ticketId: '1001',
      at: T0 + 30 * 60_000,
      actorId: '-1',
      type: 'survey_answer',
      response,
    });
  });

  it.each(['banana', '9', '6.5'])(
    'skips CES value %s with a warning naming ticket, audit and value',
    (value) => {
      const mapped = history(ticket(), [
        audit(1, 0, END_USER, [create('status', 'solved'), create(CES_FIELD, value)]),
      ]);
      expect(mapped.surveys).toEqual([]);
      expect(mapped.warnings).toEqual([
        `ticket 1001: CES value "${value}" in audit 1 event 101 is not an integer 1–7; skipped`,
      ]);
    },
  );

  it('turns the NPS field (a survey tool writes 0–10) into a 0–10 NPS answer, CES beside it', () => {
    const mapped = history(ticket(), [
      audit(1, 0, END_USER, [create('status', 'solved')]),
      audit(7, 30, END_USER, [change(CES_FIELD, null, '6'), change(NPS_FIELD, null, '0')]),
    ]);
    expect(mapped.surveys.map((s) => [s.id, s.kind, s.value, s.scaleMin, s.scaleMax])).toEqual([
      ['ces:1001:7:700', 'ces', 6, 1, 7],
      ['nps:1001:7:701', 'nps', 0, 0, 10],
    ]);
    expect(mapped.warnings).toEqual([]);
  });

  it.each(['11', '-1', '9.5'])('skips NPS value %s with a warning', (value) => {
    const mapped = history(ticket(), [
      audit(1, 0, END_USER, [create('status', 'solved'), create(NPS_FIELD, value)]),
    ]);
    expect(mapped.surveys).toEqual([]);
    expect(mapped.warnings).toEqual([
      `ticket 1001: NPS value "${value}" in audit 1 event 101 is not an integer 0–10; skipped`,
    ]);
  });

  it.each([
    [
      'a status that is no status',
      change('status', 'open', 'banana'),
      /audit 9 event 900 .*value: expected a ticket status, got "banana"/,
    ],
    [
      'a comment with a non-boolean public flag',
      { ...comment(AGENT_A), public: 'yes' },
      /audit 9 event 900 .*public/,
    ],
    [
      'a field event without field_name',
      { type: 'Change', value: 'x' },
      /audit 9 event 900 .*field_name/,
    ],
    [
      'a non-numeric time total',
      change(TIME_FIELD, '0', 'ten'),
      /audit 9 event 900 .*time-tracking total/,
    ],
  ])('throws ValidationError for %s, naming audit and event', (_name, event, message) => {
    const act = (): MappedHistory => history(ticket(), [audit(9, 0, AGENT_A, [event])]);
    expect(act).toThrow(ValidationError);
    expect(act).toThrow(message);
  });

  it('ignores event types it does not know', () => {
    const unknown = ['Notification', 'Cc', 'MacroReference', 'SurveyOffered', 'SomethingNew'].map(
      (type) => ({ type, whatever: {} }),
    );
    const mapped = history(ticket({ status: 'new' }), [
      audit(1, 0, END_USER, [create('status', 'new'), ...unknown]),
    ]);
    expect(briefs(mapped)).toEqual(['status ->new']);
  });

  it('reconciles to the ticket status when the audits stop short, at the later of updatedAt and the last event', () => {
    const audits = [
      audit(1, 0, END_USER, [create('status', 'new')]),
      audit(2, 90, AGENT_A, [change('status', 'new', 'pending')]),
    ];
    const mapped = history(ticket({ status: 'solved', updated_at: iso(60) }), audits);
    expect(mapped.events.at(-1)).toEqual({
      id: '1001:snapshot',
      ticketId: '1001',
      at: T0 + 90 * 60_000,
      actorId: null,
      type: 'status_change',
      from: 'pending',
      to: 'solved',
    });
    expect(mapped.warnings).toEqual([
      'ticket 1001: audits end in status pending but the ticket is solved; appended a snapshot status change',
    ]);
  });

  it('falls back to the ticket fields for CES and time when the audits never show them', () => {
    const t = ticket({
      custom_fields: [
        { id: CES_FIELD, value: '5' },
        { id: TIME_FIELD, value: '900' },
      ],
    });
    const mapped = history(t, [audit(1, 0, END_USER, [create('status', 'solved')])]);
    expect(mapped.surveys.map((s) => [s.id, s.value, s.respondedAt])).toEqual([
      ['ces:1001:snapshot', 5, t.updatedAt],
    ]);
    expect(briefs(mapped)).toEqual(['status ->solved', 'ces 5', 'time - 900']);
    expect(mapped.events.filter((e) => e.at === t.updatedAt).map((e) => e.id)).toEqual([
      '1001:ces-snapshot',
      '1001:time-snapshot',
    ]);
  });

  it('falls back to the ticket field for NPS too, even when CES was seen in the audits', () => {
    const t = ticket({ custom_fields: [{ id: NPS_FIELD, value: '9' }] });
    const mapped = history(t, [
      audit(1, 0, END_USER, [create('status', 'solved'), create(CES_FIELD, '4')]),
    ]);
    expect(mapped.surveys.map((s) => [s.id, s.kind, s.value])).toEqual([
      ['ces:1001:1:101', 'ces', 4],
      ['nps:1001:snapshot', 'nps', 9],
    ]);
  });

  it('counts comments by users missing from users.json in one warning; the system user is not missing', () => {
    const audits = [
      audit(1, 0, 4242, [create('status', 'new'), comment(4242), comment(4243)]),
      audit(2, 1, -1, [comment(-1)]),
    ];
    const mapped = history(ticket({ status: 'new' }), audits);
    expect(briefs(mapped).filter((b) => b.startsWith('comment'))).toEqual([
      'comment 4242 end_user creating',
      'comment 4243 end_user',
      'comment -1 system',
    ]);
    expect(mapped.warnings).toEqual([
      '2 comment(s) on ticket 1001 by users missing from users.json were treated as end-user',
    ]);
  });

  it('maps legacy on-hold, satisfaction events and keeps ids above 2^53 as strings', () => {
    const big = '9007199254740993'; // 2^53 + 1: a JSON number would read back as ...992
    const audits = [
      audit(1, 0, END_USER, [create('status', 'new')], big),
      audit(
        2,
        5,
        AGENT_A,
        [
          change('status', 'new', 'on-hold'),
          { type: 'SatisfactionRating', score: 'bad', assignee_id: '18014398509481985' },
        ],
        big,
      ),
    ];
    const mapped = history(ticket({ id: big, status: 'hold' }), audits);
    expect(briefs(mapped)).toEqual(['status ->new', 'satisfaction', 'status new>hold']);
    expect(mapped.events[1]).toMatchObject({
      ticketId: big,
      score: 'bad',
      assigneeId: '18014398509481985',
    });
    expect(ZendeskTicketSchema.safeParse({ id: 2 ** 53 + 2 }).error?.issues[0]?.message).toMatch(
      /numeric strings/,
    );
  });

  it('refuses an audit of another ticket', () => {
    expect(() => history(ticket(), [audit(1, 0, END_USER, [], 1002)])).toThrow(
      /audit 1 belongs to ticket 1002/,
    );
  });
});
