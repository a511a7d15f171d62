import { describe, expect, it } from 'vitest';
import { explainView } from '../../../plugin/src/explain/explain-view.js';
import { createTranslator } from '../../../plugin/src/i18n.js';
import type { Explanation } from '../../../plugin/src/types.js';
import { makeDocument, text } from './dom-fixture.js';

const HOSTILE = '<img src=x onerror="alert(1)">';
const base = { ticketId: '9', actorId: '900' };
const clock = (calendar: number | null, business: number | null) => ({ calendar, business });

// Created Friday 1 March 2024 09:00 UTC, replied 10:15, solved 11:00 (New York hours, in UTC).
const explanation: Explanation = {
  ticketId: '9',
  metrics: {
    status: 'solved',
    firstReply: clock(4500, 4500),
    firstResolution: clock(7200, 3600),
    fullResolution: clock(7200, 3600),
    requesterWait: clock(7200, 3600),
  },
  computedAt: '2024-03-01T12:00:00.000Z',
  explanation: {
    scheduleIds: ['s1'],
    firstReply: {
      fromEventId: '1',
      toEventId: '2',
      from: '2024-03-01T09:00:00.000Z',
      to: '2024-03-01T10:15:00.000Z',
    },
    customerFirstReply: null,
    firstResolution: {
      fromEventId: '1',
      toEventId: '3',
      from: '2024-03-01T09:00:00.000Z',
      to: '2024-03-01T11:00:00.000Z',
    },
    fullResolution: null,
    statusSegments: [],
  },
  events: [
    {
      ...base,
      id: '1',
      at: '2024-03-01T09:00:00.000Z',
      type: 'status_change',
      from: null,
      to: 'new',
    },
    {
      ...base,
      id: '2',
      at: '2024-03-01T10:15:00.000Z',
      type: 'comment',
      public: true,
      authorId: '900',
      authorKind: 'agent',
      channel: 'web',
      isCreating: false,
    },
    {
      ...base,
      id: '4',
      at: '2024-03-01T10:30:00.000Z',
      type: 'assignee_change',
      from: '900',
      to: '901',
    },
    {
      ...base,
      id: '3',
      at: '2024-03-01T11:00:00.000Z',
      type: 'status_change',
      from: 'new',
      to: 'solved',
    },
  ],
  handleTimeEntries: [],
  schedules: [
    {
      id: 's1',
      name: 'New York office',
      timeZone: 'America/New_York',
      intervals: [],
      holidays: [],
    },
  ],
  people: [
    { id: '900', name: 'Sam Agent' },
    { id: '901', name: HOSTILE },
  ],
  organization: { id: '601', name: 'Acme S.p.A.' },
  groups: [],
  brand: null,
  definitionsUrl: 'docs/metrics.md',
};

describe('explain view', () => {
  it('reads as a timeline: formulas on the named schedule, events with names, definitions', () => {
    const el = explainView(makeDocument(), createTranslator('en'), explanation);
    expect(el.querySelector('img')).toBeNull();
    expect(text(el.querySelector('.dp-explain-schedule'))).toBe(
      'Business hours: New York office (America/New_York) · Acme S.p.A.',
    );
    expect([...el.querySelectorAll('.dp-formula')].map((f) => text(f))).toEqual([
      'First reply time = Mar 1, 2024, 10:15 AM − Mar 1, 2024, 9:00 AM = 1 h 15 min · on New York office hours: 1 h 15 min',
      'First resolution time = Mar 1, 2024, 11:00 AM − Mar 1, 2024, 9:00 AM = 2 h · on New York office hours: 1 h',
      'Requester wait time = time in New, Open and On-hold = 2 h · on New York office hours: 1 h',
    ]);
    expect([...el.querySelectorAll('.dp-event')].map((x) => text(x))).toEqual([
      'Created as new by Sam Agent',
      'Public reply by Sam Agent',
      `Reassigned from Sam Agent to ${HOSTILE} by Sam Agent`,
      'Status new → solved by Sam Agent',
    ]);
    expect(text(el)).not.toMatch(/\b900\b/);
    expect(text(el.querySelector('.dp-definitions'))).toBe(
      'How each value is defined: docs/metrics.md',
    );
  });

  it('speaks Italian, with Italian dates', () => {
    const el = explainView(makeDocument(), createTranslator('it'), explanation);
    expect(text(el.querySelector('h3'))).toBe('Perché il ticket #9 ha questi numeri');
    expect(text(el.querySelector('.dp-event'))).toBe('Creato come nuovo da Sam Agent');
    expect(text(el.querySelector('time'))).toBe('1 mar 2024, 09:00');
    expect(text(el.querySelector('.dp-explain-schedule'))).toContain('Orario lavorativo: New York');
  });

  it('names an unknown user by id and says when there is no schedule', () => {
    const el = explainView(makeDocument(), createTranslator('en'), {
      ...explanation,
      people: [],
      schedules: [],
      explanation: null,
    });
    expect(text(el.querySelector('.dp-event'))).toBe('Created as new by user 900');
    expect(text(el)).toContain('No business-hours schedule: calendar time only.');
  });
});
