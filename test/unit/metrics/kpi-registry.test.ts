import { describe, expect, it } from 'vitest';
import {
  KPI_IDS,
  KPI_REGISTRY,
  kpiSpec,
  ticketDayInstant,
  type KpiId,
} from '../../../src/metrics/kpi-registry.js';
import { computeTicketMetrics } from '../../../src/metrics/ticket-metrics.js';
import { ticketValue } from '../../../src/services/kpi/ticket-values.js';
import { KPI_CATALOG } from '../../../src/services/kpi/catalog.js';
import { timelineTR } from '../../support/timeline-builder.js';

// The definitions adopted in docs/metrics.md, written out by hand: the registry must say the same.
const EXPECTED: Record<KpiId, [string, string, string, string, string]> = {
  first_resolution: ['seconds', 'lower_is_better', 'median', 'relative', 'first_solve'],
  full_resolution: ['seconds', 'lower_is_better', 'median', 'relative', 'last_solve'],
  first_reply: ['seconds', 'lower_is_better', 'median', 'relative', 'first_reply'],
  requester_wait: ['seconds', 'lower_is_better', 'median', 'relative', 'last_solve'],
  reopen_rate: ['fraction', 'lower_is_better', 'rate', 'absolute', 'last_solve'],
  aht: ['seconds', 'lower_is_better', 'mean', 'relative', 'last_solve'],
  ces: ['score', 'higher_is_better', 'mean', 'relative', 'survey_answer'],
  csat: ['fraction', 'higher_is_better', 'rate', 'absolute', 'last_solve'],
  nps: ['score', 'higher_is_better', 'score', 'absolute', 'survey_answer'],
  one_touch: ['fraction', 'higher_is_better', 'rate', 'absolute', 'last_solve'],
  sla_attainment: ['fraction', 'higher_is_better', 'rate', 'absolute', 'sla_decision'],
  backlog: ['count', 'lower_is_better', 'latest', 'relative', 'day_end'],
  ticket_volume: ['count', 'lower_is_better', 'mean', 'relative', 'created'],
  resolution_rate: ['fraction', 'higher_is_better', 'rate', 'absolute', 'last_solve'],
  interactions_per_ticket: ['count', 'lower_is_better', 'mean', 'relative', 'last_solve'],
};

describe('KPI registry', () => {
  it.each(KPI_IDS.map((id) => [id]))('%s has its adopted definition', (id) => {
    const s = kpiSpec(id);
    expect([s.unit, s.direction, s.headline, s.changeKind, s.day]).toEqual(EXPECTED[id]);
  });

  it('lists every KPI once, and the board catalog follows it', () => {
    expect(KPI_REGISTRY.map((s) => s.id)).toEqual([...KPI_IDS]);
    for (const def of KPI_CATALOG) expect(def).toMatchObject(kpiSpec(def.kpi));
  });

  it('lets business hours change durations measured on a schedule only', () => {
    const withBusiness = KPI_REGISTRY.filter((s) => s.display.businessHours).map((s) => s.id);
    expect(withBusiness).toEqual([
      'first_resolution',
      'full_resolution',
      'first_reply',
      'requester_wait',
    ]);
  });

  it('shows CES on its 1–7 scale, NPS on −100…100 and backlog as whole tickets', () => {
    expect(kpiSpec('ces').display).toMatchObject({ decimals: 2, scale: { min: 1, max: 7 } });
    expect(kpiSpec('nps').display).toMatchObject({ decimals: 0, scale: { min: -100, max: 100 } });
    expect(kpiSpec('backlog').display).toMatchObject({ decimals: 0, countOf: 'days' });
  });
});

describe('ticketDayInstant', () => {
  // Timeline T-R (metrics.md §2(d)): D1 09:20 first reply, D1 11:00 first solve, D2 12:00 last solve.
  const m = computeTicketMetrics(timelineTR(), {
    now: Date.parse('2024-03-20T00:00:00Z'),
    calendars: { defaultCalendar: null, byId: new Map() },
  });

  it.each([
    ['first_reply', m.explanation.firstReply?.to],
    ['first_resolution', m.firstSolvedAt],
    ['full_resolution', m.lastSolvedAt],
    ['aht', m.lastSolvedAt],
    ['csat', m.lastSolvedAt],
  ] as const)('buckets %s on its rule, the instant the drill-down lists', (kpi, want) => {
    expect(ticketDayInstant(kpi, m)).toBe(want);
    const listed = ticketValue(kpi, m, false);
    if (listed !== null) expect(listed.at).toBe(want);
  });

  it('refuses KPIs bucketed per answer, SLA instance or day end', () => {
    for (const kpi of ['ces', 'nps', 'sla_attainment', 'backlog'] as const)
      expect(() => ticketDayInstant(kpi, m)).toThrow(RangeError);
  });
});
