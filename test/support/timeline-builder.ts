import type {
  Schedule,
  SurveyResponse,
  Ticket,
  TicketEvent,
  TicketStatus,
} from '../../src/domain/index.js';
import type { EffortInputs } from '../../src/metrics/effort.js';
import type { TicketTimeline } from '../../src/metrics/ticket-metrics.js';

/** Epoch ms of an ISO instant with offset, e.g. `2024-03-04T16:30:00-05:00`. */
export function ms(iso: string): number {
  const value = Date.parse(iso);
  if (Number.isNaN(value)) throw new Error(`bad instant ${iso}`);
  return value;
}

export const minutes = (n: number): number => n * 60;

type Step =
  | { kind: 'customer' | 'agent' | 'note'; at: string; channel?: string; author?: string }
  | { kind: 'status'; at: string; to: TicketStatus }
  | { kind: 'assign' | 'group'; at: string; from: string | null; to: string }
  | { kind: 'time'; at: string; agent: string; seconds: number }
  | { kind: 'csat'; at: string; score: 'offered' | 'good' | 'bad' }
  | { kind: 'ces'; at: string; value: number };

/**
 * Builds a normalised ticket timeline from terse steps, the way the worked examples in
 * metrics.md read ("09:20 agent public reply → pending").
 */
export class TimelineBuilder {
  private readonly steps: Step[] = [];
  private readonly ticket: Ticket;

  constructor(
    id: string,
    createdAt: string,
    options: {
      by?: 'customer' | 'agent';
      firstComment?: 'public' | 'private' | 'none';
      scheduleId?: string;
      requesterId?: string;
      channel?: string;
    } = {},
  ) {
    const by = options.by ?? 'customer';
    this.ticket = {
      id,
      status: 'new',
      subject: `Ticket ${id}`,
      channel: options.channel ?? 'email',
      requesterId: options.requesterId ?? 'customer-1',
      submitterId: by === 'customer' ? (options.requesterId ?? 'customer-1') : 'agent-1',
      organizationId: null,
      assigneeId: null,
      groupId: null,
      brandId: null,
      priority: 'normal',
      tags: [],
      customFields: {},
      createdAt: ms(createdAt),
      updatedAt: ms(createdAt),
      scheduleId: options.scheduleId ?? null,
    };
    this.creatingComment = options.firstComment ?? 'public';
    this.createdBy = by;
  }

  private readonly creatingComment: 'public' | 'private' | 'none';
  private readonly createdBy: 'customer' | 'agent';

  customer(at: string, channel?: string): this {
    return this.push(
      channel === undefined ? { kind: 'customer', at } : { kind: 'customer', at, channel },
    );
  }
  agent(at: string, author = 'agent-1'): this {
    return this.push({ kind: 'agent', at, author });
  }
  note(at: string): this {
    return this.push({ kind: 'note', at });
  }
  status(at: string, to: TicketStatus): this {
    return this.push({ kind: 'status', at, to });
  }
  assign(at: string, from: string | null, to: string): this {
    return this.push({ kind: 'assign', at, from, to });
  }
  group(at: string, from: string | null, to: string): this {
    return this.push({ kind: 'group', at, from, to });
  }
  time(at: string, agent: string, seconds: number): this {
    return this.push({ kind: 'time', at, agent, seconds });
  }
  csat(at: string, score: 'offered' | 'good' | 'bad'): this {
    return this.push({ kind: 'csat', at, score });
  }
  ces(at: string, value: number): this {
    return this.push({ kind: 'ces', at, value });
  }

  build(): TicketTimeline {
    const t = this.ticket;
    let n = 0;
    const base = (at: number) => ({
      id: `${t.id}-e${String(++n)}`,
      ticketId: t.id,
      at,
      actorId: null,
    });
    const events: TicketEvent[] = [
      { ...base(t.createdAt), type: 'status_change', from: null, to: 'new' },
    ];
    if (this.creatingComment !== 'none') {
      const customer = this.createdBy === 'customer';
      events.push({
        ...base(t.createdAt),
        type: 'comment',
        public: this.creatingComment === 'public',
        authorId: customer ? t.requesterId : 'agent-1',
        authorKind: customer ? 'end_user' : 'agent',
        channel: t.channel,
        isCreating: true,
      });
    }
    let status: TicketStatus = 'new';
    for (const step of this.steps)
      events.push(
        this.toEvent(
          step,
          base(ms(step.at)),
          () => status,
          (s) => (status = s),
        ),
      );
    const last = events.at(-1);
    return { ticket: { ...t, status, updatedAt: last?.at ?? t.createdAt }, events };
  }

  private toEvent(
    step: Step,
    base: { id: string; ticketId: string; at: number; actorId: null },
    current: () => TicketStatus,
    setStatus: (s: TicketStatus) => void,
  ): TicketEvent {
    switch (step.kind) {
      case 'customer':
        return {
          ...base,
          type: 'comment',
          public: true,
          authorId: this.ticket.requesterId,
          authorKind: 'end_user',
          channel: step.channel ?? this.ticket.channel,
          isCreating: false,
        };
      case 'agent':
        return {
          ...base,
          type: 'comment',
          public: true,
          authorId: step.author ?? 'agent-1',
          authorKind: 'agent',
          channel: 'web',
          isCreating: false,
        };
      case 'note':
        return {
          ...base,
          type: 'comment',
          public: false,
          authorId: 'agent-1',
          authorKind: 'agent',
          channel: 'web',
          isCreating: false,
        };
      case 'status': {
        const from = current();
        setStatus(step.to);
        return { ...base, type: 'status_change', from, to: step.to };
      }
      case 'assign':
        return { ...base, type: 'assignee_change', from: step.from, to: step.to };
      case 'group':
        return { ...base, type: 'group_change', from: step.from, to: step.to };
      case 'time':
        return {
          ...base,
          type: 'handle_time',
          agentId: step.agent,
          seconds: step.seconds,
          source: 'time_tracking_field',
        };
      case 'csat':
        return { ...base, type: 'satisfaction', score: step.score, assigneeId: null };
      case 'ces':
        return {
          ...base,
          type: 'survey_answer',
          response: cesResponse(this.ticket.id, base.at, step.value),
        };
    }
  }

  private push(step: Step): this {
    this.steps.push(step);
    return this;
  }
}

export function cesResponse(ticketId: string, at: number, value: number): SurveyResponse {
  return {
    id: `ces-${ticketId}-${String(at)}`,
    ticketId,
    requesterId: 'customer-1',
    kind: 'ces',
    surveyId: 'test',
    questionId: 'effort',
    scaleMin: 1,
    scaleMax: 7,
    direction: 'higher_is_better',
    value,
    respondedAt: at,
  };
}

/** America/New_York, Monday–Friday 09:00–17:00 (Zendesk minutes from Sunday 00:00). */
export function newYorkOfficeHours(holidays: Schedule['holidays'] = []): Schedule {
  const intervals = [1, 2, 3, 4, 5].map((day) => ({
    startMinute: day * 1440 + 540,
    endMinute: day * 1440 + 1020,
  }));
  return { id: 'ny-9-17', name: 'NY office', timeZone: 'America/New_York', intervals, holidays };
}

/** Effort inputs of a ticket with no friction at all (every driver 0). */
export const noFriction: EffortInputs = {
  customerFollowUps: 0,
  reopens: 0,
  handoffs: 0,
  requesterWaitHours: 0,
  channelSwitches: 0,
  repeatContacts: 0,
};

/** The T-R timeline of metrics.md §2(d), in UTC, D1 = Monday 2024-03-04. */
export function timelineTR(options: { requesterId?: string } = {}): TicketTimeline {
  return new TimelineBuilder('T-R', '2024-03-04T09:00:00Z', options)
    .agent('2024-03-04T09:20:00Z')
    .status('2024-03-04T09:20:00Z', 'pending')
    .customer('2024-03-04T10:00:00Z')
    .status('2024-03-04T10:00:00Z', 'open')
    .agent('2024-03-04T11:00:00Z')
    .status('2024-03-04T11:00:00Z', 'solved')
    .customer('2024-03-05T10:00:00Z')
    .status('2024-03-05T10:00:00Z', 'open')
    .agent('2024-03-05T10:30:00Z')
    .status('2024-03-05T10:30:00Z', 'pending')
    .status('2024-03-05T12:00:00Z', 'solved')
    .status('2024-03-09T12:00:00Z', 'closed')
    .build();
}
