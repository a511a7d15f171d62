import { describe, expect, it } from 'vitest';
import type { SlaPolicy } from '../../../src/domain/index.js';
import { createBusinessCalendar } from '../../../src/metrics/business-calendar.js';
import { evaluateSla, slaAttainment, slaOutcome } from '../../../src/metrics/sla.js';
import type { CalendarSet } from '../../../src/metrics/ticket-clock.js';
import { computeTicketMetrics } from '../../../src/metrics/ticket-metrics.js';
import { TimelineBuilder, ms, newYorkOfficeHours } from '../../support/timeline-builder.js';

const ny = createBusinessCalendar(newYorkOfficeHours());
const calendars: CalendarSet = { defaultCalendar: ny, byId: new Map() };
const frt60: SlaPolicy = {
  id: 'p',
  name: 'FRT 1h',
  targets: [
    { metric: 'first_reply_time', priority: null, targetSeconds: 3600, businessHours: true },
  ],
};

function evaluate(builder: TimelineBuilder, now: string, policy = frt60) {
  const metrics = computeTicketMetrics(builder.build(), { now: ms(now), calendars });
  return evaluateSla(metrics, 'normal', policy, ny, ms(now));
}

describe('SLA attainment (metrics.md §11(d))', () => {
  const now = '2024-03-06T09:00:00-05:00';
  const t1 = evaluate(
    new TimelineBuilder('T1', '2024-03-04T16:30:00-05:00').agent('2024-03-05T09:45:00-05:00'),
    now,
  );
  const t2 = evaluate(
    new TimelineBuilder('T2', '2024-03-04T10:00:00-05:00').agent('2024-03-04T10:40:00-05:00'),
    now,
  );
  const t3 = evaluate(new TimelineBuilder('T3', '2024-03-05T16:50:00-05:00'), now);

  it.each([
    ['T1 breached at Tue 09:30', t1, 'breached', '2024-03-05T09:30:00-05:00'],
    ['T2 achieved', t2, 'achieved', '2024-03-04T11:00:00-05:00'],
    ['T3 still active', t3, 'active', '2024-03-06T09:50:00-05:00'],
  ])('%s', (_name, instances, state, breachAt) => {
    expect(instances).toHaveLength(1);
    expect(instances[0]?.state).toBe(state);
    expect(instances[0]?.breachAt).toBe(ms(breachAt));
  });

  it('attainment = 1 / 2 = 50% (active instances excluded)', () => {
    expect(slaAttainment([...t1, ...t2, ...t3]).first_reply_time?.rate).toBe(0.5);
  });

  it('a solve with no reply fulfils a first-reply target', () => {
    const [instance] = evaluate(
      new TimelineBuilder('S', '2024-03-04T10:00:00-05:00').status(
        '2024-03-04T10:20:00-05:00',
        'solved',
      ),
      now,
    );
    expect(instance?.state).toBe('achieved');
  });

  it('requester wait pauses while pending', () => {
    const policy: SlaPolicy = {
      id: 'rw',
      name: 'RW',
      targets: [
        {
          metric: 'requester_wait_time',
          priority: null,
          targetSeconds: 3600,
          businessHours: false,
        },
      ],
    };
    const b = new TimelineBuilder('W', '2024-03-04T10:00:00Z')
      .status('2024-03-04T10:30:00Z', 'pending')
      .status('2024-03-04T15:00:00Z', 'open');
    const [instance] = evaluate(b, '2024-03-04T15:10:00Z', policy);
    expect(instance?.state).toBe('active');
    expect(instance?.breachAt).toBe(ms('2024-03-04T15:30:00Z'));
    const [paused] = evaluate(
      new TimelineBuilder('P', '2024-03-04T10:00:00Z').status('2024-03-04T10:30:00Z', 'pending'),
      '2024-03-04T15:10:00Z',
      policy,
    );
    expect(paused?.state).toBe('paused');
  });

  it('a priority-specific target wins over the catch-all one', () => {
    const policy: SlaPolicy = {
      id: 'pp',
      name: 'by priority',
      targets: [
        {
          metric: 'full_resolution_time',
          priority: null,
          targetSeconds: 86_400,
          businessHours: false,
        },
        {
          metric: 'full_resolution_time',
          priority: 'normal',
          targetSeconds: 600,
          businessHours: false,
        },
      ],
    };
    const [instance] = evaluate(
      new TimelineBuilder('R', '2024-03-04T10:00:00Z').status('2024-03-04T11:00:00Z', 'solved'),
      '2024-03-05T00:00:00Z',
      policy,
    );
    expect(instance?.targetSeconds).toBe(600);
    expect(instance?.state).toBe('breached');
  });
});

describe('slaOutcome: stored instance times judged at a later instant', () => {
  const metric = 'first_reply_time' as const;
  const cases: [string, number | null, number | null, number, unknown][] = [
    [
      'fulfilled before the breach: achieved at the fulfilment',
      100,
      50,
      200,
      { achieved: true, at: 50 },
    ],
    ['fulfilled exactly at the breach: achieved', 100, 100, 200, { achieved: true, at: 100 }],
    [
      'fulfilled after the breach: breached at the breach',
      100,
      150,
      200,
      { achieved: false, at: 100 },
    ],
    ['unfulfilled, breach passed: breached', 100, null, 100, { achieved: false, at: 100 }],
    ['unfulfilled, breach ahead: no outcome yet', 100, null, 99, null],
    ['paused (no breach instant), unfulfilled: no outcome', null, null, 500, null],
    ['no breach instant, fulfilled: achieved', null, 40, 500, { achieved: true, at: 40 }],
  ];
  it.each(cases)('%s', (_name, breachAt, fulfilledAt, asOf, expected) => {
    const outcome = slaOutcome({ metric, breachAt, fulfilledAt }, asOf);
    expect(outcome).toEqual(expected === null ? null : { metric, ...(expected as object) });
  });
});
